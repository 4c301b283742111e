/**
 * An in-memory sync server with the real server's semantics (append-only numbered log per space,
 * idempotent by change id, cursor paging, compacted snapshot), plus fault injection: it can be
 * taken offline, drop a response after storing (a lost acknowledgement) or fail before storing.
 * Used by engine tests and the multi-device simulation; the HTTP server has its own contract tests.
 */
import { parseHlc } from '../../crdt/hlc'
import type { ChangeRecord } from '../../db/change-record'
import { compactChanges } from '../../db/merge-policy'
import type { Transport, TransportResult } from '../transport'
import {
  CLOCK_TOLERANCE_MS,
  clockAheadBy,
  MAX_SNAPSHOT_LIMIT,
  type PullResponse,
  type PushResponse,
  type SnapshotResponse,
} from '../wire'

export type Fault = 'none' | 'offline' | 'lose-response' | 'fail-before'

export class MemoryServer {
  readonly log: (ChangeRecord & { seq: number })[] = []
  private readonly ids = new Set<string>()
  /** Decides the fault for each call (the simulation uses its seeded PRNG). */
  faultFor: (call: 'push' | 'pull' | 'snapshot') => Fault = () => 'none'
  /**
   * When set, a push holding a change stamped more than `maxAheadMs` ahead of `now()` is refused
   * whole (nothing stored), as DESIGN §3 asks of the server; the simulation models the tablet's
   * side (correct the clock, re-stamp what waits) itself.
   */
  clockBound: { now: () => number; maxAheadMs: number } | null = null
  /** Reorders a push's changes before they are appended (a reordered delivery). */
  arrivalOrder: <T>(changes: T[]) => T[] = (changes) => changes

  /** The change of `changes` stamped furthest beyond the clock bound, if any. */
  tooFarAhead(changes: readonly ChangeRecord[]): ChangeRecord | undefined {
    const bound = this.clockBound
    if (!bound) return undefined
    const limit = bound.now() + bound.maxAheadMs
    return changes.find((change) => parseHlc(change.hlc).wall > limit)
  }
  /**
   * The server's clock. When set, a push stamped more than CLOCK_TOLERANCE_MS ahead of it is
   * refused whole (`clock-ahead`), as the HTTP server does; unset, stamps are not checked.
   */
  now: (() => number) | null = null

  /**
   * The log's generation, stated with every answer (as the HTTP server's headers do) once
   * `statesGeneration` is on; `restoreFrom` starts a new one.
   */
  generation = 'generation-0'
  statesGeneration = false

  /** As a restore of an older backup: the log becomes `backup`, renumbered, in a new generation. */
  restoreFrom(backup: readonly ChangeRecord[]): void {
    this.log.splice(0)
    this.ids.clear()
    this.store(backup.map((change) => ({ ...change })))
    this.generation = `generation-${Number(this.generation.split('-')[1] ?? 0) + 1}`
  }

  store(changes: ChangeRecord[]): PushResponse {
    let stored = 0
    for (const change of changes) {
      if (this.ids.has(change.id)) continue
      this.ids.add(change.id)
      this.log.push({ ...change, seq: this.log.length + 1 })
      stored += 1
    }
    return { acknowledged: changes.map((change) => change.id), stored }
  }

  pullAfter(after: number, limit: number): PullResponse {
    const changes = this.log.slice(after, after + limit)
    const cursor = changes.length > 0 ? (changes[changes.length - 1]?.seq ?? after) : after
    return { changes, cursor, hasMore: cursor < this.log.length }
  }

  /** Log entries per snapshot page (the real server's MAX_SNAPSHOT_LIMIT by default). */
  snapshotPageSize = MAX_SNAPSHOT_LIMIT
  snapshotPages = 0

  snapshotNow(after = 0): SnapshotResponse {
    const page = this.pullAfter(after, this.snapshotPageSize)
    return {
      changes: compactChanges(page.changes.map(({ seq: _seq, ...change }) => change)),
      cursor: page.cursor,
      hasMore: page.hasMore,
    }
  }

  transport(): Transport {
    const fail = <T>(detail: string): TransportResult<T> => ({
      ok: false,
      reason: 'offline',
      detail,
    })
    return {
      push: (_deviceId, changes) => {
        const fault = this.faultFor('push')
        if (fault === 'offline' || fault === 'fail-before')
          return Promise.resolve(fail<PushResponse>(fault))
        const serverTime = this.now?.()
        if (serverTime !== undefined) {
          const aheadByMs = clockAheadBy(changes, serverTime)
          if (aheadByMs > CLOCK_TOLERANCE_MS)
            return Promise.resolve({
              ok: false,
              reason: 'clock-ahead',
              detail: `stamped ${aheadByMs} ms ahead`,
              clockAhead: { serverTime, aheadByMs },
            })
        }
        const ahead = this.tooFarAhead(changes)
        if (ahead)
          return Promise.resolve({
            ok: false,
            reason: 'rejected',
            detail: `clock-ahead: change ${ahead.id} is stamped too far ahead of the server`,
          })
        // Copy, as JSON would: the server must never share objects with a client.
        const value = this.store(this.arrivalOrder(structuredClone(changes)))
        return Promise.resolve(
          fault === 'lose-response' ? fail<PushResponse>('response lost') : { ok: true, value },
        )
      },
      pull: (after, limit) => {
        const fault = this.faultFor('pull')
        if (fault !== 'none') return Promise.resolve(fail<PullResponse>(fault))
        return Promise.resolve({ ok: true, value: structuredClone(this.pullAfter(after, limit)) })
      },
      snapshot: (after) => {
        const fault = this.faultFor('snapshot')
        if (fault !== 'none') return Promise.resolve(fail<SnapshotResponse>(fault))
        this.snapshotPages += 1
        return Promise.resolve({ ok: true, value: structuredClone(this.snapshotNow(after)) })
      },
      lastServerTime: () => this.now?.() ?? null,
      ...(this.statesGeneration
        ? { serverLog: () => ({ generation: this.generation, latestSeq: this.log.length }) }
        : {}),
    }
  }
}
