/**
 * A row's state (DESIGN §3, "state, not history"): the smallest set of its changes that merges to
 * the same row together with any later changes (merge.ts `compactChanges`) — per field the write
 * that set it (its id, clock and device), per register every entry the correction rule needs.
 * Folding a batch into a state costs the state's size plus the batch's, never the row's history;
 * tablets and the server keep rows this way, and a state is itself a valid set of changes to ship.
 */
import { compareChanges, type Change } from './change'
import { compactChanges, mergeRow, type MergePolicy } from './merge'

type StateChange = Pick<Change, 'id' | 'table' | 'rowId' | 'fields' | 'hlc' | 'deviceId'>

/**
 * The state of ONE row after `changes` (duplicates and already-folded changes allowed) are folded
 * into `state`. Every change must belong to the same table and row as the state.
 */
export function foldIntoState<TChange extends StateChange>(
  policy: MergePolicy,
  state: readonly TChange[],
  changes: readonly TChange[],
): TChange[] {
  const first = state[0] ?? changes[0]
  if (!first) return []
  for (const change of changes) {
    if (change.table !== first.table || change.rowId !== first.rowId)
      throw new Error(`foldIntoState: change ${change.id} belongs to another row`)
  }
  const only = changes.length === 1 ? changes[0] : undefined
  // A new row of a table without a register: its state is its one change, as it is.
  if (only && state.length === 0 && !policy.registers[only.table])
    return Object.keys(only.fields).length > 0 ? [only] : []
  if (only && state.length > 0) {
    const fast = foldNewest(policy, state, only)
    if (fast) return fast
  }
  return compactChanges(policy, [...state, ...changes])
}

/**
 * The common case without a full compaction: ONE change, newer than everything in the state and
 * writing no register field (an edit, local or remote). It takes over the fields it writes; an
 * entry left with no field drops out. Returns undefined when the case does not apply. Equal to
 * `compactChanges(state ∪ {change})` (the property test folds through here too).
 */
function foldNewest<TChange extends StateChange>(
  policy: MergePolicy,
  state: readonly TChange[],
  change: TChange,
): TChange[] | undefined {
  const written = Object.keys(change.fields)
  if (written.length === 0) return undefined
  const register = policy.registers[change.table]
  if (register && written.some((field) => register.fields.includes(field))) return undefined
  for (const entry of state) if (compareChanges(entry, change) >= 0) return undefined
  const result: TChange[] = []
  for (const entry of state) {
    if (!written.some((field) => Object.hasOwn(entry.fields, field))) {
      result.push(entry)
      continue
    }
    const fields: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(entry.fields))
      if (!Object.hasOwn(change.fields, field)) fields[field] = value
    if (Object.keys(fields).length > 0) result.push({ ...entry, fields })
  }
  result.push(change)
  return result
}

/** The row's merged fields (without `id`) from its state. */
export function rowOfState(
  policy: MergePolicy,
  table: string,
  state: readonly StateChange[],
): Record<string, unknown> {
  return mergeRow(policy, table, state)
}

/** Per field (register fields included), the clock and device of the write whose value it holds. */
export function fieldClocks(
  state: readonly StateChange[],
): Record<string, { hlc: string; id: string; deviceId: string }> {
  const clocks: Record<string, { hlc: string; id: string; deviceId: string }> = {}
  for (const change of state) {
    for (const field of Object.keys(change.fields)) {
      const known = clocks[field]
      if (!known || known.hlc < change.hlc || (known.hlc === change.hlc && known.id < change.id))
        clocks[field] = { hlc: change.hlc, id: change.id, deviceId: change.deviceId }
    }
  }
  return clocks
}
