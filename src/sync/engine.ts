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
import type { SyncNotice } from './notices'
import { readHistoryProgress } from './first-sync'
import { adoptGenerationOfPush, pullAndHeal, RECLAIM_INTERVAL_MS, reclaimLostSpace } from './heal'
import type { PullOutcome } from './pull'
import { pushAll, type PushOutcome } from './push'
import { restampWaitingChanges } from './restamp'
import type { SyncStatusStore } from './status-store'
import { countWaiting, readLastSynced, writeLastSynced } from './sync-state'
import type { Transport } from './transport'
import { CLOCK_TOLERANCE_MS } from './wire'

export const SYNC_BACKOFF_BASE_MS = 1_000
export const SYNC_BACKOFF_CAP_MS = 5 * 60_000
export const SYNC_PERIOD_MS = 60_000
/** Wait this long after a local write before pushing, so a burst of taps goes in one push. */
export const SYNC_DEBOUNCE_MS = 300
/**
 * This tablet's clock counts as right when it is at most this far ahead of the server's (the
 * tolerance less a minute for the request's own travel): then refused changes are re-stamped.
 */
export const CLOCK_RIGHT_WITHIN_MS = CLOCK_TOLERANCE_MS - 60_000

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
  /**
   * Told, once, of this device's recent values that pulled changes replaced, with the names of
   * the space's devices by id (empty when the server could not say).
   */
  onNotices?: (notices: SyncNotice[], deviceNames: ReadonlyMap<string, string>) => void
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
  private lastReclaimAt = Number.NEGATIVE_INFINITY
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
    void this.restoreLastSynced()
    this.schedule(0)
  }

  /** "Last synced" as stored by an earlier session, unless this one already synced. */
  private async restoreLastSynced(): Promise<void> {
    const stored = await readLastSynced(this.deps.db)
    if (stored !== null && this.deps.status.getState().lastSuccessAt === null)
      this.setStatus({ lastSuccessAt: stored })
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

  /**
   * Push; when the server refuses the push as stamped ahead of its clock and this tablet's wall
   * clock is right again, re-stamp the refused changes and push once more. While the clock is
   * still wrong the refusal stands: the changes wait and the back-off timer tries again.
   */
  private async pushWithRestamp(): Promise<PushOutcome> {
    const { db, transport } = this.deps
    const pushed = await pushAll(db, transport)
    if (pushed.ok || !pushed.clockAhead) return pushed
    const { serverTime } = pushed.clockAhead
    if (this.now() - serverTime > CLOCK_RIGHT_WITHIN_MS) return pushed
    await restampWaitingChanges(db, serverTime + CLOCK_TOLERANCE_MS)
    return pushAll(db, transport)
  }

  /** Push, then pull (healing a server that lost part of the log: sync/heal.ts). */
  private async exchange(): Promise<PullOutcome> {
    const { db, transport } = this.deps
    const pushed = await this.pushWithRestamp()
    if (!pushed.ok && !pushed.clockAhead) return pushed
    if (pushed.ok) await adoptGenerationOfPush(db, transport)
    const pulled = await pullAndHeal(db, transport)
    // A clock still wrong keeps this tablet's changes waiting, but it goes on receiving the
    // others' changes meanwhile.
    if (pushed.ok || !pulled.ok) return pulled
    if (pulled.notices.length > 0) await this.announce(pulled.notices)
    return pushed
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
      const first = await this.exchange()
      // A server rebuilt empty refuses every credential: re-create the space there and heal it
      // (sync/heal.ts), at most once an hour; a refusal keeps the first answer.
      if (first.ok || first.reason !== 'unauthorized') return first
      if (this.now() - this.lastReclaimAt < RECLAIM_INTERVAL_MS) return first
      this.lastReclaimAt = this.now()
      const reclaimed = await reclaimLostSpace(db, transport)
      if (reclaimed === null) return first
      if (!reclaimed.ok) return reclaimed
      return this.exchange()
    })
    // Read together: the cycle ends no later than before progress was shown.
    const [waiting, history] = await Promise.all([countWaiting(db), readHistoryProgress(db)])
    this.setStatus({ history })
    const serverTime = transport.lastServerTime?.() ?? null
    if (serverTime !== null) this.setStatus({ clockOffsetMs: this.now() - serverTime })
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
        clockAheadMinutes: outcome.clockAhead
          ? Math.max(1, Math.round((this.now() - outcome.clockAhead.serverTime) / 60_000))
          : null,
      })
      // A server that says when to come back (429/503 Retry-After) is not asked sooner.
      this.schedule(Math.max(backoffDelay(this.failures, this.random), outcome.retryAfterMs ?? 0))
      return
    }
    this.failures = 0
    const lastSuccessAt = new Date(this.now()).toISOString()
    await writeLastSynced(db, lastSuccessAt)
    this.setStatus({
      phase: 'up-to-date',
      reason: null,
      detail: null,
      waiting,
      lastSuccessAt,
      clockAheadMinutes: null,
      ...(outcome.clockDrift ? { clockDrift: true } : {}),
    })
    if (outcome.notices.length > 0) await this.announce(outcome.notices)
    this.schedule(waiting > 0 || outcome.hasMore ? 0 : SYNC_PERIOD_MS)
  }

  /** Hands notices to the app with the devices' names (asked of the server now: names change). */
  private async announce(notices: SyncNotice[]): Promise<void> {
    const { transport, onNotices } = this.deps
    if (!onNotices) return
    const devices = (await transport.devices?.()) ?? null
    const names = new Map<string, string>()
    if (devices?.ok)
      for (const device of devices.value.devices)
        if (device.name !== null) names.set(device.deviceId, device.name)
    onNotices(notices, names)
  }
}
