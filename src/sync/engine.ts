/**
 * The background sync engine: push, then pull, whenever there may be something to exchange — on
 * start, when the device comes online, when the app becomes visible again, shortly after each
 * local write, when the server's live channel says another tablet pushed, and on a timer. A
 * failure backs off exponentially with jitter. Only one tab syncs at a time (Web Locks).
 *
 * Everything outside the database is injected (transport, online source, lock, timers, random,
 * clock), so tests and the multi-device simulation drive it deterministically.
 */
import type { AppDatabase } from '../db/database'
import { pullAll } from './pull'
import { pushAll } from './push'
import type { SyncStatusStore } from './status-store'
import { countWaiting } from './sync-state'
import type { Transport } from './transport'

export const SYNC_BACKOFF_BASE_MS = 1_000
export const SYNC_BACKOFF_CAP_MS = 5 * 60_000
export const SYNC_PERIOD_MS = 60_000
/** Wait this long after a local write before pushing, so a burst of taps goes in one push. */
export const SYNC_DEBOUNCE_MS = 300

/** Delay before retry number `attempt` (1-based): min(base·2^(attempt−1), cap), with equal jitter. */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(
    SYNC_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1),
    SYNC_BACKOFF_CAP_MS,
  )
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export type OnlineSource = { isOnline(): boolean; subscribe(listener: () => void): () => void }
/** Runs `fn` only if this tab holds the sync lock; resolves undefined when another tab has it. */
export type SyncLock = <T>(fn: () => Promise<T>) => Promise<T | undefined>
export type Timers = {
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

export type SyncEngineDeps = {
  db: AppDatabase
  transport: Transport
  status: SyncStatusStore
  online: OnlineSource
  lock?: SyncLock
  timers?: Timers
  random?: () => number
  now?: () => number
  /** Subscribe to the server's live channel; the callback fires when another device pushed. */
  liveChannel?: (onRemoteChange: () => void) => () => void
  /** Subscribe to local writes of the change log (the app passes Dexie's storagemutated). */
  localWrites?: (onLocalWrite: () => void) => () => void
  visibility?: (onVisible: () => void) => () => void
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

export class SyncEngine {
  private timer: unknown = null
  private running: Promise<void> | null = null
  private again = false
  private failures = 0
  private stopped = true
  private readonly unsubscribers: (() => void)[] = []
  private readonly timers: Timers
  private readonly random: () => number
  private readonly now: () => number

  constructor(private readonly deps: SyncEngineDeps) {
    this.timers = deps.timers ?? defaultTimers
    this.random = deps.random ?? Math.random
    this.now = deps.now ?? Date.now
  }

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    const { online, liveChannel, localWrites, visibility } = this.deps
    this.unsubscribers.push(
      online.subscribe(() => {
        if (online.isOnline()) this.schedule(0)
        else this.setStatus({ phase: 'offline', reason: 'offline', detail: null })
      }),
    )
    if (liveChannel) this.unsubscribers.push(liveChannel(() => this.schedule(0)))
    if (localWrites) this.unsubscribers.push(localWrites(() => this.schedule(SYNC_DEBOUNCE_MS)))
    if (visibility) this.unsubscribers.push(visibility(() => this.schedule(0)))
    this.schedule(0)
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = null
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe()
    this.setStatus({ phase: 'disabled', reason: null, detail: null })
  }

  /** Run a cycle after `delayMs` (an earlier request replaces a later one). */
  schedule(delayMs: number): void {
    if (this.stopped) return
    if (this.timer !== null) this.timers.clearTimeout(this.timer)
    this.timer = this.timers.setTimeout(() => {
      this.timer = null
      void this.syncNow()
    }, delayMs)
  }

  /** Push then pull now; concurrent calls share one run and ask for one more afterwards. */
  syncNow(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.runCycle().finally(() => {
      this.running = null
      if (this.again && !this.stopped) {
        this.again = false
        this.schedule(0)
      }
    })
    return this.running
  }

  private setStatus(patch: Partial<ReturnType<SyncStatusStore['getState']>>): void {
    this.deps.status.setState(patch)
  }

  private async runCycle(): Promise<void> {
    const { db, transport, online } = this.deps
    if (!online.isOnline()) {
      this.setStatus({
        phase: 'offline',
        reason: 'offline',
        detail: null,
        waiting: await countWaiting(db),
      })
      return
    }
    this.setStatus({ phase: 'syncing' })
    const lock: SyncLock = this.deps.lock ?? ((fn) => fn())
    const outcome = await lock(async () => {
      const pushed = await pushAll(db, transport)
      if (!pushed.ok) return pushed
      return pullAll(db, transport)
    })
    const waiting = await countWaiting(db)
    if (outcome === undefined) {
      // Another tab holds the lock and syncs for this one; check again later.
      this.setStatus({ phase: 'up-to-date', waiting })
      this.schedule(SYNC_PERIOD_MS)
      return
    }
    if (!outcome.ok) {
      this.failures += 1
      this.setStatus({
        phase: outcome.reason === 'offline' ? 'offline' : 'error',
        reason: outcome.reason,
        detail: outcome.detail,
        waiting,
      })
      // A server that says when to come back (429/503 Retry-After) is not asked sooner.
      this.schedule(Math.max(backoffDelay(this.failures, this.random), outcome.retryAfterMs ?? 0))
      return
    }
    this.failures = 0
    this.setStatus({
      phase: 'up-to-date',
      reason: null,
      detail: null,
      waiting,
      lastSuccessAt: new Date(this.now()).toISOString(),
      ...(outcome.clockDrift ? { clockDrift: true } : {}),
    })
    this.schedule(waiting > 0 || outcome.hasMore ? 0 : SYNC_PERIOD_MS)
  }
}
