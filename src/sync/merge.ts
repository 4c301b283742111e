/**
 * The merge rules of DESIGN §3, as a pure function: a row's state is the fold of ALL the changes
 * ever made to it, so applying the same changes in any order, any number of times, gives the
 * same row (commutative, associative, idempotent: the fold depends only on the SET of changes).
 *
 * - Ordinary fields: last writer wins by HLC.
 * - Registers (the assignment's fulfilment status): a group of fields that move together; the
 *   winning change is the greatest by (correction epoch, workflow rank, HLC), so a stale device
 *   that still shows "assembled" can never overwrite a delivery, while an explicit revert (which
 *   raises the epoch) does win. Every write to a register carries the whole group (db/mutate.ts).
 * - Append-only rows (runs, status history) are inserted once with a unique id and only ever
 *   soft-deleted, which the LWW rule already merges.
 */
import type { ChangeRecord, SyncedTable } from './change-record'

export type Register = {
  /** The field whose presence marks a change as a register write. */
  key: string
  /** Every field of the group; written together. */
  fields: readonly string[]
  /** Orders two register writes; the greater wins. */
  rank: (fields: Record<string, unknown>) => readonly number[]
}

const STATUS_RANK: Record<string, number> = { pending: 0, assembled: 1, delivered: 2 }

export const REGISTERS: Partial<Record<SyncedTable, Register>> = {
  assignments: {
    key: 'status',
    fields: ['status', 'statusEpoch', 'deliveredTo', 'deliveredAt'],
    rank: (fields) => [
      typeof fields.statusEpoch === 'number' ? fields.statusEpoch : 0,
      STATUS_RANK[String(fields.status)] ?? -1,
    ],
  },
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

type MergeInput = Pick<ChangeRecord, 'id' | 'table' | 'rowId' | 'fields' | 'hlc'>

/**
 * The merged fields of one row from all its changes (duplicates allowed). Returns the field
 * values without `id`; the caller validates that the result is a complete row.
 */
export function mergeRow(
  table: SyncedTable,
  changes: readonly MergeInput[],
): Record<string, unknown> {
  const register = REGISTERS[table]
  const ordered = [...changes].sort((a, b) =>
    a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  )
  const state: Record<string, unknown> = {}
  let winner: MergeInput | undefined
  for (const change of ordered) {
    for (const [field, value] of Object.entries(change.fields)) {
      if (register?.fields.includes(field)) continue
      state[field] = value
    }
    if (register && register.key in change.fields) {
      if (!winner) winner = change
      else {
        const order = compareRanks(register.rank(change.fields), register.rank(winner.fields))
        // Equal rank: the later HLC wins (changes are visited in HLC order).
        if (order >= 0) winner = change
      }
    }
  }
  if (register && winner) {
    for (const field of register.fields) {
      if (field in winner.fields) state[field] = winner.fields[field]
    }
  }
  return state
}

/** The fields a write to `table` must carry together with `changed` (a register's whole group). */
export function registerGroupFor(
  table: SyncedTable,
  changedFields: readonly string[],
): readonly string[] {
  const register = REGISTERS[table]
  if (!register) return []
  return changedFields.some((field) => register.fields.includes(field)) ? register.fields : []
}
