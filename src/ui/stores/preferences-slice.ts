/**
 * How the app looks on this device: colour scheme (following the system unless chosen), text size
 * and the currency symbol shown beside amounts. Device-local UI preferences, persisted with the
 * rest of the UI store; never synced and never part of a backup.
 */
import type { StateCreator } from 'zustand'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type TextSize = 100 | 125 | 150

export const TEXT_SIZES: readonly TextSize[] = [100, 125, 150]
/** '' shows amounts without a symbol. */
export const CURRENCY_SYMBOLS = ['', '$', '€', '£', '¥', 'CHF', 'kr'] as const
export type CurrencySymbol = (typeof CURRENCY_SYMBOLS)[number]

export type PreferencesSlice = {
  theme: ThemeChoice
  textSize: TextSize
  currencySymbol: CurrencySymbol
  setTheme: (theme: ThemeChoice) => void
  setTextSize: (size: TextSize) => void
  setCurrencySymbol: (symbol: CurrencySymbol) => void
}

export const initialPreferences = {
  theme: 'system' as ThemeChoice,
  textSize: 100 as TextSize,
  currencySymbol: '' as CurrencySymbol,
}

export const createPreferencesSlice: StateCreator<PreferencesSlice, [], [], PreferencesSlice> = (
  set,
) => ({
  ...initialPreferences,
  setTheme: (theme) => set({ theme }),
  setTextSize: (textSize) => set({ textSize }),
  setCurrencySymbol: (currencySymbol) => set({ currencySymbol }),
})
