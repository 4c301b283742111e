/**
 * The application shell: the header with the main sections and the sync chip, then the current
 * screen (from the persisted UI store) inside its own error boundary, and the toasts.
 */
import { useEffect } from 'react'
import { CatalogueScreen } from '../screens/catalogue/catalogue-screen'
import { EventScreen } from '../screens/event/event-screen'
import { RecipientsScreen } from '../screens/recipients/recipients-screen'
import { SettingsScreen } from '../screens/settings/settings-screen'
import { TodayScreen } from '../screens/today/today-screen'
import { SyncStatusChip } from '../components/sync-status-chip'
import { Toaster } from '../components/toaster'
import { useUiStore, type UiState } from '../stores/ui-store'
import { ErrorBoundary } from './error-boundary'

const SECTIONS: { screen: UiState['screen']; label: string }[] = [
  { screen: 'today', label: 'Today' },
  { screen: 'catalogue', label: 'Catalogue' },
  { screen: 'recipients', label: 'Recipients' },
  { screen: 'settings', label: 'Settings' },
]

function readJoinCode(): string {
  const hash = window.location.hash
  return hash.startsWith('#join=') ? hash : ''
}

function CurrentScreen({ joinCode }: { joinCode: string }) {
  const screen = useUiStore((state) => state.screen)
  const eventId = useUiStore((state) => state.eventId)
  switch (screen) {
    case 'today':
      return <TodayScreen />
    case 'event':
      return eventId ? <EventScreen eventId={eventId} /> : <TodayScreen />
    case 'catalogue':
      return <CatalogueScreen />
    case 'recipients':
      return <RecipientsScreen />
    case 'settings':
      return <SettingsScreen joinCode={joinCode} />
  }
}

export function App() {
  const screen = useUiStore((state) => state.screen)
  const goTo = useUiStore((state) => state.goTo)
  const joinCode = readJoinCode()
  useEffect(() => {
    // A join link opens Settings with the code filled in.
    if (joinCode) goTo('settings')
  }, [joinCode, goTo])
  const current = screen === 'event' ? 'today' : screen
  return (
    <>
      <header className="app-header">
        <span className="app-title">Bake Tracker</span>
        <nav className="app-nav" aria-label="Main">
          {SECTIONS.map((section) => (
            <button
              key={section.screen}
              type="button"
              className="nav-button"
              aria-current={current === section.screen ? 'page' : undefined}
              onClick={() => goTo(section.screen)}
            >
              {section.label}
            </button>
          ))}
        </nav>
        <SyncStatusChip onOpen={() => goTo('settings')} />
      </header>
      <ErrorBoundary key={screen}>
        <CurrentScreen joinCode={joinCode} />
      </ErrorBoundary>
      <Toaster />
    </>
  )
}
