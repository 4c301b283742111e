/**
 * Where the baker is in the app: screen, current event and tab, Deliver filters. Persisted, so a
 * tablet that sleeps (or reloads for an update) comes back exactly where it was.
 */
import type { StateCreator } from 'zustand'
import type { PackageStatus } from '../../db/schema'

export type Screen = 'today' | 'event' | 'catalogue' | 'recipients' | 'settings'
export type EventTab = 'plan' | 'make' | 'deliver' | 'costs'
export type CatalogueTab =
  'ingredients' | 'recipes' | 'finishedUnits' | 'finishedGoods' | 'packages'
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
  dismissWelcome: () => void
  goTo: (screen: Screen) => void
  openEvent: (eventId: string, tab?: EventTab) => void
  setEventTab: (tab: EventTab) => void
  setCatalogueTab: (tab: CatalogueTab) => void
  setDeliverFilter: (filter: DeliverFilter) => void
  setDeliverSearch: (search: string) => void
  setShowPastEvents: (show: boolean) => void
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
}

export const createNavigationSlice: StateCreator<NavigationSlice, [], [], NavigationSlice> = (
  set,
) => ({
  ...initialNavigation,
  goTo: (screen) => set({ screen }),
  openEvent: (eventId, tab) =>
    set((state) => ({
      screen: 'event',
      eventId,
      eventTab: tab ?? (state.eventId === eventId ? state.eventTab : 'plan'),
      deliverSearch: state.eventId === eventId ? state.deliverSearch : '',
    })),
  setEventTab: (eventTab) => set({ eventTab }),
  setCatalogueTab: (catalogueTab) => set({ catalogueTab }),
  setDeliverFilter: (deliverFilter) => set({ deliverFilter }),
  setDeliverSearch: (deliverSearch) => set({ deliverSearch }),
  setShowPastEvents: (showPastEvents) => set({ showPastEvents }),
  dismissWelcome: () => set({ welcomeDismissed: true }),
})
