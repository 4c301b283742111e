/**
 * The UI's one zustand store (UI state only, never copies of database rows: live queries are the
 * cache). Persisted to localStorage with a version and a migrate step; `partialize` keeps only
 * what must survive a reload.
 */
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { createNavigationSlice, initialNavigation, type NavigationSlice } from './navigation-slice'

export type UiState = NavigationSlice

export const UI_STORE_KEY = 'bake-tracker-ui'

export const useUiStore = create<UiState>()(
  persist((...args) => ({ ...createNavigationSlice(...args) }), {
    name: UI_STORE_KEY,
    version: 1,
    storage: createJSONStorage(() => localStorage),
    partialize: (state) => ({
      screen: state.screen,
      eventId: state.eventId,
      eventTab: state.eventTab,
      catalogueTab: state.catalogueTab,
      deliverFilter: state.deliverFilter,
      deliverSearch: state.deliverSearch,
      showPastEvents: state.showPastEvents,
      welcomeDismissed: state.welcomeDismissed,
    }),
    migrate: (persisted) => ({ ...initialNavigation, ...(persisted as Partial<UiState>) }),
  }),
)

/** Back to the first screen (tests; "start over"). */
export function resetUiStore(): void {
  useUiStore.setState({ ...initialNavigation })
}
