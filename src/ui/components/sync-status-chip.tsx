/**
 * The sync indicator shown on every screen: an exhaustive switch over the sync phase, with the
 * number of actions waiting, on error the reason (a clock ahead in minutes) and, on a new tablet,
 * how far past events have come; also the words Settings shows for a failure, the clock offset
 * and that progress. Tapping it opens Settings.
 */
import { useStore } from 'zustand'
import {
  syncStatusStore,
  type BackgroundSync,
  type SyncFailureReason,
  type SyncStatus,
} from '../../sync/status-store'

function assertNever(value: never): never {
  throw new Error(`Unhandled sync phase: ${String(value)}`)
}

export function describeSyncStatus(status: SyncStatus): {
  label: string
  tone: 'muted' | 'busy' | 'ok' | 'warn'
} {
  const waiting = status.waiting > 0 ? ` · ${status.waiting} waiting` : ''
  const phase = status.phase
  // A new tablet is usable while later events still arrive: say which, and how far they have come.
  if (status.history?.stage === 'upcoming' && (phase === 'syncing' || phase === 'up-to-date'))
    return { label: `Upcoming events arriving…${waiting}`, tone: 'busy' }
  if (status.history && (phase === 'syncing' || phase === 'up-to-date'))
    return { label: `Past events ${historyPercent(status.history)} %${waiting}`, tone: 'busy' }
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
      if (status.reason === 'device-removed')
        return { label: `Removed from the space${waiting}`, tone: 'warn' }
      if (status.reason === 'clock-ahead' && status.clockAheadMinutes !== null)
        return { label: `Clock ${status.clockAheadMinutes} min ahead${waiting}`, tone: 'warn' }
      return { label: `Sync problem${waiting}`, tone: 'warn' }
    default:
      return assertNever(phase)
  }
}

const REASON_TEXT: Record<SyncFailureReason, string> = {
  offline: 'The server cannot be reached. Changes wait on this tablet and go out when it can.',
  unauthorized: 'The server no longer accepts this space. Join again with a fresh join code.',
  'device-removed':
    'This tablet was removed from the space on another tablet. Everything on it stays here; to sync again, join with a new invitation from a tablet in the space.',
  'unsupported-protocol':
    'This app and the server are different versions. Update the app or the server.',
  'server-error': 'The server had a problem. It will be tried again automatically.',
  'bad-response': 'The server sent something this app does not understand.',
  rejected: 'The server refused the changes.',
  'clock-ahead':
    "This tablet's clock is ahead. Correct the date and time; the changes wait and go out once it is right.",
}

/** Why sync stopped, in the cook's words. */
export function describeSyncProblem(status: SyncStatus): string | null {
  if (!status.reason) return null
  if (status.reason === 'clock-ahead' && status.clockAheadMinutes !== null) {
    const minutes =
      status.clockAheadMinutes === 1 ? '1 minute' : `${status.clockAheadMinutes} minutes`
    return `This tablet's clock is ${minutes} ahead — correct the date and time. Changes wait on this tablet and go out once the clock is right.`
  }
  return REASON_TEXT[status.reason]
}

function historyPercent(history: BackgroundSync): number {
  return history.total > 0 ? Math.min(99, Math.floor((history.done / history.total) * 100)) : 0
}

const figure = new Intl.NumberFormat('en')

/** How far later events have come to a new tablet, in words (Settings); null when all are in. */
export function describeHistoryProgress(history: SyncStatus['history']): string | null {
  if (!history) return null
  if (history.stage === 'upcoming')
    return 'Upcoming events are arriving; past events follow — the tablet can be used meanwhile'
  if (history.total === 0) return 'Starting…'
  return `${figure.format(history.done)} of ${figure.format(history.total)} records (${historyPercent(history)} %) — the tablet can be used meanwhile`
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
  const status = useStore(syncStatusStore)
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
