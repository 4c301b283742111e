/**
 * Push: send local changes the server has not acknowledged, in batches, and take the acknowledged
 * ones out of the outbox, dropping their records (row states keep what they set). The server
 * acknowledges by change id, so a retried or duplicated push stores nothing twice; a change leaves
 * the outbox only after the server said it has it, and only as it was sent (an ack never drops a
 * change re-stamped meanwhile). One batch stays in flight while the next is read and sent; no
 * request is left running when pushAll returns. An outbox entry queues one change or, for a bulk
 * action, up to OUTBOX_ENTRY_IDS (db/outbox-entries.ts).
 */
import type { Table } from 'dexie'
import type { AppDatabase } from '../db/database'
import { idsOf, outboxEntriesFor, type ChangeRecord, type OutboxEntry } from '../db/change-record'
import { span } from './profile'
import { readDeviceName } from './sync-state'
import type { Transport, TransportFailure, TransportResult } from './transport'
import { MAX_PUSH_BATCH, type PushResponse } from './wire'

export type PushOutcome = { ok: true; pushed: number } | TransportFailure

/** A batch read from the outbox: its changes and the keys of the entries queueing them. */
type Batch = { changes: ChangeRecord[]; entryKeys: string[] }
/** A batch sent, and the server's answer to come. */
type Sent = Batch & { ids: Set<string>; answer: Promise<TransportResult<PushResponse>> }

/**
 * The records of `table` with these keys (any order), in that order, undefined where one is
 * missing. When the keys' range holds few other records (the log holds only waiting changes, and a
 * batch's outbox entries are consecutive: the usual cases), ONE range read instead of a get per
 * key: IndexedDB charges per request far more than per record. `inRange` is then every key of that
 * range (sorted); undefined after a get per key.
 */
async function recordsByKey<T extends { id: string }, TInsert>(
  table: Table<T, string, TInsert>,
  keys: readonly string[],
): Promise<{ found: (T | undefined)[]; inRange?: string[] }> {
  let first = keys[0]
  let last = first
  for (const key of keys) {
    if (key < first!) first = key
    if (key > last!) last = key
  }
  if (first === undefined || last === undefined) return { found: [] }
  const most = 2 * keys.length
  const range = await table
    .where('id')
    .between(first, last, true, true)
    .limit(most + 1)
    .toArray()
  if (range.length > most) return { found: await table.bulkGet([...keys]) }
  const byKey = new Map(range.map((record) => [record.id, record]))
  return { found: keys.map((key) => byKey.get(key)), inRange: range.map((record) => record.id) }
}

/** Whether `keys` (any order) are exactly `inRange` (sorted). */
function sameKeys(keys: string[], inRange: string[] | undefined): inRange is string[] {
  if (inRange?.length !== keys.length) return false
  const sorted = [...keys].sort()
  return sorted.every((key, index) => key === inRange[index])
}

/**
 * Take `done` (sorted) out of the outbox entries `entryKeys` and drop their records: acknowledged
 * changes are history, which the row states already hold. The entries are read again (something
 * may have been queued meanwhile) and lose those ids: an entry left empty goes, a partly sent one
 * is re-keyed by its first waiting id. Returns the re-keyings (old key → new key), so that a batch
 * still in flight can find its entries. Entries and records each go with one range delete when
 * their range holds exactly what goes (records: `inRange`), else a delete per key: IndexedDB
 * charges per request, and a batch of one-change entries is 500 of them. Runs inside the
 * caller's transaction.
 */
async function dequeue(
  db: AppDatabase,
  done: string[],
  entryKeys: string[],
  inRange?: string[],
): Promise<Map<string, string>> {
  const renamed = new Map<string, string>()
  const first = done[0]
  const last = done[done.length - 1]
  if (first === undefined || last === undefined) return renamed
  const acknowledged = new Set(done)
  const { found: entries, inRange: entriesInRange } = await recordsByKey(db.outbox, entryKeys)
  const gone: string[] = []
  const kept: OutboxEntry[] = []
  for (const entry of entries) {
    if (!entry) continue
    const ids = idsOf(entry)
    const waiting = ids.filter((id) => !acknowledged.has(id))
    if (waiting.length === ids.length) continue
    gone.push(entry.id)
    const rest = outboxEntriesFor(waiting, entry.action)
    if (rest[0]) renamed.set(entry.id, rest[0].id)
    kept.push(...rest)
  }
  const deleteEntries =
    gone.length > 0 && sameKeys(gone, entriesInRange)
      ? db.outbox
          .where('id')
          .between(entriesInRange[0]!, entriesInRange.at(-1)!, true, true)
          .delete()
      : db.outbox.bulkDelete(gone)
  const exact = inRange?.length === done.length && inRange.every((id, i) => id === done[i])
  await Promise.all([
    deleteEntries.then(() => db.outbox.bulkAdd(kept)),
    exact
      ? db.changes.where('id').between(first, last, true, true).delete()
      : db.changes.bulkDelete(done),
  ])
  return renamed
}

/**
 * Drop what the server acknowledged of `sent`: the changes still stamped as they were sent (a
 * change re-stamped while in flight waits for its next push), and ids whose record is gone.
 */
async function dropAcknowledged(
  db: AppDatabase,
  sent: Sent,
  acknowledged: readonly string[],
): Promise<{ dropped: number; renamed: Map<string, string> }> {
  const stampSent = new Map(sent.changes.map((change) => [change.id, change.hlc]))
  const acked = acknowledged.filter((id) => stampSent.has(id)).sort()
  const { found, inRange } = await recordsByKey(db.changes, acked)
  const done = acked.filter((id, index) => {
    const now = found[index]
    return now === undefined || now.hlc === stampSent.get(id)
  })
  const renamed = await dequeue(
    db,
    done,
    sent.entryKeys,
    done.length === acked.length ? inRange : undefined,
  )
  return { dropped: done.length, renamed }
}

/** Entries read by the first outbox read of a batch: the flying batch's last one and the next. */
const FIRST_ENTRIES = 2

/**
 * The next waiting changes, at most `batchSize`, in outbox order, leaving out the ids of `flying`
 * (sent, not answered yet), with the keys of the entries they come from (an entry may be taken in
 * part). The outbox is read from `from` on (the last entry of the batch read before in this run):
 * every entry below it went whole into an earlier batch, and reading from the start would step
 * over every entry deleted since (IndexedDB on LevelDB keeps them as tombstones until compaction),
 * so a long push would slow down batch by batch. An entry holds up to OUTBOX_ENTRY_IDS ids, so
 * entries are read a few first, then as many as ids are missing (each holds at least one). An
 * outbox id without its change (never written so by this app) is dropped on the way.
 */
async function nextBatch(
  db: AppDatabase,
  batchSize: number,
  flying: Sent | undefined,
  from: string | undefined,
): Promise<Batch> {
  for (;;) {
    const ids: string[] = []
    const entryKeys: string[] = []
    let after: string | undefined
    for (let count = FIRST_ENTRIES; ids.length < batchSize; count = batchSize - ids.length) {
      const range =
        after !== undefined
          ? db.outbox.where('id').above(after)
          : from !== undefined
            ? db.outbox.where('id').aboveOrEqual(from)
            : db.outbox.toCollection()
      const entries = await range.limit(count).toArray()
      for (const entry of entries) {
        if (ids.length >= batchSize) break
        const waiting = flying ? idsOf(entry).filter((id) => !flying.ids.has(id)) : idsOf(entry)
        if (waiting.length === 0) continue
        ids.push(...waiting.slice(0, batchSize - ids.length))
        entryKeys.push(entry.id)
      }
      const last = entries.at(-1)
      if (last === undefined || entries.length < count) break
      after = last.id
    }
    const sorted = [...ids].sort()
    const { found } = await recordsByKey(db.changes, sorted)
    const byId = new Map<string, ChangeRecord>()
    found.forEach((change, index) => {
      if (change) byId.set(sorted[index]!, change)
    })
    const changes = ids.flatMap((id) => byId.get(id) ?? [])
    if (changes.length === ids.length) return { changes, entryKeys }
    const orphans = sorted.filter((id) => !byId.has(id))
    const renamed = await dequeue(db, orphans, entryKeys)
    if (changes.length > 0)
      return { changes, entryKeys: entryKeys.map((key) => renamed.get(key) ?? key) }
  }
}

/**
 * Push up to `maxBatches` batches, one in flight while the next is read and sent. Each step is ONE
 * transaction: drop what the answered batch acknowledged, read the next. A failed batch stops the
 * sending; the batch still in flight is awaited and its acknowledgements kept, so every change the
 * server did not acknowledge stays queued. Returns the first failure, if any.
 */
export async function pushAll(
  db: AppDatabase,
  transport: Transport,
  maxBatches = 100,
  batchSize = MAX_PUSH_BATCH,
): Promise<PushOutcome> {
  const deviceName = await readDeviceName(db)
  const flying: Sent[] = []
  let answered: { sent: Sent; acknowledged: string[] } | undefined
  let failure: TransportFailure | undefined
  let sentBatches = 0
  let pushed = 0
  /** Where the outbox is read from: the last entry of the batch read last (nextBatch). */
  let from: string | undefined
  for (;;) {
    const reading = failure === undefined && sentBatches < maxBatches
    const settled = answered
    answered = undefined
    if (settled || reading) {
      const opened = performance.now()
      const { batch, dropped, renamed } = await db.transaction(
        'rw',
        [db.outbox, db.changes],
        async () => {
          let started = performance.now()
          const drop = settled
            ? await dropAcknowledged(db, settled.sent, settled.acknowledged)
            : { dropped: 0, renamed: new Map<string, string>() }
          if (settled) span('push:drop', started, drop.dropped)
          started = performance.now()
          const next = reading ? await nextBatch(db, batchSize, flying[0], from) : undefined
          if (next) span('push:read', started, next.changes.length)
          return { batch: next, ...drop }
        },
      )
      span('push:transaction', opened)
      pushed += dropped
      for (const other of flying)
        other.entryKeys = other.entryKeys.map((key) => renamed.get(key) ?? key)
      if (batch && batch.changes.length > 0) {
        // A re-keyed entry only moves up (to its first waiting id), so this stays a lower bound.
        from = batch.entryKeys.at(-1)
        sentBatches += 1
        flying.push({
          ...batch,
          ids: new Set(batch.changes.map((change) => change.id)),
          answer: transport.push(db.clock.node, batch.changes, deviceName),
        })
        // Read and send the next while this one is in flight (a batch not full left nothing to
        // read: what is queued meanwhile is read with the answer's drop).
        if (flying.length < 2 && batch.changes.length >= batchSize && sentBatches < maxBatches)
          continue
      }
    }
    const oldest = flying.shift()
    if (!oldest) break
    const waiting = performance.now()
    const result = await oldest.answer
    span('push:wait', waiting)
    if (result.ok) answered = { sent: oldest, acknowledged: result.value.acknowledged }
    else failure ??= result
  }
  return failure ?? { ok: true, pushed }
}

/** Push one batch. `pushed` is 0 when nothing was waiting. */
export async function pushOnce(
  db: AppDatabase,
  transport: Transport,
  batchSize = MAX_PUSH_BATCH,
): Promise<PushOutcome> {
  return pushAll(db, transport, 1, batchSize)
}
