/**
 * An in-memory sync server with the real server's semantics (append-only numbered log per space,
 * idempotent by change id, cursor paging, compacted snapshot), plus fault injection: it can be
 * taken offline, drop a response after storing (a lost acknowledgement) or fail before storing.
 * Used by engine tests and the multi-device simulation; the HTTP server has its own contract tests.
 */
import type { ChangeRecord } from '../change-record'
import { compactChanges } from '../merge'
import type { Transport, TransportResult } from '../transport'
import {
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
        // Copy, as JSON would: the server must never share objects with a client.
        const value = this.store(structuredClone(changes))
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
    }
  }
}
