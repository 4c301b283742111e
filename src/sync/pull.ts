/**
 * Pull: fetch the changes after this device's cursor and apply them. A batch is applied in
 * transactions scoped to its tables (apply-batch.ts) and its new cursor is stored with its last
 * chunk, so a crash neither skips nor double-applies anything. A
 * device with no cursor starts from the server's current rows (first-sync.ts; an older server's
 * log snapshot otherwise), and takes the past events' rows a page per round once caught up.
 */
import type { AppDatabase } from '../db/database'
import type { ChangeRecord } from '../db/change-record'
import { storeBatch } from './apply-batch'
import { firstSync, pullHistoryPage } from './first-sync'
import type { SyncNotice } from './notices'
import { CURSOR_META_KEY, readCursor } from './sync-state'
import type { Transport, TransportFailure } from './transport'
import { MAX_PULL_LIMIT } from './wire'

export type PullOutcome =
  | {
      ok: true
      applied: number
      hasMore: boolean
      clockDrift: boolean
      /** This device's recent values that the pulled changes replaced (sync/notices.ts). */
      notices: SyncNotice[]
    }
  | TransportFailure

async function applyBatch(db: AppDatabase, changes: ChangeRecord[], cursor: number) {
  // Crucial: the cursor moves in the transaction of the batch's last chunk (see the header).
  return storeBatch(db, changes, {
    notices: true,
    finishTables: ['meta'],
    finish: async (tx) => {
      await tx.meta.put({ key: CURSOR_META_KEY, value: cursor })
    },
  })
}

export async function pullOnce(
  db: AppDatabase,
  transport: Transport,
  limit = MAX_PULL_LIMIT,
): Promise<PullOutcome> {
  const cursor = await readCursor(db)
  if (cursor === undefined) {
    // A new tablet starts from the server's current rows, the events of today and later first.
    const first = await firstSync(db, transport)
    if (first.ok === true) return { ...first, hasMore: true }
    if (first.ok === false) return first
    // An older server: page through its log snapshot; each page is applied with its cursor, so a crash part-way
    // resumes with ordinary pulls from the last page stored.
    let after = 0
    let applied = 0
    let clockDrift = false
    const notices: SyncNotice[] = []
    for (;;) {
      const snapshot = await transport.snapshot(after)
      if (!snapshot.ok) return snapshot
      const result = await applyBatch(db, snapshot.value.changes, snapshot.value.cursor)
      applied += result.applied
      clockDrift ||= result.clockDrift
      notices.push(...result.notices)
      if (snapshot.value.hasMore !== true || snapshot.value.cursor <= after) break
      after = snapshot.value.cursor
    }
    return { ok: true, applied, hasMore: true, clockDrift, notices }
  }
  const response = await transport.pull(cursor, limit)
  if (!response.ok) return response
  const changes = response.value.changes.map(({ seq: _seq, ...change }) => change)
  const result = await applyBatch(db, changes, response.value.cursor)
  return {
    ok: true,
    applied: result.applied,
    hasMore: response.value.hasMore,
    clockDrift: result.clockDrift,
    notices: result.notices,
  }
}

/** Pull until the server has nothing more (bounded by `maxBatches`). */
export async function pullAll(
  db: AppDatabase,
  transport: Transport,
  maxBatches = 1000,
): Promise<PullOutcome> {
  let applied = 0
  let clockDrift = false
  const notices: SyncNotice[] = []
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const outcome = await pullOnce(db, transport)
    if (!outcome.ok) return outcome
    applied += outcome.applied
    clockDrift ||= outcome.clockDrift
    notices.push(...outcome.notices)
    if (!outcome.hasMore) {
      // Caught up: one page of past events' rows, if a first sync still owes some (the engine
      // comes back at once while `hasMore`, pushing in between).
      const history = await pullHistoryPage(db, transport)
      if (!history.ok) return history
      applied += history.applied
      clockDrift ||= history.clockDrift
      notices.push(...history.notices)
      return { ok: true, applied, hasMore: history.more, clockDrift, notices }
    }
  }
  return { ok: true, applied, hasMore: true, clockDrift, notices }
}
