/**
 * Upgrade to schema version 7 (state, not history): the change log a tablet holds is folded, once,
 * into one state per row (row-states.ts), and every change the server has acknowledged is dropped.
 * Changes still in the outbox stay, whole, so they are pushed as before.
 */
import type { Transaction } from 'dexie'
import type { ChangeRecord, OutboxEntry, RowState } from '../change-record'
import { foldIntoStoredStates, type RowKey } from '../row-states'

const PAGE = 5000

export async function foldChangeLogIntoStates(tx: Transaction): Promise<void> {
  const changes = tx.table<ChangeRecord, string>('changes')
  const states = tx.table<RowState, RowKey>('rowStates')
  // Folding is incremental (a state folded with more changes is the fold of all), so the log is
  // read in pages of ids, never all at once.
  let page = await changes.orderBy('id').limit(PAGE).toArray()
  while (page.length > 0) {
    await foldIntoStoredStates(states, page)
    const last = page[page.length - 1]
    if (!last || page.length < PAGE) break
    page = await changes.where('id').above(last.id).limit(PAGE).toArray()
  }
  const waiting = new Set(
    await tx.table<OutboxEntry, string>('outbox').toCollection().primaryKeys(),
  )
  const acknowledged = (await changes.toCollection().primaryKeys()).filter((id) => !waiting.has(id))
  await changes.bulkDelete(acknowledged)
}
