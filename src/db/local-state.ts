/**
 * What this tablet knows, as change records: every row state's changes (row-states.ts), which
 * merge to the same rows as all history ever applied here. Sent to a space this tablet joins, a
 * server that lost data, or queued after an import; each record is a valid change on the wire.
 */
import type { ChangeRecord } from './change-record'
import type { Tx } from './tx'

const PAGE = 2000

/** All row states as change records (read in pages of keys so a large tablet is not one read). */
export async function localStateAsChanges(tx: Tx): Promise<ChangeRecord[]> {
  const result: ChangeRecord[] = []
  let page = await tx.rowStates.orderBy(':id').limit(PAGE).toArray()
  while (page.length > 0) {
    for (const state of page) result.push(...state.changes)
    const last = page[page.length - 1]
    if (!last || page.length < PAGE) break
    page = await tx.rowStates.where(':id').above([last.table, last.rowId]).limit(PAGE).toArray()
  }
  return result
}
