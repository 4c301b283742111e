/**
 * Upgrade to schema version 10: every row state is rewritten in its compact stored form
 * (row-states.ts `encodeState`). Reads return a version-9 record as it is and writes encode, so
 * the upgrade is a read and a put of each state, in pages of the primary key.
 */
import type { Transaction } from 'dexie'
import type { RowState } from '../change-record'
import type { RowKey } from '../row-states'

const PAGE = 2000

export async function compactRowStates(tx: Transaction): Promise<void> {
  const states = tx.table<RowState, RowKey>('rowStates')
  let page = await states.orderBy(':id').limit(PAGE).toArray()
  while (page.length > 0) {
    await states.bulkPut(page)
    const last = page[page.length - 1]
    if (!last || page.length < PAGE) break
    page = await states.where(':id').above([last.table, last.rowId]).limit(PAGE).toArray()
  }
}
