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
import type { ChangeRecord, RowState } from './change-record'
import { outboxEntriesFor } from './outbox-entries'
import { registerGroupFor } from './merge-policy'
import { foldRow, groupByRow, stateRecord } from './row-states'
import { actionIdFor } from './action-id'
import { AppDatabase } from './database'
import { applyEventSummaryDeltas } from './event-summary'
import { newId } from './ids'
import { noteStateClocks } from './newest-clock'
import { ROW_SCHEMAS, type DomainTableName, type RowOf } from './tables'
import type { Tx } from './tx'

type MetaField = 'id' | 'createdAt' | 'updatedAt' | 'deletedAt'
export type InsertData<TName extends DomainTableName> = Omit<RowOf<TName>, MetaField> & {
  id?: string
}
export type UpdateData<TName extends DomainTableName> = Partial<
  Omit<RowOf<TName>, 'id' | 'createdAt' | 'updatedAt'>
>

/** The database of a transaction (the clock, the wall clock); shared with the merge path. */
export function databaseOf(tx: Tx): AppDatabase {
  if (!(tx.db instanceof AppDatabase)) throw new Error('mutate needs a transaction of AppDatabase')
  return tx.db
}

/** A domain table of the transaction, typed by its row. */
export function tableOf<TName extends DomainTableName>(tx: Tx, table: TName) {
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
  // itself waits in `changes` + `outbox` until the server acknowledges it. The three writes are
  // issued together: IndexedDB runs them back to back instead of a round trip each.
  // A row whose id was generated just now has no state to read.
  const state = newRow ? undefined : await tx.rowStates.get([table, rowId])
  const folded = stateRecord(foldRow(state?.changes, [change]))
  await Promise.all([
    folded ? tx.rowStates.put(folded) : undefined,
    folded ? noteStateClocks(tx, database, [folded.hlc]) : undefined,
    tx.changes.add(change),
    tx.outbox.add({ id, action: actionIdFor(tx, id) }),
  ])
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
  const { id, ...fields } = row
  // Issued together (IndexedDB keeps their order); any failure fails the action.
  await Promise.all([
    tableOf(tx, table).add(row),
    applyEventSummaryDeltas(tx, table, [{ before: undefined, after: row }]),
    recordChange(tx, database, table, id, fields, data.id === undefined),
  ])
  return row
}

export type UpdateOptions<TName extends DomainTableName> = {
  /**
   * The row as the caller has just read it IN THIS transaction (e.g. to check a transition), with
   * no other write of it in flight: not read again, and stored with the changes set in one put.
   * Passing anything else would overwrite the stored row with it.
   */
  existing?: RowOf<TName>
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
  options: UpdateOptions<TName> = {},
): Promise<RowOf<TName> | undefined> {
  const database = databaseOf(tx)
  const existing = options.existing ?? (await tableOf(tx, table).get(id))
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
  // Write the changed fields only (DESIGN §2), never the whole object: writes issued at once in
  // one transaction (Promise.all) compose. A caller that hands over the row it has just read puts
  // it with the changes set, one request (Dexie's `update` reads the row again, then puts it).
  await Promise.all([
    options.existing
      ? tableOf(tx, table).put({ ...existing, ...changed } as never)
      : tableOf(tx, table).update(id, changed as never),
    applyEventSummaryDeltas(tx, table, [{ before: existing, after: row }]),
    recordChange(tx, database, table, id, changed),
  ])
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
 * bulk: one bulkGet and one bulkPut of states, one bulkAdd each of changes and outbox entries
 * (an outbox entry per OUTBOX_ENTRY_IDS changes).
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
    noteStateClocks(
      tx,
      databaseOf(tx),
      next.map((state) => state.hlc),
    ),
    tx.changes.bulkAdd([...changes]),
    // One outbox entry per OUTBOX_ENTRY_IDS changes, not one per change (change-record.ts).
    tx.outbox.bulkAdd(
      outboxEntriesFor(
        changes.map((change) => change.id),
        action,
      ),
    ),
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
  // Every write issued before any is awaited: IndexedDB stores the rows while the changes are
  // stamped and folded (the bulk write is bound by IndexedDB, not by this JavaScript).
  await Promise.all([
    tableOf(tx, table).bulkAdd(rows),
    applyEventSummaryDeltas(
      tx,
      table,
      rows.map((row) => ({ before: undefined, after: row })),
    ),
    recordChanges(
      tx,
      rows.map((row) => {
        const { id, ...fields } = row
        return newChange(database, table, id, fields)
      }),
      generated,
    ),
  ])
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
  await Promise.all([
    tableOf(tx, table).bulkUpdate(
      written.map(({ after, changed }) => ({ key: after.id, changes: changed as never })),
    ),
    applyEventSummaryDeltas(
      tx,
      table,
      written.map(({ before, after }) => ({ before, after })),
    ),
    recordChanges(
      tx,
      written.map(({ after, changed }) => newChange(database, table, after.id, changed)),
    ),
  ])
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
