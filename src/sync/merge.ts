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

/**
 * The smallest set of changes that merges to the same row as `changes`, together with ANY other
 * changes (so a new device can start from it instead of replaying history): per field, the
 * latest write survives; per register, the winning write. Surviving fields are regrouped under
 * the change that wrote them (same id and HLC), so per-field clocks are preserved exactly.
 */
export function compactChanges<TChange extends ChangeRecord>(
  changes: readonly TChange[],
): TChange[] {
  const byRow = new Map<string, TChange[]>()
  for (const change of changes) {
    const key = `${change.table}\u0000${change.rowId}`
    const list = byRow.get(key)
    if (list) list.push(change)
    else byRow.set(key, [change])
  }
  const result: TChange[] = []
  for (const rowChanges of byRow.values()) {
    const first = rowChanges[0]
    if (!first) continue
    const register = REGISTERS[first.table]
    const ordered = [...new Map(rowChanges.map((change) => [change.id, change])).values()].sort(
      (a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : 1),
    )
    const lastWriter = new Map<string, TChange>()
    let winner: TChange | undefined
    for (const change of ordered) {
      for (const field of Object.keys(change.fields)) {
        if (!register?.fields.includes(field)) lastWriter.set(field, change)
      }
      if (register && register.key in change.fields) {
        if (
          !winner ||
          compareRanks(register.rank(change.fields), register.rank(winner.fields)) >= 0
        )
          winner = change
      }
    }
    const kept = new Map<string, { change: TChange; fields: Record<string, unknown> }>()
    const keep = (change: TChange, field: string) => {
      const entry = kept.get(change.id) ?? { change, fields: {} }
      entry.fields[field] = change.fields[field]
      kept.set(change.id, entry)
    }
    for (const [field, change] of lastWriter) keep(change, field)
    if (register && winner)
      for (const field of register.fields) if (field in winner.fields) keep(winner, field)
    for (const { change, fields } of kept.values()) result.push({ ...change, fields })
  }
  return result.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
}
