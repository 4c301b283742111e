/**
 * An in-memory sync server with the real server's semantics (append-only numbered log per space,
 * idempotent by change id, cursor paging, compacted snapshot, current rows by scope), plus fault injection: it can be
 * taken offline, drop a response after storing (a lost acknowledgement) or fail before storing.
 * Used by engine tests and the multi-device simulation; the HTTP server has its own contract tests.
 */
import { parseHlc } from '../../crdt/hlc'
import type { ChangeRecord } from '../../db/change-record'
import { compactChanges } from '../../db/merge-policy'
import { foldRow, GLOBAL_SCOPE, eventScope, rowScope } from '../row-scope'
import type { RowsRequest, Transport, TransportResult } from '../transport'
import {
  CLOCK_TOLERANCE_MS,
  DEFAULT_ROWS_LIMIT,
  type RowsResponse,
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
  faultFor: (call: 'push' | 'pull' | 'snapshot' | 'rows') => Fault = () => 'none'
  /** Current rows, as the real server keeps them (state = compacted changes; scope fixed). */
  readonly rows = new Map<
    string,
    { table: string; rowId: string; scope: string; state: ChangeRecord[] }
  >()
  /** Rows per current-rows page (the real server's default unless a test makes pages small). */
  rowsPageSize = DEFAULT_ROWS_LIMIT
  /** Set to answer current-rows requests 404, as a server before issue 18 does. */
  withoutRows = false
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
    // The current rows go with the log they were kept from (the real server rebuilds both).
    this.rows.clear()
    this.store(backup.map((change) => ({ ...change })))
    this.generation = `generation-${Number(this.generation.split('-')[1] ?? 0) + 1}`
  }

  store(changes: ChangeRecord[]): PushResponse {
    const fresh: ChangeRecord[] = []
    for (const change of changes) {
      if (this.ids.has(change.id)) continue
      this.ids.add(change.id)
      this.log.push({ ...change, seq: this.log.length + 1 })
      fresh.push(change)
    }
    this.foldIntoRows(fresh)
    return { acknowledged: changes.map((change) => change.id), stored: fresh.length }
  }

  /** The server's rule (server/storage/rows.ts): per row of the batch, fold; scope at creation. */
  private foldIntoRows(changes: readonly ChangeRecord[]): void {
    const key = (table: string, rowId: string) => `${table}\u0000${rowId}`
    const byRow = new Map<string, ChangeRecord[]>()
    for (const change of changes)
      byRow.set(key(change.table, change.rowId), [
        ...(byRow.get(key(change.table, change.rowId)) ?? []),
        change,
      ])
    // Assignments first, so a status change of the same batch finds its assignment's scope.
    const order = [...byRow].sort(([a], [b]) =>
      a.startsWith('assignments') === b.startsWith('assignments')
        ? 0
        : a.startsWith('assignments')
          ? -1
          : 1,
    )
    for (const [rowKey, list] of order) {
      const first = list[0]
      if (!first) continue
      const known = this.rows.get(rowKey)
      const scope =
        known?.scope ??
        rowScope(first.table, list, (id) => this.rows.get(key('assignments', id))?.scope)
      this.rows.set(rowKey, {
        table: first.table,
        rowId: first.rowId,
        scope,
        state: foldRow(known?.state ?? [], list),
      })
    }
  }

  /** One page of current rows, as `GET /api/sync/rows` answers it. */
  rowsNow(request: RowsRequest): RowsResponse {
    const listed = request.events.map(eventScope)
    const matches = (scope: string) =>
      request.scope === 'global'
        ? scope === GLOBAL_SCOPE
        : request.scope === 'events'
          ? listed.includes(scope)
          : scope !== GLOBAL_SCOPE && !listed.includes(scope)
    const compare = (a: [string, string], b: [string, string]) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0
    let seq = this.log.length
    let after: [string, string] | null = null
    if (request.cursor !== undefined) {
      const [position = '0', key = '[]'] = request.cursor.split('.')
      seq = Number(position)
      const text = (key.match(/.{4}/g) ?? []).map((hex) => String.fromCharCode(parseInt(hex, 16)))
      after = JSON.parse(text.join('')) as [string, string]
    }
    const all = [...this.rows.values()]
      .filter((row) => matches(row.scope))
      .sort((a, b) => compare([a.table, a.rowId], [b.table, b.rowId]))
    const from = after ? all.filter((row) => compare([row.table, row.rowId], after) > 0) : all
    const limit = request.limit ?? this.rowsPageSize
    const page = from.slice(0, limit)
    const last = page.at(-1)
    // The key as hex UTF-16 code units (cursors are opaque to the tablet).
    const cursorKey = (row: { table: string; rowId: string }) =>
      [...JSON.stringify([row.table, row.rowId])]
        .map((char) => char.charCodeAt(0).toString(16).padStart(4, '0'))
        .join('')
    return {
      changes: page.flatMap((row) => row.state),
      rows: page.length,
      cursor: page.length === limit && last ? `${seq}.${cursorKey(last)}` : null,
      seq,
      ...(request.cursor === undefined ? { total: all.length } : {}),
    }
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
      rows: (request) => {
        if (this.withoutRows)
          return Promise.resolve({
            ok: false,
            reason: 'rejected',
            detail: 'No such resource: GET /api/sync/rows',
          })
        const fault = this.faultFor('rows')
        if (fault !== 'none') return Promise.resolve(fail<RowsResponse>(fault))
        return Promise.resolve({ ok: true, value: structuredClone(this.rowsNow(request)) })
      },
      lastServerTime: () => this.now?.() ?? null,
      ...(this.statesGeneration
        ? { serverLog: () => ({ generation: this.generation, latestSeq: this.log.length }) }
        : {}),
    }
  }
}
