/**
 * What one local write touches besides its row, for transactions scoped to what an action uses
 * (src/transactions/declared-tables.ts). A write through `mutate` (insert, update, soft delete and
 * their bulk paths) also writes its change record, the outbox entry, the row's state and the newest
 * state clock (`meta`), and a
 * write to a summary source updates `eventSummaries`. Change `WRITE_TABLES` here, and only here,
 * when the write path changes; every service declaration follows.
 */
import { isSummarySource } from './event-summary'
import type { DomainTableName, TableName } from './tables'

export const WRITE_TABLES = [
  'changes',
  'outbox',
  'rowStates',
  // The newest state clock (newest-clock.ts).
  'meta',
] as const satisfies readonly TableName[]

/** Every table a `mutate` write of `table` touches: the table itself, WRITE_TABLES, read models. */
export function tablesTouchedByWriting(table: DomainTableName): TableName[] {
  return [table, ...WRITE_TABLES, ...(isSummarySource(table) ? (['eventSummaries'] as const) : [])]
}
