/**
 * The UI's one zustand store (UI state only, never copies of database rows: live queries are the
 * cache), made of the navigation and preferences slices. Persisted to localStorage with a version
 * and a migrate step; `partialize` keeps only what must survive a reload.
 */
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { createNavigationSlice, initialNavigation, type NavigationSlice } from './navigation-slice'
import {
  CURRENCY_SYMBOLS,
  createPreferencesSlice,
  initialPreferences,
  TEXT_SIZES,
  type PreferencesSlice,
} from './preferences-slice'

export type UiState = NavigationSlice & PreferencesSlice

export const UI_STORE_KEY = 'bake-tracker-ui'

/** Stored preferences another version (or a hand edit) left unusable fall back to the defaults. */
function validPreferences(persisted: Partial<UiState>): Partial<UiState> {
  const valid: Partial<UiState> = { ...persisted }
  if (!['system', 'light', 'dark'].includes(valid.theme ?? 'system')) delete valid.theme
  if (valid.textSize !== undefined && !TEXT_SIZES.includes(valid.textSize)) delete valid.textSize
  if (valid.currencySymbol !== undefined && !CURRENCY_SYMBOLS.includes(valid.currencySymbol))
    delete valid.currencySymbol
  return valid
}

export const useUiStore = create<UiState>()(
  persist(
    (...args) => ({ ...createNavigationSlice(...args), ...createPreferencesSlice(...args) }),
    {
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
        sampleEventId: state.sampleEventId,
        theme: state.theme,
        textSize: state.textSize,
        currencySymbol: state.currencySymbol,
      }),
      merge: (persisted, current) => ({
        ...current,
        ...validPreferences((persisted ?? {}) as Partial<UiState>),
      }),
      migrate: (persisted) => ({
        ...initialNavigation,
        ...initialPreferences,
        ...(persisted as Partial<UiState>),
      }),
    },
  ),
)

/** Back to the first screen and the default look (tests; "start over"). */
export function resetUiStore(): void {
  useUiStore.setState({ ...initialNavigation, ...initialPreferences })
}
