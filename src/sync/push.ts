/**
 * Push: send local changes the server has not acknowledged, in batches, and take the acknowledged
 * ones out of the outbox, dropping their records (row states keep what they set). The server
 * acknowledges by change id, so a retried or duplicated push stores nothing twice; a change leaves
 * the outbox only after the server said it has it. An outbox entry queues one change or, for a
 * bulk action, up to OUTBOX_ENTRY_IDS (db/change-record.ts).
 */
import type { AppDatabase } from '../db/database'
import { idsOf, outboxEntriesFor, type ChangeRecord, type OutboxEntry } from '../db/change-record'
import { readDeviceName } from './sync-state'
import type { Transport, TransportFailure } from './transport'
import { MAX_PUSH_BATCH } from './wire'

export type PushOutcome = { ok: true; pushed: number } | TransportFailure

/**
 * The changes with these ids (sorted), undefined where one is
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
 * Take `done` out of the outbox and drop their records: acknowledged changes are history, which
 * the row states already hold. The entries holding them are read again (something may have been
 * queued meanwhile) and lose those ids: an entry left empty goes, a partly sent one is re-keyed by
 * its first waiting id. The records go with one range delete when the range holds exactly these
 * ids, else a delete per id.
 */
async function dequeue(db: AppDatabase, done: string[], entryKeys: string[]): Promise<void> {
  const sorted = [...done].sort()
  const first = sorted[0]
  const last = sorted[sorted.length - 1]
  if (first === undefined || last === undefined) return
  const acknowledged = new Set(sorted)
  await db.transaction('rw', [db.outbox, db.changes], async () => {
    const entries = await db.outbox.bulkGet(entryKeys)
    const gone: string[] = []
    const kept: OutboxEntry[] = []
    for (const entry of entries) {
      if (!entry) continue
      const ids = idsOf(entry)
      const waiting = ids.filter((id) => !acknowledged.has(id))
      if (waiting.length === ids.length) continue
      gone.push(entry.id)
      if (waiting.length > 0) kept.push(...outboxEntriesFor(waiting, entry.action))
    }
    const range = db.changes.where('id').between(first, last, true, true)
    const inRange = await range.primaryKeys()
    const exact = inRange.length === sorted.length && inRange.every((id, i) => id === sorted[i])
    await Promise.all([
      db.outbox.bulkDelete(gone).then(() => db.outbox.bulkAdd(kept)),
      exact ? range.delete() : db.changes.bulkDelete(sorted),
    ])
  })
}

/**
 * The next waiting change ids, at most `batchSize`, in outbox order, and the keys of the entries
 * they come from (an entry may be taken in part).
 */
async function nextBatch(
  db: AppDatabase,
  batchSize: number,
): Promise<{ ids: string[]; entryKeys: string[] }> {
  const ids: string[] = []
  const entryKeys: string[] = []
  // Every entry queues at least one id: batchSize entries always fill a batch.
  for (const entry of await db.outbox.limit(batchSize).toArray()) {
    if (ids.length >= batchSize) break
    ids.push(...idsOf(entry).slice(0, batchSize - ids.length))
    entryKeys.push(entry.id)
  }
  return { ids, entryKeys }
}

/** Push one batch. `pushed` is 0 when nothing was waiting. */
export async function pushOnce(
  db: AppDatabase,
  transport: Transport,
  batchSize = MAX_PUSH_BATCH,
): Promise<PushOutcome> {
  const { ids, entryKeys, waiting } = await db.transaction(
    'r',
    [db.outbox, db.changes],
    async () => {
      const batch = await nextBatch(db, batchSize)
      const sorted = [...batch.ids].sort()
      const found = new Map<string, ChangeRecord>()
      ;(await changesById(db, sorted)).forEach((change, index) => {
        if (change) found.set(sorted[index]!, change)
      })
      return { ...batch, waiting: batch.ids.map((id) => found.get(id)) }
    },
  )
  if (ids.length === 0) return { ok: true, pushed: 0 }
  const changes = waiting.filter((change) => change !== undefined)
  if (changes.length < ids.length) {
    // An outbox id without its change (never written so by this app): drop it, go on.
    const orphans = ids.filter((_, index) => waiting[index] === undefined)
    await dequeue(db, orphans, entryKeys)
    if (changes.length === 0) return pushOnce(db, transport, batchSize)
  }
  const result = await transport.push(db.clock.node, changes, await readDeviceName(db))
  if (!result.ok) return result
  const acknowledged = new Set(result.value.acknowledged)
  const done = changes.map((change) => change.id).filter((id) => acknowledged.has(id))
  await dequeue(db, done, entryKeys)
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
