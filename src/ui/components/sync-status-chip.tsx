/**
 * The sync indicator shown on every screen: an exhaustive switch over the sync phase, with the
 * number of changes waiting and, on error, the reason. Tapping it opens Settings.
 */
import type { SyncStatus } from '../../sync/status-store'
import { useSyncStatus } from '../data/sync-connection'

function assertNever(value: never): never {
  throw new Error(`Unhandled sync phase: ${String(value)}`)
}

export function describeSyncStatus(status: SyncStatus): {
  label: string
  tone: 'muted' | 'busy' | 'ok' | 'warn'
} {
  const waiting = status.waiting > 0 ? ` · ${status.waiting} waiting` : ''
  const phase = status.phase
  switch (phase) {
    case 'disabled':
      return { label: 'On this tablet only', tone: 'muted' }
    case 'offline':
      return { label: `Offline${waiting}`, tone: 'warn' }
    case 'syncing':
      return { label: 'Syncing…', tone: 'busy' }
    case 'up-to-date':
      return { label: waiting ? `Synced${waiting}` : 'Up to date', tone: 'ok' }
    case 'error':
      if (status.reason === 'clock-ahead' && status.clockAheadMinutes !== null)
        return { label: `Clock ${status.clockAheadMinutes} min ahead${waiting}`, tone: 'warn' }
      return { label: `Sync problem${waiting}`, tone: 'warn' }
    default:
      return assertNever(phase)
  }
}

/** The offset of this tablet's clock from the server's, in words (Settings). */
export function describeClockOffset(offsetMs: number | null): string | null {
  if (offsetMs === null) return null
  const minutes = Math.round(Math.abs(offsetMs) / 60_000)
  if (minutes === 0) return 'Matches the server'
  const amount = minutes === 1 ? '1 minute' : `${minutes} minutes`
  return `${amount} ${offsetMs > 0 ? 'ahead of' : 'behind'} the server`
}

export function SyncStatusChip({ onOpen }: { onOpen: () => void }) {
  const status = useSyncStatus()
  const { label, tone } = describeSyncStatus(status)
  return (
    <button
      type="button"
      className={`sync-chip sync-${tone}`}
      onClick={onOpen}
      aria-label={`Sync: ${label}. Open settings`}
    >
      <span className="sync-dot" aria-hidden="true" />
      {label}
    </button>
  )
}
