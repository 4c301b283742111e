/**
 * Push: send local changes the server has not acknowledged, in batches, and mark the acknowledged
 * ones. The server acknowledges by change id, so a retried or duplicated push stores nothing
 * twice; a change is only marked after the server said it has it.
 */
import type { AppDatabase } from '../db/database'
import type { SyncFailureReason } from './status-store'
import type { Transport } from './transport'
import { MAX_PUSH_BATCH } from './wire'

export type PushOutcome =
  { ok: true; pushed: number } | { ok: false; reason: SyncFailureReason; detail: string }

/** Push one batch. `pushed` is 0 when nothing was waiting. */
export async function pushOnce(
  db: AppDatabase,
  transport: Transport,
  batchSize = MAX_PUSH_BATCH,
): Promise<PushOutcome> {
  const waiting = await db.changes.where('pushed').equals(0).limit(batchSize).toArray()
  if (waiting.length === 0) return { ok: true, pushed: 0 }
  const result = await transport.push(
    db.clock.node,
    waiting.map(({ pushed: _pushed, ...change }) => change),
  )
  if (!result.ok) return result
  const acknowledged = new Set(result.value.acknowledged)
  const sent = waiting.filter((change) => acknowledged.has(change.id))
  await db.transaction('rw', [db.changes], async () => {
    // Change records never change but for `pushed`, so the records in hand are written back
    // whole: a put each, instead of a get and a put each (bulkUpdate), which was most of a push
    // (bench). Only the keys in the batch's id range are read, so a change deleted meanwhile (a
    // restored backup) is not brought back.
    const ids = sent.map((change) => change.id).sort()
    const first = ids[0]
    const last = ids[ids.length - 1]
    if (first === undefined || last === undefined) return
    const present = new Set(
      await db.changes.where('id').between(first, last, true, true).primaryKeys(),
    )
    await db.changes.bulkPut(
      sent
        .filter((change) => present.has(change.id))
        .map((change) => ({ ...change, pushed: 1 as const })),
    )
  })
  return { ok: true, pushed: sent.length }
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
