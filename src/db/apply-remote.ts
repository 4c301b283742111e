/**
 * The merge path of DESIGN §3: changes made on other devices are folded into the touched rows'
 * states (crdt/row-state.ts) and the rows they merge to are written, with the read models kept
 * exact in the same transaction. Cost follows the batch, never the history; re-delivery is a
 * no-op. Local writes are in mutate.ts; this is the only other writer of domain tables.
 */
import { z } from 'zod'
import type { ChangeRecord, RowState } from './change-record'
import { MERGE_POLICY, registerGroupFor } from './merge-policy'
import { rowOfState } from '../crdt/row-state'
import { foldRow, groupByRow, stateRecord } from './row-states'
import { AppDatabase } from './database'
import { applyEventSummaryDeltas, isSummarySource } from './event-summary'
import { ROW_SCHEMAS, type DomainTableName, type RowOf } from './tables'
import type { Tx } from './tx'

function databaseOf(tx: Tx): AppDatabase {
  if (!(tx.db instanceof AppDatabase))
    throw new Error('applyRemote needs a transaction of AppDatabase')
  return tx.db
}

function tableOf<TName extends DomainTableName>(tx: Tx, table: TName) {
  return tx.table<RowOf<TName>, string>(table)
}

export type ApplyRemoteResult = {
  /** Changes that changed a row's state (not seen before, nor older than all they write). */
  applied: number
  /** A remote clock was further ahead than the drift bound (tell the user in Settings). */
  clockDrift: boolean
}

/**
 * Apply changes made on other devices (the merge path of DESIGN §3): ONE bulkGet of the touched
 * rows' states, each folded with its changes (crdt/row-state.ts), then one bulkPut of the states
 * and one per table of the rows that changed. The cost follows the batch, never the history.
 * Re-delivery is a no-op by construction: a change already in a state, or older than every field
 * it writes, leaves the state as it was. A row whose creating change has not arrived yet is not
 * materialised until it does; fields this version does not know are kept in the state (so they
 * are passed on) and left out of the row.
 */
export async function applyRemote(
  tx: Tx,
  changes: readonly ChangeRecord[],
): Promise<ApplyRemoteResult> {
  const database = databaseOf(tx)
  const groups = [...groupByRow(changes).values()]
  if (groups.length === 0) return { applied: 0, clockDrift: false }
  const states = await tx.rowStates.bulkGet(groups.map((group) => group.key))
  let applied = 0
  let newest = ''
  const nextStates: RowState[] = []
  const patches: (ChangeRecord | undefined)[] = []
  groups.forEach((group, index) => {
    const before = states[index]?.changes ?? []
    const seen = new Set(before.map((change) => change.id))
    const fresh = [...new Map(group.changes.map((change) => [change.id, change])).values()].filter(
      (change) => !seen.has(change.id),
    )
    if (fresh.length === 0) return
    const after = foldRow(before, fresh)
    const afterIds = new Set(after.map((change) => change.id))
    const changed = after.length !== before.length || before.some((c) => !afterIds.has(c.id))
    if (!changed) return
    // Every fresh change that would alter the state on its own counts as applied.
    for (const change of fresh) {
      const alone = fresh.length === 1 || afterIds.has(change.id) || alters(before, change)
      if (!alone) continue
      applied += 1
      if (change.hlc > newest) newest = change.hlc
    }
    const record = stateRecord(after)
    if (!record) return
    nextStates.push(record)
    // One change newer than everything the row had, writing no register field (the common
    // edit): the row is the stored row with those fields, no merge needed.
    const only = fresh.length === 1 ? fresh[0] : undefined
    const plainNewest =
      only !== undefined &&
      before.length > 0 &&
      registerGroupFor(only.table, Object.keys(only.fields)).length === 0 &&
      before.every((change) => change.hlc < only.hlc)
    patches.push(plainNewest ? only : undefined)
  })
  if (nextStates.length === 0) return { applied: 0, clockDrift: false }
  await writeStates(tx, nextStates, patches)
  const clockDrift = newest ? database.clock.receive(newest).drifted : false
  return { applied, clockDrift }
}

/**
 * Store new states and the rows they merge to (one bulkPut per table), keeping the read models
 * exact. A state whose row is not complete yet (its creating change has not arrived) is stored
 * without a row; fields this version does not know stay in the state and out of the row.
 */
export async function writeStates(
  tx: Tx,
  nextStates: readonly RowState[],
  patches?: readonly (ChangeRecord | undefined)[],
): Promise<void> {
  const indexesByTable = new Map<DomainTableName, number[]>()
  nextStates.forEach((state, index) => {
    const list = indexesByTable.get(state.table)
    if (list) list.push(index)
    else indexesByTable.set(state.table, [index])
  })
  // The rows as they were: the read models need them, and a patched row is built on them.
  const befores = new Map<DomainTableName, (RowOf<DomainTableName> | undefined)[]>()
  await Promise.all(
    [...indexesByTable]
      .filter(
        ([table, indexes]) =>
          isSummarySource(table) || indexes.some((index) => patches?.[index] !== undefined),
      )
      .map(async ([table, indexes]) => {
        const ids = indexes.map((index) => nextStates[index]!.rowId)
        befores.set(table, await tableOf(tx, table).bulkGet(ids))
      }),
  )
  const writes = new Map<DomainTableName, { before: unknown; after: unknown }[]>()
  for (const [table, indexes] of indexesByTable) {
    const before = befores.get(table)
    const list: { before: unknown; after: unknown }[] = []
    indexes.forEach((index, position) => {
      const state = nextStates[index]!
      const old = before?.[position]
      const patch = patches?.[index]
      const after =
        (patch && old && patchedRow(table, old, patch)) ??
        rowOfStateChanges(table, state.rowId, state.changes)
      if (after !== undefined) list.push({ before: old, after })
    })
    if (list.length > 0) writes.set(table, list)
  }
  await Promise.all([
    tx.rowStates.bulkPut([...nextStates]),
    ...[...writes].map(([table, list]) =>
      tableOf(tx, table).bulkPut(list.map(({ after }) => after) as RowOf<typeof table>[]),
    ),
  ])
  for (const [table, list] of writes) {
    if (!befores.has(table) || !isSummarySource(table)) continue
    await applyEventSummaryDeltas(
      tx,
      table,
      list.map(({ before, after }) => ({
        before: before as RowOf<typeof table> | undefined,
        after: after as RowOf<typeof table>,
      })),
    )
  }
}

/**
 * The stored row with a newest plain edit applied: each field this version knows is validated by
 * its own schema; unknown fields stay out. Undefined when a value does not validate (the caller
 * then merges the state).
 */
function patchedRow(table: DomainTableName, row: unknown, change: ChangeRecord): unknown {
  const shape = ROW_SCHEMAS[table].shape as Record<string, z.ZodType | undefined>
  const next: Record<string, unknown> = { ...(row as Record<string, unknown>) }
  for (const [field, value] of Object.entries(change.fields)) {
    const schema = shape[field]
    if (!schema || field === 'id') continue
    const parsed = schema.safeParse(value)
    if (!parsed.success) return undefined
    next[field] = parsed.data
  }
  return next
}

/** The row a state merges to, or undefined while it is incomplete (its creation not arrived). */
function rowOfStateChanges(
  table: DomainTableName,
  rowId: string,
  changes: readonly ChangeRecord[],
): unknown {
  const parsed = lenientSchema(table).safeParse({
    ...rowOfState(MERGE_POLICY, table, changes),
    id: rowId,
  })
  return parsed.success ? parsed.data : undefined
}

/** Whether folding `change` alone into `state` changes it. */
function alters(state: readonly ChangeRecord[], change: ChangeRecord): boolean {
  const after = foldRow(state, [change])
  return after.some((entry) => entry.id === change.id)
}

const lenientSchemas = new Map<DomainTableName, z.ZodType>()

/** The row schema without the strictness: unknown (newer) fields are dropped, not refused. */
function lenientSchema(table: DomainTableName): z.ZodType {
  let schema = lenientSchemas.get(table)
  if (!schema) {
    schema = z.object(ROW_SCHEMAS[table].shape)
    lenientSchemas.set(table, schema)
  }
  return schema
}
