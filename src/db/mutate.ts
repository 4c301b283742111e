/**
 * The ONLY writer of domain tables. Every insert, update and soft delete validates the resulting
 * row against its schema, writes it, folds one change record (DESIGN §3) into the row's state and
 * queues it for the server (`changes` + `outbox`) in the SAME transaction, so a rolled-back action
 * leaves neither the row, its state nor its change behind.
 *
 * Updates write the changed fields only, never whole objects, so concurrent edits of different
 * fields on two devices both survive a merge. Every function awaits only Dexie.
 *
 * Every write, local or remote, also updates the read models derived from the row (each row
 * before → after; event-summary.ts) in the same transaction, so they never lag the rows.
 */
import { z } from 'zod'
import type { ChangeRecord, RowState } from './change-record'
import { MERGE_POLICY, registerGroupFor } from './merge-policy'
import { rowOfState } from '../crdt/row-state'
import { foldRow, groupByRow, stateRecord } from './row-states'
import { actionIdFor } from './action-id'
import { AppDatabase } from './database'
import { applyEventSummaryDeltas, isSummarySource } from './event-summary'
import { newId } from './ids'
import { ROW_SCHEMAS, type DomainTableName, type RowOf } from './tables'
import type { Tx } from './tx'

type MetaField = 'id' | 'createdAt' | 'updatedAt' | 'deletedAt'
export type InsertData<TName extends DomainTableName> = Omit<RowOf<TName>, MetaField> & {
  id?: string
}
export type UpdateData<TName extends DomainTableName> = Partial<
  Omit<RowOf<TName>, 'id' | 'createdAt' | 'updatedAt'>
>

function databaseOf(tx: Tx): AppDatabase {
  if (!(tx.db instanceof AppDatabase)) throw new Error('mutate needs a transaction of AppDatabase')
  return tx.db
}

function tableOf<TName extends DomainTableName>(tx: Tx, table: TName) {
  return tx.table<RowOf<TName>, string>(table)
}

async function recordChange(
  tx: Tx,
  database: AppDatabase,
  table: DomainTableName,
  rowId: string,
  fields: Record<string, unknown>,
  newRow = false,
): Promise<void> {
  const clock = database.clock
  const id = newId()
  const change: ChangeRecord = { id, table, rowId, fields, hlc: clock.next(), deviceId: clock.node }
  // The row's state takes the change (its newest: it wins every field it writes); the change
  // itself waits in `changes` + `outbox` until the server acknowledges it.
  // A row whose id was generated just now has no state to read.
  const state = newRow ? undefined : await tx.rowStates.get([table, rowId])
  const folded = stateRecord(foldRow(state?.changes, [change]))
  if (folded) await tx.rowStates.put(folded)
  await tx.changes.add(change)
  await tx.outbox.add({ id, action: actionIdFor(tx, id) })
}

function parseRow<TName extends DomainTableName>(table: TName, candidate: unknown): RowOf<TName> {
  const result = ROW_SCHEMAS[table].safeParse(candidate)
  if (!result.success) {
    // Services validate their input first, so this is a programming error, not user input.
    throw new Error(`Refused to write an invalid ${table} row: ${result.error.message}`)
  }
  return result.data as RowOf<TName>
}

/** Insert a new row (id generated unless given) and record the change. */
export async function insert<TName extends DomainTableName>(
  tx: Tx,
  table: TName,
  data: InsertData<TName>,
): Promise<RowOf<TName>> {
  const database = databaseOf(tx)
  const at = new Date(database.now()).toISOString()
  const row = parseRow(table, {
    ...data,
    id: data.id ?? newId(),
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  })
  await tableOf(tx, table).add(row)
  await applyEventSummaryDeltas(tx, table, [{ before: undefined, after: row }])
  const { id, ...fields } = row
  await recordChange(tx, database, table, id, fields, data.id === undefined)
  return row
}

/**
 * Set the given fields of an existing row (soft-deleted rows included: setting `deletedAt: null`
 * revives one). Returns the updated row, or `undefined` when no row has this id. Fields whose value
 * does not change are not written; when nothing changes, nothing is written or recorded.
 */
export async function update<TName extends DomainTableName>(
  tx: Tx,
  table: TName,
  id: string,
  changes: UpdateData<TName>,
): Promise<RowOf<TName> | undefined> {
  const database = databaseOf(tx)
  const existing = await tableOf(tx, table).get(id)
  if (!existing) return undefined
  const changed: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue
    if (JSON.stringify((existing as Record<string, unknown>)[field]) !== JSON.stringify(value)) {
      changed[field] = value
    }
  }
  if (Object.keys(changed).length === 0) return existing
  changed.updatedAt = new Date(database.now()).toISOString()
  const row = parseRow(table, { ...existing, ...changed })
  // A register (the fulfilment status) merges as a whole group ordered by its own rank, so every
  // write to it carries the complete group, e.g. the epoch a forward step was made in.
  for (const field of registerGroupFor(table, Object.keys(changed))) {
    changed[field] = (row as Record<string, unknown>)[field]
  }
  // Write the changed fields only (DESIGN §2), never the whole object.
  await tableOf(tx, table).update(id, changed as never)
  await applyEventSummaryDeltas(tx, table, [{ before: existing, after: row }])
  await recordChange(tx, database, table, id, changed)
  return row
}

/** Soft-delete a row. Returns false when there is no such row or it is already deleted. */
export async function softDelete(tx: Tx, table: DomainTableName, id: string): Promise<boolean> {
  const existing = await tableOf(tx, table).get(id)
  if (!existing || existing.deletedAt !== null) return false
  const database = databaseOf(tx)
  await update(tx, table, id, { deletedAt: new Date(database.now()).toISOString() })
  return true
}

/**
 * Queue changes of this transaction for the server and fold them into their rows' states, in
 * bulk: one bulkGet and one bulkPut of states, one bulkAdd each of changes and outbox entries.
 */
async function recordChanges(
  tx: Tx,
  changes: readonly ChangeRecord[],
  newRows: ReadonlySet<string> = new Set(),
): Promise<void> {
  if (changes.length === 0) return
  const groups = [...groupByRow(changes).values()]
  // A row whose id was generated just now has no state yet: only the others are read.
  const toRead = groups.filter((group) => !newRows.has(group.key[1]))
  const read = toRead.length > 0 ? await tx.rowStates.bulkGet(toRead.map((g) => g.key)) : []
  const found = new Map(toRead.map((group, index) => [group, read[index]]))
  const states = groups.map((group) => found.get(group))
  const next: RowState[] = []
  groups.forEach((group, index) => {
    const record = stateRecord(foldRow(states[index]?.changes, group.changes))
    if (record) next.push(record)
  })
  const action = actionIdFor(tx, changes[0]!.id)
  await Promise.all([
    tx.rowStates.bulkPut(next),
    tx.changes.bulkAdd([...changes]),
    tx.outbox.bulkAdd(changes.map((change) => ({ id: change.id, action }))),
  ])
}

function newChange(
  database: AppDatabase,
  table: DomainTableName,
  rowId: string,
  fields: Record<string, unknown>,
): ChangeRecord {
  const clock = database.clock
  return { id: newId(), table, rowId, fields, hlc: clock.next(), deviceId: clock.node }
}

/**
 * Insert many new rows of one table at once (the bulk path of `insert`): every row is validated
 * first, then the rows, their states, changes and outbox entries and the read-model deltas are
 * written with one bulk request each. Same records as one `insert` per row; a failing row (an
 * invalid one, or an id that exists) fails the whole call before anything is written, or, for a
 * duplicate id, fails the transaction.
 */
export async function insertMany<TName extends DomainTableName>(
  tx: Tx,
  table: TName,
  data: readonly InsertData<TName>[],
): Promise<RowOf<TName>[]> {
  if (data.length === 0) return []
  const database = databaseOf(tx)
  const at = new Date(database.now()).toISOString()
  const generated = new Set<string>()
  const rows = data.map((item) => {
    let id = item.id
    if (id === undefined) {
      id = newId()
      generated.add(id)
    }
    return parseRow(table, { ...item, id, createdAt: at, updatedAt: at, deletedAt: null })
  })
  await tableOf(tx, table).bulkAdd(rows)
  await applyEventSummaryDeltas(
    tx,
    table,
    rows.map((row) => ({ before: undefined, after: row })),
  )
  await recordChanges(
    tx,
    rows.map((row) => {
      const { id, ...fields } = row
      return newChange(database, table, id, fields)
    }),
    generated,
  )
  return rows
}

/**
 * Set fields of many existing rows of one table at once (the bulk path of `update`): one bulkGet,
 * then per row exactly what `update` does (only changed fields, the whole register group, the
 * same change record), written with one bulk request per table. Ids without a row, and rows where
 * nothing changes, are skipped; returns the rows written.
 */
export async function updateMany<TName extends DomainTableName>(
  tx: Tx,
  table: TName,
  updates: readonly { id: string; changes: UpdateData<TName> }[],
): Promise<RowOf<TName>[]> {
  if (updates.length === 0) return []
  const database = databaseOf(tx)
  const existing = await tableOf(tx, table).bulkGet(updates.map((item) => item.id))
  const at = new Date(database.now()).toISOString()
  const written: { before: RowOf<TName>; after: RowOf<TName>; changed: Record<string, unknown> }[] =
    []
  const seen = new Map<string, number>()
  updates.forEach((item, index) => {
    // A second update of the same row in one call builds on the first.
    const position = seen.get(item.id)
    const before = position === undefined ? existing[index] : written[position]?.after
    if (!before) return
    const changed: Record<string, unknown> = {}
    for (const [field, value] of Object.entries(item.changes)) {
      if (value === undefined) continue
      if (JSON.stringify((before as Record<string, unknown>)[field]) !== JSON.stringify(value))
        changed[field] = value
    }
    if (Object.keys(changed).length === 0) return
    changed.updatedAt = at
    const after = parseRow(table, { ...before, ...changed })
    for (const field of registerGroupFor(table, Object.keys(changed)))
      changed[field] = (after as Record<string, unknown>)[field]
    if (position === undefined) {
      seen.set(item.id, written.length)
      written.push({ before, after, changed })
    } else {
      const entry = written[position]!
      written[position] = { before: entry.before, after, changed: { ...entry.changed, ...changed } }
    }
  })
  if (written.length === 0) return []
  await tableOf(tx, table).bulkUpdate(
    written.map(({ after, changed }) => ({ key: after.id, changes: changed as never })),
  )
  await applyEventSummaryDeltas(
    tx,
    table,
    written.map(({ before, after }) => ({ before, after })),
  )
  await recordChanges(
    tx,
    written.map(({ after, changed }) => newChange(database, table, after.id, changed)),
  )
  return written.map(({ after }) => after)
}

/** The current instant by the database's (injectable) wall clock, for timestamps services record. */
export function currentInstant(tx: Tx): string {
  return new Date(databaseOf(tx).now()).toISOString()
}

/** This device's id, as stamped on change records and status history. */
export function currentDeviceId(tx: Tx): string {
  return databaseOf(tx).clock.node
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
