/**
 * Where the baker is in the app. The address is the source of truth for screen, event and tab
 * (ui/app/routes.ts): the actions below change the address, and the app copies every address it
 * shows back here (`syncFromAddress`), so the persisted copy always matches the address. What the
 * address does not hold (Deliver filters, past events, the last tab of each place) lives only here.
 */
import type { StateCreator } from 'zustand'
import { navigate } from 'wouter/use-browser-location'
import type { PackageStatus } from '../../db/schema'
import { pathFor, type CatalogueTab, type EventTab, type Place, type Screen } from '../app/routes'

export type { CatalogueTab, EventTab, Screen } from '../app/routes'
export type DeliverFilter = PackageStatus | 'all'

export type NavigationSlice = {
  screen: Screen
  eventId: string | null
  eventTab: EventTab
  catalogueTab: CatalogueTab
  deliverFilter: DeliverFilter
  deliverSearch: string
  showPastEvents: boolean
  /** The first-run welcome was answered ("Start empty" or a sample was created). */
  welcomeDismissed: boolean
  /** The sample event created on this device from the welcome panel, until it is removed. */
  sampleEventId: string | null
  dismissWelcome: () => void
  setSampleEventId: (eventId: string | null) => void
  goTo: (screen: Screen) => void
  openEvent: (eventId: string, tab?: EventTab) => void
  setEventTab: (tab: EventTab) => void
  setCatalogueTab: (tab: CatalogueTab) => void
  setDeliverFilter: (filter: DeliverFilter) => void
  setDeliverSearch: (search: string) => void
  setShowPastEvents: (show: boolean) => void
  /** The address changed (a tap, Back, forward, a link): remember the place it names. */
  syncFromAddress: (place: Place) => void
}

export const initialNavigation = {
  screen: 'today' as Screen,
  eventId: null,
  eventTab: 'plan' as EventTab,
  catalogueTab: 'recipes' as CatalogueTab,
  deliverFilter: 'all' as DeliverFilter,
  deliverSearch: '',
  showPastEvents: false,
  welcomeDismissed: false,
  sampleEventId: null as string | null,
}

/**
 * A new entry in the browser's history, so Back returns to where the baker was; tapping where the
 * baker already is adds none (Back would otherwise seem to do nothing).
 */
function go(place: Place): void {
  const path = pathFor(place)
  if (window.location.pathname !== path) navigate(path)
}

export const createNavigationSlice: StateCreator<NavigationSlice, [], [], NavigationSlice> = (
  set,
  get,
) => ({
  ...initialNavigation,
  goTo: (screen) => {
    const state = get()
    switch (screen) {
      case 'event':
        if (state.eventId) go({ screen, eventId: state.eventId, tab: state.eventTab })
        else go({ screen: 'today' })
        return
      case 'catalogue':
        go({ screen, tab: state.catalogueTab })
        return
      case 'today':
      case 'recipients':
      case 'settings':
        go({ screen })
        return
    }
  },
  openEvent: (eventId, tab) => {
    const state = get()
    go({
      screen: 'event',
      eventId,
      tab: tab ?? (state.eventId === eventId ? state.eventTab : 'plan'),
    })
  },
  setEventTab: (tab) => {
    const { eventId } = get()
    if (eventId) go({ screen: 'event', eventId, tab })
  },
  setCatalogueTab: (tab) => go({ screen: 'catalogue', tab }),
  syncFromAddress: (place) =>
    set((state) => {
      switch (place.screen) {
        case 'event':
          return {
            screen: 'event',
            eventId: place.eventId,
            eventTab: place.tab ?? state.eventTab,
            // A search typed for one event's recipients means nothing for another event.
            deliverSearch: state.eventId === place.eventId ? state.deliverSearch : '',
          }
        case 'catalogue':
          return { screen: 'catalogue', catalogueTab: place.tab ?? state.catalogueTab }
        case 'today':
        case 'recipients':
        case 'settings':
          return { screen: place.screen }
      }
    }),
  setDeliverFilter: (deliverFilter) => set({ deliverFilter }),
  setDeliverSearch: (deliverSearch) => set({ deliverSearch }),
  setShowPastEvents: (showPastEvents) => set({ showPastEvents }),
  dismissWelcome: () => set({ welcomeDismissed: true }),
  setSampleEventId: (sampleEventId) => set({ sampleEventId }),
})
