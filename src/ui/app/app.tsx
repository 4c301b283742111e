/**
 * The application shell: the header with the main sections and the sync chip, then the screen the
 * address names (ui/app/routes.ts) inside its own error boundary, and the toasts. Every address
 * shown is copied into the persisted UI store, so the two never disagree.
 */
import { lazy, Suspense, useEffect } from 'react'
import { Redirect, useLocation } from 'wouter'
import { TodayScreen } from '../screens/today/today-screen'
import { SyncStatusChip } from '../components/sync-status-chip'
import { Toaster } from '../components/toaster'
import { useUiStore } from '../stores/ui-store'
import { useApplyAppearance } from './appearance'
import { ErrorBoundary } from './error-boundary'
import { pathFor, placeFromPath, printPlaceFromPath, type Place, type Screen } from './routes'

// Today is the first screen and ships in the entry chunk; every other screen is its own chunk,
// fetched when first shown (the service worker precaches them all, so offline they load too).
const EventScreen = lazy(() =>
  import('../screens/event/event-screen').then((m) => ({ default: m.EventScreen })),
)
const CatalogueScreen = lazy(() =>
  import('../screens/catalogue/catalogue-screen').then((m) => ({ default: m.CatalogueScreen })),
)
const RecipientsScreen = lazy(() =>
  import('../screens/recipients/recipients-screen').then((m) => ({ default: m.RecipientsScreen })),
)
const SettingsScreen = lazy(() =>
  import('../screens/settings/settings-screen').then((m) => ({ default: m.SettingsScreen })),
)
const PrintScreen = lazy(() =>
  import('../screens/print/print-screen').then((m) => ({ default: m.PrintScreen })),
)

const SECTIONS: { screen: Screen; label: string }[] = [
  { screen: 'today', label: 'Today' },
  { screen: 'catalogue', label: 'Catalogue' },
  { screen: 'recipients', label: 'Recipients' },
  { screen: 'settings', label: 'Settings' },
]

function CurrentScreen({ place, joinCode }: { place: Place; joinCode: string }) {
  const lastEventId = useUiStore((state) => state.eventId)
  const lastEventTab = useUiStore((state) => state.eventTab)
  const lastCatalogueTab = useUiStore((state) => state.catalogueTab)
  switch (place.screen) {
    case 'today':
      return <TodayScreen />
    case 'event':
      if (!place.tab) {
        // `/events/<id>` opens the tab the baker last had on that event, else Plan.
        const tab = lastEventId === place.eventId ? lastEventTab : 'plan'
        return <Redirect to={pathFor({ ...place, tab })} replace />
      }
      return <EventScreen eventId={place.eventId} tab={place.tab} />
    case 'catalogue':
      if (!place.tab) return <Redirect to={pathFor({ ...place, tab: lastCatalogueTab })} replace />
      return <CatalogueScreen tab={place.tab} />
    case 'recipients':
      return <RecipientsScreen />
    case 'settings':
      return <SettingsScreen joinCode={joinCode} />
  }
}

/** `joinCode`: the `#join=…` the app was opened with (main.tsx has already taken it out of the address). */
export function App({ joinCode = '' }: { joinCode?: string }) {
  const [path] = useLocation()
  const place = placeFromPath(path)
  const goTo = useUiStore((state) => state.goTo)
  const syncFromAddress = useUiStore((state) => state.syncFromAddress)
  useApplyAppearance()
  useEffect(() => {
    const shown = placeFromPath(path)
    if (shown) syncFromAddress(shown)
  }, [path, syncFromAddress])

  // A printout is paper: no header, navigation or toasts around it.
  const printPlace = place ? null : printPlaceFromPath(path)
  if (printPlace)
    return (
      <ErrorBoundary key={`print:${printPlace.eventId}`}>
        <Suspense fallback={<p className="screen-loading" aria-busy="true" />}>
          <PrintScreen place={printPlace} />
        </Suspense>
      </ErrorBoundary>
    )
  // An address the app does not know (an old bookmark, a typo) opens Today.
  if (!place) return <Redirect to="/" replace />
  const current = place.screen === 'event' ? 'today' : place.screen
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
      {/* A new boundary per screen (and per event), not per tab: a tab change keeps the header. */}
      <ErrorBoundary key={place.screen === 'event' ? `event:${place.eventId}` : place.screen}>
        <Suspense fallback={<p className="screen-loading" aria-busy="true" />}>
          <CurrentScreen place={place} joinCode={joinCode} />
        </Suspense>
      </ErrorBoundary>
      <Toaster />
    </>
  )
}
