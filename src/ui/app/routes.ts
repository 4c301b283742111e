/**
 * The app's addresses: which screen, event and tab a path names, and the path of each place.
 * The address is the source of truth for where the baker is (Back, bookmarks, reload); every
 * path `pathFor` makes parses back to the same place, and anything else falls back to Today.
 */

export type Screen = 'today' | 'event' | 'catalogue' | 'recipients' | 'settings'
export type EventTab = 'plan' | 'make' | 'deliver' | 'costs'
export type CatalogueTab =
  'ingredients' | 'recipes' | 'finishedUnits' | 'finishedGoods' | 'packages'

export type Place =
  | { screen: 'today' }
  | { screen: 'event'; eventId: string; tab: EventTab | null }
  | { screen: 'catalogue'; tab: CatalogueTab | null }
  | { screen: 'recipients' }
  | { screen: 'settings' }

export const EVENT_TABS: readonly EventTab[] = ['plan', 'make', 'deliver', 'costs']

/** Catalogue tabs as they read in the address (kebab-case, the words on the tab). */
const CATALOGUE_SLUGS: Record<CatalogueTab, string> = {
  recipes: 'recipes',
  ingredients: 'ingredients',
  finishedUnits: 'baked-items',
  finishedGoods: 'finished-goods',
  packages: 'packages',
}

function catalogueTabFromSlug(slug: string): CatalogueTab | undefined {
  return (Object.keys(CATALOGUE_SLUGS) as CatalogueTab[]).find(
    (tab) => CATALOGUE_SLUGS[tab] === slug,
  )
}

function isEventTab(value: string): value is EventTab {
  return (EVENT_TABS as readonly string[]).includes(value)
}

/** The path of a place; a place without a tab gets the bare path (the app then picks the tab). */
export function pathFor(place: Place): string {
  switch (place.screen) {
    case 'today':
      return '/'
    case 'event': {
      const base = `/events/${encodeURIComponent(place.eventId)}`
      return place.tab ? `${base}/${place.tab}` : base
    }
    case 'catalogue':
      return place.tab ? `/catalogue/${CATALOGUE_SLUGS[place.tab]}` : '/catalogue'
    case 'recipients':
      return '/recipients'
    case 'settings':
      return '/settings'
  }
}

/** The place a path names, or null for an address the app does not know. */
export function placeFromPath(path: string): Place | null {
  const parts = path.split('/').filter((part) => part !== '')
  const [first, second, third, ...rest] = parts
  if (rest.length > 0) return null
  if (first === undefined) return { screen: 'today' }
  if (first === 'recipients' && second === undefined) return { screen: 'recipients' }
  if (first === 'settings' && second === undefined) return { screen: 'settings' }
  if (first === 'catalogue' && third === undefined) {
    if (second === undefined) return { screen: 'catalogue', tab: null }
    const tab = catalogueTabFromSlug(second)
    return tab ? { screen: 'catalogue', tab } : null
  }
  if (first === 'events' && second !== undefined) {
    let eventId: string
    try {
      eventId = decodeURIComponent(second)
    } catch {
      return null
    }
    if (third === undefined) return { screen: 'event', eventId, tab: null }
    return isEventTab(third) ? { screen: 'event', eventId, tab: third } : null
  }
  return null
}

/** The event's printouts: each has an address of its own, outside the app's screens and tabs. */
export type PrintSheet = 'run-sheet' | 'labels' | 'shopping'
export type PrintPlace = { eventId: string; sheet: PrintSheet }
export const PRINT_SHEETS: readonly PrintSheet[] = ['run-sheet', 'labels', 'shopping']

export function printPathFor(place: PrintPlace): string {
  return `/events/${encodeURIComponent(place.eventId)}/print/${place.sheet}`
}

/** The printout a path names (`/events/<id>/print/<sheet>`), or null. */
export function printPlaceFromPath(path: string): PrintPlace | null {
  const [first, second, third, fourth, ...rest] = path.split('/').filter((part) => part !== '')
  if (first !== 'events' || second === undefined || third !== 'print' || rest.length > 0)
    return null
  const sheet = PRINT_SHEETS.find((candidate) => candidate === fourth)
  if (!sheet) return null
  try {
    return { eventId: decodeURIComponent(second), sheet }
  } catch {
    return null
  }
}

/**
 * The Deliver tab opened on one package's card (a packing label's QR code): the card scrolls into
 * view and takes the focus.
 */
export function deliverCardPath(eventId: string, assignmentId: string): string {
  return `${pathFor({ screen: 'event', eventId, tab: 'deliver' })}?assignment=${encodeURIComponent(assignmentId)}`
}
