/**
 * Re-stamping after a wrong clock (DESIGN §3, Clocks): the server refuses changes stamped more
 * than CLOCK_TOLERANCE_MS ahead of its clock. Once this tablet's wall clock is right again, its
 * waiting changes stamped beyond that bound get fresh stamps, in their original order, and the
 * rows they touch are merged again. Only changes the server never stored can be beyond the bound,
 * so no change the server holds is ever given a second stamp.
 */
import type { AppDatabase } from '../db/database'
import { applyRemote } from '../db/mutate'
import { ALL_TABLES } from '../db/tables'
import type { ChangeRecord } from '../db/change-record'
import { formatHlc, parseHlc } from '../crdt/hlc'

export type RestampResult = { restamped: number }

/**
 * Give every waiting change stamped after `ceiling` (ms: the server's clock plus the tolerance)
 * a new stamp from this device's clock, rewound to the newest stamp at or below `ceiling`. One
 * transaction: the stamps, the outbox (ids unchanged) and the re-merged rows move together.
 */
export async function restampWaitingChanges(
  db: AppDatabase,
  ceiling: number,
): Promise<RestampResult> {
  return db.transaction('rw', [...ALL_TABLES], async (tx) => {
    const queued = await tx.outbox.toCollection().primaryKeys()
    const waiting = await tx.changes.bulkGet(queued)
    const ahead = waiting
      .filter((change): change is ChangeRecord => change !== undefined)
      .filter((change) => parseHlc(change.hlc).wall > ceiling)
      .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    if (ahead.length === 0) return { restamped: 0 }
    // The newest stamp this device may keep: every later one is about to be replaced.
    const bound = formatHlc({ wall: ceiling + 1, counter: 0, node: '' })
    const newestKept = await tx.changes.where('hlc').below(bound).last()
    db.clock.rewind(newestKept?.hlc)
    await tx.changes.bulkDelete(ahead.map((change) => change.id))
    const restamped = ahead.map((change) => ({ ...change, hlc: db.clock.next() }))
    // Stores them again and rebuilds every row they touch as the merge of all its changes.
    await applyRemote(tx, restamped)
    return { restamped: restamped.length }
  })
}
