/**
 * The merge rules of DESIGN §3, as pure functions over a policy that says which tables hold a
 * register: a row's state is the fold of the SET of its changes, so applying the same changes in
 * any order, any number of times, gives the same row (commutative, associative, idempotent).
 *
 * - Ordinary fields: last writer wins by HLC (then change id).
 * - A register (a workflow status): a group of fields written together, merged by the
 *   correction-aware register of status-register.ts; the row takes the group's values from the
 *   register's winning write.
 * - Append-only rows are inserted once with a unique id and only ever soft-deleted, which the LWW
 *   rule already merges.
 */
import { compareChanges, type Change } from './change'
import {
  registerFromWrites,
  registerValue,
  type RegisterPosition,
  type RegisterWrite,
} from './status-register'

export type RegisterSpec = {
  /** The field whose presence marks a change as a register write. */
  key: string
  /** Every field of the group; written together. */
  fields: readonly string[]
  /** Where a register write sits in the register, or null for a write it cannot read. */
  position: (fields: Record<string, unknown>) => RegisterPosition | null
}

/** Which table has which register (the app's policy lives in src/db). */
export type MergePolicy = { registers: Readonly<Record<string, RegisterSpec | undefined>> }

type MergeInput = Pick<Change, 'id' | 'table' | 'rowId' | 'fields' | 'hlc'>

/** The register writes among a row's changes, each carrying the change as its payload. */
export function registerWritesOf<TChange extends MergeInput>(
  spec: RegisterSpec,
  changes: readonly TChange[],
): RegisterWrite<TChange>[] {
  const writes: RegisterWrite<TChange>[] = []
  for (const change of changes) {
    if (!(spec.key in change.fields)) continue
    const position = spec.position(change.fields)
    if (position) writes.push({ ...position, hlc: change.hlc, id: change.id, payload: change })
  }
  return writes
}

/**
 * The merged fields of one row from all its changes (duplicates allowed). Returns the field
 * values without `id`; the caller validates that the result is a complete row.
 */
export function mergeRow(
  policy: MergePolicy,
  table: string,
  changes: readonly MergeInput[],
): Record<string, unknown> {
  const register = policy.registers[table]
  const ordered = [...changes].sort(compareChanges)
  const state: Record<string, unknown> = {}
  for (const change of ordered) {
    for (const [field, value] of Object.entries(change.fields)) {
      if (register?.fields.includes(field)) continue
      state[field] = value
    }
  }
  if (register) {
    const winner = registerValue(registerFromWrites(registerWritesOf(register, changes))).winner
    if (winner) {
      for (const field of register.fields) {
        if (field in winner.payload.fields) state[field] = winner.payload.fields[field]
      }
    }
  }
  return state
}

/** The fields a write to `table` must carry together with `changed` (a register's whole group). */
export function registerGroupFor(
  policy: MergePolicy,
  table: string,
  changedFields: readonly string[],
): readonly string[] {
  const register = policy.registers[table]
  if (!register) return []
  return changedFields.some((field) => register.fields.includes(field)) ? register.fields : []
}

/**
 * The smallest set of changes that merges to the same row as `changes`, together with ANY other
 * changes (so a new device can start from it instead of replaying history): per field, the
 * latest write survives; per register, every entry of its state (the latest write per epoch, kind
 * and rank), which is what the correction rule needs to judge later corrections. Surviving fields
 * are regrouped under the change that wrote them (same id and HLC), so clocks are preserved.
 */
export function compactChanges<TChange extends Change>(
  policy: MergePolicy,
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
    const register = policy.registers[first.table]
    const ordered = [...new Map(rowChanges.map((change) => [change.id, change])).values()].sort(
      compareChanges,
    )
    const lastWriter = new Map<string, TChange>()
    for (const change of ordered) {
      for (const field of Object.keys(change.fields)) {
        if (!register?.fields.includes(field)) lastWriter.set(field, change)
      }
    }
    const kept = new Map<string, { change: TChange; fields: Record<string, unknown> }>()
    const keep = (change: TChange, field: string) => {
      const entry = kept.get(change.id) ?? { change, fields: {} }
      entry.fields[field] = change.fields[field]
      kept.set(change.id, entry)
    }
    for (const [field, change] of lastWriter) keep(change, field)
    if (register) {
      for (const write of registerFromWrites(registerWritesOf(register, ordered)).values())
        for (const field of register.fields)
          if (field in write.payload.fields) keep(write.payload, field)
    }
    for (const { change, fields } of kept.values()) result.push({ ...change, fields })
  }
  return result.sort(compareChanges)
}
