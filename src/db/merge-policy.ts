/**
 * The app's merge policy: which synced table holds a register (the assignment's status; every
 * other field merges last-writer-wins), bound to the pure merge of the conflict-resolution core.
 * Every replica and the server merge through these, so they agree on every row.
 */
import {
  compactChanges as compactWithPolicy,
  mergeRow as mergeWithPolicy,
  registerGroupFor as groupWithPolicy,
  type MergePolicy,
  type RegisterSpec,
} from '../crdt/merge'
import type { ChangeRecord, SyncedTable } from './change-record'
import { STATUS_REGISTER } from './schema/package-workflow'

export const REGISTERS: Partial<Record<SyncedTable, RegisterSpec>> = {
  assignments: STATUS_REGISTER,
}

export const MERGE_POLICY: MergePolicy = { registers: REGISTERS }

type MergeInput = Pick<ChangeRecord, 'id' | 'table' | 'rowId' | 'fields' | 'hlc'>

/** The merged fields (without `id`) of one row from all its changes, duplicates allowed. */
export function mergeRow(
  table: SyncedTable,
  changes: readonly MergeInput[],
): Record<string, unknown> {
  return mergeWithPolicy(MERGE_POLICY, table, changes)
}

/** The smallest set of changes that merges to the same rows (a snapshot; crdt/merge.ts). */
export function compactChanges<TChange extends ChangeRecord>(
  changes: readonly TChange[],
): TChange[] {
  return compactWithPolicy(MERGE_POLICY, changes)
}

/** The fields a write to `table` must carry together with `changedFields`. */
export function registerGroupFor(
  table: SyncedTable,
  changedFields: readonly string[],
): readonly string[] {
  return groupWithPolicy(MERGE_POLICY, table, changedFields)
}
