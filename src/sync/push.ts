/**
 * Push: send local changes the server has not acknowledged, in batches, and take the acknowledged
 * ones out of the outbox, dropping their records (row states keep what they set). The server acknowledges by change id, so a retried or duplicated push
 * stores nothing twice; a change leaves the outbox only after the server said it has it.
 */
import type { AppDatabase } from '../db/database'
import type { ChangeRecord } from '../db/change-record'
import { readDeviceName } from './sync-state'
import type { Transport, TransportFailure } from './transport'
import { MAX_PUSH_BATCH } from './wire'

export type PushOutcome = { ok: true; pushed: number } | TransportFailure

/**
 * The changes with these ids (sorted, as the outbox hands them out), undefined where one is
 * missing. When the ids' range of the log holds few other changes, ONE range read instead of a
 * get per id: IndexedDB charges per request far more than per record.
 */
async function changesById(db: AppDatabase, ids: string[]): Promise<(ChangeRecord | undefined)[]> {
  const first = ids[0]
  const last = ids[ids.length - 1]
  if (first === undefined || last === undefined) return []
  const range = db.changes.where('id').between(first, last, true, true)
  const keysInRange = await range.primaryKeys()
  if (keysInRange.length > 2 * ids.length) return db.changes.bulkGet(ids)
  const byId = new Map((await range.toArray()).map((change) => [change.id, change]))
  return ids.map((id) => byId.get(id))
}

/**
 * Take `done` (sorted) out of the outbox and drop their records: acknowledged changes are history,
 * which the row states already hold. One range delete when the range holds exactly these ids, else
 * a delete per id (an entry queued meanwhile inside the range must stay).
 */
async function dequeue(db: AppDatabase, done: string[]): Promise<void> {
  const first = done[0]
  const last = done[done.length - 1]
  if (first === undefined || last === undefined) return
  await db.transaction('rw', [db.outbox, db.changes], async () => {
    const range = db.outbox.where('id').between(first, last, true, true)
    const queued = await range.primaryKeys()
    const exact = queued.length === done.length && queued.every((id, index) => id === done[index])
    if (exact) {
      await range.delete()
      await db.changes.where('id').between(first, last, true, true).delete()
    } else {
      await db.outbox.bulkDelete(done)
      await db.changes.bulkDelete(done)
    }
  })
}

/** Push one batch. `pushed` is 0 when nothing was waiting. */
export async function pushOnce(
  db: AppDatabase,
  transport: Transport,
  batchSize = MAX_PUSH_BATCH,
): Promise<PushOutcome> {
  const { ids, waiting } = await db.transaction('r', [db.outbox, db.changes], async () => {
    const queued = await db.outbox.limit(batchSize).primaryKeys()
    return { ids: queued, waiting: await changesById(db, queued) }
  })
  if (ids.length === 0) return { ok: true, pushed: 0 }
  const changes = waiting.filter((change) => change !== undefined)
  if (changes.length < ids.length) {
    // An outbox entry without its change (never written so by this app): drop it, go on.
    const orphans = ids.filter((_, index) => waiting[index] === undefined)
    await db.transaction('rw', [db.outbox], () => db.outbox.bulkDelete(orphans))
    if (changes.length === 0) return pushOnce(db, transport, batchSize)
  }
  const result = await transport.push(db.clock.node, changes, await readDeviceName(db))
  if (!result.ok) return result
  const acknowledged = new Set(result.value.acknowledged)
  const done = changes.map((change) => change.id).filter((id) => acknowledged.has(id))
  await dequeue(db, done)
  return { ok: true, pushed: done.length }
}

/** Push until nothing is waiting (bounded: at most `maxBatches` batches per call). */
export async function pushAll(
  db: AppDatabase,
  transport: Transport,
  maxBatches = 100,
): Promise<PushOutcome> {
  let total = 0
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const outcome = await pushOnce(db, transport)
    if (!outcome.ok) return outcome
    total += outcome.pushed
    if (outcome.pushed === 0) break
  }
  return { ok: true, pushed: total }
}
