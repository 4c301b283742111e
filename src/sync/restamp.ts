/**
 * Re-stamping after a wrong clock (DESIGN §3, Clocks): the server refuses changes stamped more
 * than CLOCK_TOLERANCE_MS ahead of its clock. Once this tablet's wall clock is right again, its
 * waiting changes stamped beyond that bound get fresh stamps, in their original order, in the
 * outbox and in the row states that hold them. Only changes the server never stored can be beyond
 * the bound, so no change the server holds is ever given a second stamp.
 */
import type { AppDatabase } from '../db/database'
import { readNewestRemoteHlc, writeStates } from '../db/apply-remote'
import { foldRow, stateRecord } from '../db/row-states'
import { ALL_TABLES } from '../db/tables'
import { idsOf, type ChangeRecord, type RowState } from '../db/change-record'
import { formatHlc, parseHlc } from '../crdt/hlc'
import { newestOf, setNewestStateClock } from '../db/newest-clock'

export type RestampResult = { restamped: number }

/**
 * Give every waiting change stamped after `ceiling` (ms: the server's clock plus the tolerance)
 * a new stamp from this device's clock, rewound to the newest stamp at or below `ceiling`. One
 * transaction: the stamps, the outbox (ids unchanged), the states and their rows move together.
 */
export async function restampWaitingChanges(
  db: AppDatabase,
  ceiling: number,
): Promise<RestampResult> {
  return db.transaction('rw', [...ALL_TABLES], async (tx) => {
    const queued = (await tx.outbox.toArray()).flatMap(idsOf)
    const waiting = await tx.changes.bulkGet(queued)
    const ahead = waiting
      .filter((change): change is ChangeRecord => change !== undefined)
      .filter((change) => parseHlc(change.hlc).wall > ceiling)
      .sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
    if (ahead.length === 0) return { restamped: 0 }
    // The newest stamp this device may keep: every later one is about to be replaced. States
    // whose newest clock is beyond the bound are exactly those holding a change being replaced;
    // their other entries count too. So does the newest change received from another device: a
    // state forgets a write its ahead change overwrote, and a fresh stamp below that write would
    // lose to it on the server while winning here.
    const bound = formatHlc({ wall: ceiling + 1, counter: 0, node: '' })
    const aheadStates = await tx.rowStates.where('hlc').aboveOrEqual(bound).toArray()
    let newestKept = (await tx.rowStates.where('hlc').below(bound).last())?.hlc ?? ''
    const waitingKept = (await tx.changes.where('hlc').below(bound).last())?.hlc ?? ''
    if (waitingKept > newestKept) newestKept = waitingKept
    const received = await readNewestRemoteHlc(tx)
    if (received < bound && received > newestKept) newestKept = received
    for (const state of aheadStates)
      for (const change of state.changes)
        if (change.hlc < bound && change.hlc > newestKept) newestKept = change.hlc
    db.clock.rewind(newestKept || undefined)
    const restamped = ahead.map((change) => ({ ...change, hlc: db.clock.next() }))
    const stampOf = new Map(restamped.map((change) => [change.id, change.hlc]))
    await tx.changes.bulkPut(restamped)
    // Each state keeps the same entries with their new stamps (refolded, so it stays compacted),
    // and its row is merged again.
    const next: RowState[] = []
    for (const state of aheadStates) {
      const changes = state.changes.map((change) => {
        const hlc = stampOf.get(change.id)
        return hlc === undefined ? change : { ...change, hlc }
      })
      const record = stateRecord(foldRow([], changes))
      if (record) next.push(record)
    }
    await writeStates(tx, next)
    // The states that ran ahead hold their new stamps now: the newest clock goes down with them
    // (to the clock's, or a later one some state still holds, e.g. another device's).
    await setNewestStateClock(
      tx,
      db,
      newestOf(
        restamped.at(-1)?.hlc ?? (newestKept || undefined),
        next.map((state) => state.hlc),
      ),
    )
    return { restamped: restamped.length }
  })
}
