/**
 * The ONLY writer of domain tables. Every insert, update and soft delete validates the resulting
 * row against its schema, writes it, and appends one change record (DESIGN §3) to `changes` in the
 * SAME transaction, so a rolled-back action leaves neither the row nor its change behind.
 *
 * Updates write the changed fields only, never whole objects, so concurrent edits of different
 * fields on two devices both survive a merge. Every function awaits only Dexie.
 *
 * Every write, local or remote, also updates the read models derived from the row (each row
 * before → after; event-summary.ts) in the same transaction, so they never lag the rows.
 */
import { z } from 'zod'
import type { ChangeRecord } from './change-record'
import { mergeRow, registerGroupFor } from './merge-policy'
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
): Promise<void> {
  const clock = database.clock
  const id = newId()
  await tx.changes.add({ id, table, rowId, fields, hlc: clock.next(), deviceId: clock.node })
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
  await recordChange(tx, database, table, id, fields)
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

/** The current instant by the database's (injectable) wall clock, for timestamps services record. */
export function currentInstant(tx: Tx): string {
  return new Date(databaseOf(tx).now()).toISOString()
}

/** This device's id, as stamped on change records and status history. */
export function currentDeviceId(tx: Tx): string {
  return databaseOf(tx).clock.node
}

export type ApplyRemoteResult = {
  /** Changes not seen before, now stored and merged. */
  applied: number
  /** A remote clock was further ahead than the drift bound (tell the user in Settings). */
  clockDrift: boolean
}

/**
 * Apply changes made on other devices (the merge path of DESIGN §3). Changes already present
 * (same id) are skipped, so re-delivery is a no-op. New ones are stored as acknowledged
 * (`pushed: 1`, so they are never echoed back), and every row they touch is rebuilt as the merge
 * of ALL its changes: the same set of changes gives the same row in any order. A row whose
 * creating change has not arrived yet is not materialised until it does; fields this version
 * does not know are kept in the change log and left out of the row.
 */
export async function applyRemote(
  tx: Tx,
  changes: readonly ChangeRecord[],
): Promise<ApplyRemoteResult> {
  const database = databaseOf(tx)
  const unique = [...new Map(changes.map((change) => [change.id, change])).values()]
  // A device's first sync starts from an empty log: nothing can be a duplicate and every row's
  // changes are all in this batch, so both lookups below are skipped (one key read instead of a
  // get per change and a read of every touched row).
  const emptyLog = (await tx.changes.limit(1).primaryKeys()).length === 0
  const existing = emptyLog ? [] : await tx.changes.bulkGet(unique.map((change) => change.id))
  const fresh = unique.filter((_, index) => existing[index] === undefined)
  if (fresh.length === 0) return { applied: 0, clockDrift: false }
  await tx.changes.bulkAdd(fresh)
  const touched = new Map<string, { table: DomainTableName; rowId: string }>()
  for (const change of fresh)
    touched.set(`${change.table}\u0000${change.rowId}`, {
      table: change.table,
      rowId: change.rowId,
    })
  // Every change of every touched row (the fresh ones included) in ONE read, then one bulkPut per
  // table: a first sync applies tens of thousands of rows, and a read and a write per row cost a
  // round trip each (bench: 100,000 changes took minutes).
  const related = emptyLog
    ? fresh
    : await tx.changes
        .where('[table+rowId]')
        .anyOf([...touched.values()].map(({ table, rowId }) => [table, rowId]))
        .toArray()
  const changesByRow = new Map<string, ChangeRecord[]>()
  for (const change of related) {
    const key = `${change.table}\u0000${change.rowId}`
    const list = changesByRow.get(key)
    if (list) list.push(change)
    else changesByRow.set(key, [change])
  }
  const rowsByTable = new Map<DomainTableName, unknown[]>()
  for (const [key, { table, rowId }] of touched) {
    const candidate = { ...mergeRow(table, changesByRow.get(key) ?? []), id: rowId }
    const parsed = lenientSchema(table).safeParse(candidate)
    if (!parsed.success) continue
    const rows = rowsByTable.get(table)
    if (rows) rows.push(parsed.data)
    else rowsByTable.set(table, [parsed.data])
  }
  // The read models need each written row as it was before (one bulkGet per source table).
  const befores = new Map<DomainTableName, (RowOf<DomainTableName> | undefined)[]>()
  await Promise.all(
    [...rowsByTable]
      .filter(([table]) => isSummarySource(table))
      .map(async ([table, rows]) => {
        const ids = (rows as RowOf<typeof table>[]).map((row) => row.id)
        befores.set(table, await tableOf(tx, table).bulkGet(ids))
      }),
  )
  await Promise.all(
    [...rowsByTable].map(([table, rows]) =>
      tableOf(tx, table).bulkPut(rows as RowOf<typeof table>[]),
    ),
  )
  for (const [table, rows] of rowsByTable) {
    const before = befores.get(table)
    if (!before) continue
    await applyEventSummaryDeltas(
      tx,
      table,
      (rows as RowOf<typeof table>[]).map((after, index) => ({ before: before[index], after })),
    )
  }
  let clockDrift = false
  let newest = fresh[0]?.hlc ?? ''
  for (const change of fresh) if (change.hlc > newest) newest = change.hlc
  if (newest) clockDrift = database.clock.receive(newest).drifted
  return { applied: fresh.length, clockDrift }
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
