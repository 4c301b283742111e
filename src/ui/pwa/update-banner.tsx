/**
 * The banner at the top of the app when a new version is ready or another tab upgraded the data:
 * one sentence and a big "Reload" button. Tapping it waits for running actions, then reloads.
 */
import { usePwaStore } from './pwa-store'
import './pwa.css'
import { reloadWhenIdle } from './start-pwa'

export function UpdateBanner() {
  const updateReady = usePwaStore((state) => state.updateReady)
  const otherTabUpgraded = usePwaStore((state) => state.otherTabUpgraded)
  const reloading = usePwaStore((state) => state.reloading)
  if (!updateReady && !otherTabUpgraded) return null
  const message = otherTabUpgraded ? 'Bake Tracker was updated in another tab' : 'Update available'
  return (
    <div className="update-banner" role="status" aria-label="Update">
      <span>{message}</span>
      <button
        type="button"
        className="button-primary"
        disabled={reloading}
        onClick={() => void reloadWhenIdle()}
      >
        {reloading ? 'Reloading…' : 'Reload'}
      </button>
    </div>
  )
}
