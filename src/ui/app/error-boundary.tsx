/**
 * Catches what a screen could not handle (a failed database open, a bug) and shows it instead of a
 * blank screen, with a way to try again.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react'

type Props = { children: ReactNode }
type State = { error: Error | null }

function describe(error: Error): string {
  switch (error.name) {
    case 'QuotaExceededError':
      return 'This tablet is out of storage space. Free some space, then try again. Nothing was half-saved.'
    case 'MissingAPIError':
    case 'InvalidStateError':
      return 'This browser does not allow saving data here (private mode?). Open Bake Tracker in a normal window.'
    case 'VersionError':
    case 'UpgradeError':
      return 'Bake Tracker was updated in another tab. Close the other tabs and reload.'
    default:
      return 'Something went wrong on this screen.'
  }
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Screen failed', error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <main className="screen" role="alert">
        <h1>Sorry</h1>
        <p>{describe(error)}</p>
        <p className="card-meta">{error.message}</p>
        <button
          type="button"
          className="button-primary"
          onClick={() => this.setState({ error: null })}
        >
          Try again
        </button>
      </main>
    )
  }
}
