/**
 * The sync status the UI shows on every screen (a small vanilla zustand store: the engine writes
 * it outside React; the UI reads it with a hook, because src/sync may not import the UI).
 */
import { createStore } from 'zustand/vanilla'

export type SyncPhase = 'disabled' | 'offline' | 'syncing' | 'up-to-date' | 'error'

/** Why the last sync failed, in kebab-case (shown as words by the UI). */
export type SyncFailureReason =
  | 'offline'
  | 'unauthorized'
  | 'device-removed'
  | 'unsupported-protocol'
  | 'server-error'
  | 'bad-response'
  | 'rejected'
  | 'clock-ahead'

/** What a new tablet's first sync still brings after it is usable (sync/first-sync.ts). */
export type BackgroundSync = { stage: 'upcoming' | 'history'; done: number; total: number }

export type SyncStatus = {
  phase: SyncPhase
  reason: SyncFailureReason | null
  /** A short human-readable detail for `error` (e.g. the server's message). */
  detail: string | null
  lastSuccessAt: string | null
  /** Local changes not yet acknowledged by the server. */
  waiting: number
  /** A remote device's clock was more than a day ahead of this one. */
  clockDrift: boolean
  /**
   * How far this tablet's clock is ahead of the server's (negative: behind), in ms, as of the
   * last answer; null before one. With reason `clock-ahead`, pushes wait until it is right.
   */
  clockOffsetMs: number | null
  /** With reason `clock-ahead`: how many minutes this tablet's clock is ahead of the server's. */
  clockAheadMinutes: number | null
  /**
   * While a first sync still brings events in the background (sync/first-sync.ts): the later
   * upcoming events, then the past ones with rows applied of the total (0 before the first page of
   * them says); null otherwise.
   */
  history: BackgroundSync | null
}

export const initialSyncStatus: SyncStatus = {
  phase: 'disabled',
  reason: null,
  detail: null,
  lastSuccessAt: null,
  waiting: 0,
  clockDrift: false,
  clockOffsetMs: null,
  clockAheadMinutes: null,
  history: null,
}

export function createSyncStatusStore() {
  return createStore<SyncStatus>()(() => ({ ...initialSyncStatus }))
}

export type SyncStatusStore = ReturnType<typeof createSyncStatusStore>

/** The app's one status store. */
export const syncStatusStore = createSyncStatusStore()
