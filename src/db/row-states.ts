/**
 * The `rowStates` table (DESIGN §3, "state, not history"): per synced row its state, the compacted
 * set of its changes (crdt/row-state.ts). Folding changes into states costs the batch and the
 * states it touches, never the rows' history; `mutate`, `applyRemote`, restamping, the upgrade and
 * backup import all go through here, so a stored state is always a compaction.
 */
import type { Table } from 'dexie'
import { foldIntoState } from '../crdt/row-state'
import type { ChangeRecord, RowState, SyncedTable } from './change-record'
import { MERGE_POLICY } from './merge-policy'

export type RowKey = [SyncedTable, string]

/** The newest clock among a state's changes ('' for none). */
export function newestHlc(changes: readonly Pick<ChangeRecord, 'hlc'>[]): string {
  let newest = ''
  for (const change of changes) if (change.hlc > newest) newest = change.hlc
  return newest
}

/** A state record for `changes`, which must all belong to one row and be compacted. */
export function stateRecord(changes: ChangeRecord[]): RowState | undefined {
  const first = changes[0]
  if (!first) return undefined
  return { table: first.table, rowId: first.rowId, hlc: newestHlc(changes), changes }
}

/** Fold `changes` (one row's) into `state`; the result is compacted. */
export function foldRow(
  state: readonly ChangeRecord[] | undefined,
  changes: readonly ChangeRecord[],
): ChangeRecord[] {
  return foldIntoState(MERGE_POLICY, state ?? [], changes)
}

export const rowKeyString = (table: string, rowId: string) => `${table}\u0000${rowId}`

/** Group changes by row, in first-seen order. */
export function groupByRow(
  changes: readonly ChangeRecord[],
): Map<string, { key: RowKey; changes: ChangeRecord[] }> {
  const byRow = new Map<string, { key: RowKey; changes: ChangeRecord[] }>()
  for (const change of changes) {
    const id = rowKeyString(change.table, change.rowId)
    const group = byRow.get(id)
    if (group) group.changes.push(change)
    else byRow.set(id, { key: [change.table, change.rowId], changes: [change] })
  }
  return byRow
}

/**
 * Fold a set of changes (any rows) into the stored states: one bulkGet, one bulkPut. Used where
 * no row is written from the result (upgrade, import); `applyRemote` has its own loop.
 */
export async function foldIntoStoredStates(
  table: Table<RowState, RowKey>,
  changes: readonly ChangeRecord[],
): Promise<void> {
  const groups = [...groupByRow(changes).values()]
  if (groups.length === 0) return
  const states = await table.bulkGet(groups.map((group) => group.key))
  const next: RowState[] = []
  groups.forEach((group, index) => {
    const record = stateRecord(foldRow(states[index]?.changes, group.changes))
    if (record) next.push(record)
  })
  await table.bulkPut(next)
}
