/** The application shell: header and the current screen, inside an error boundary. */
import { EventsScreen } from '../screens/events/events-screen'
import { ErrorBoundary } from './error-boundary'

export function App() {
  return (
    <>
      <header className="app-header">
        <span className="app-title">Bake Tracker</span>
      </header>
      <ErrorBoundary>
        <EventsScreen />
      </ErrorBoundary>
    </>
  )
}
