/**
 * Applies Settings › Appearance to the page: `data-theme` (light or dark; "system" follows the
 * device's colour scheme and changes with it, for a dim kitchen at 6 a.m.) and `data-text-size`
 * on <html>; the CSS in styles/appearance.css does the rest.
 */
import { useEffect, useSyncExternalStore } from 'react'
import type { ThemeChoice } from '../stores/preferences-slice'
import { useUiStore } from '../stores/ui-store'

const DARK_QUERY = '(prefers-color-scheme: dark)'

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  if (choice === 'system') return systemDark ? 'dark' : 'light'
  return choice
}

function subscribeToSystemScheme(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY)
  query.addEventListener('change', onChange)
  return () => query.removeEventListener('change', onChange)
}

function systemPrefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches
}

/** Keep <html>'s theme and text size equal to the stored preferences (and the system's scheme). */
export function useApplyAppearance(): void {
  const theme = useUiStore((state) => state.theme)
  const textSize = useUiStore((state) => state.textSize)
  const systemDark = useSyncExternalStore(subscribeToSystemScheme, systemPrefersDark)
  const resolved = resolveTheme(theme, systemDark)
  useEffect(() => {
    const root = document.documentElement
    root.dataset.theme = resolved
    root.dataset.textSize = String(textSize)
  }, [resolved, textSize])
}
