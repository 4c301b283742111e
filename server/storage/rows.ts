/**
 * The server's current rows (issue 18): per space and row, its state (the compacted change set,
 * src/sync/row-scope.ts) and its first-sync scope, kept in the `rows` table by the same
 * transaction that appends to the log, so a row's state always equals the compaction of every
 * logged change of that row. Snapshots page these rows by key; the log stays for pull and backups.
 */
import {
  MERGE_POLICY,
  changeRecordSchema,
  foldRow,
  rowScope,
  type ChangeRecord,
  type SyncedTable,
} from '../../src/sync/wire'
import { UNSTORABLE } from '../change-checks'
import type { RowsFilter, RowsPage } from './storage'

/** The part of a SQL client these functions use (a transaction or a pool). */
type Query = { query<TRow>(sql: string, params?: unknown[]): Promise<{ rows: TRow[] }> }

/** A state as stored: its changes without the table and row id the key already holds. */
type StoredChange = Pick<ChangeRecord, 'id' | 'fields' | 'hlc' | 'deviceId'>

/** A row of the changes table (the log), as the queries select it. */
export type LogRow = {
  change_id: string
  table_name: string
  row_id: string
  fields: string
  hlc: string
  device_id: string
}

/** A log row as the change it stores, validated. */
export function changeOfLogRow(row: LogRow): ChangeRecord {
  return changeRecordSchema.parse({
    id: row.change_id,
    table: row.table_name,
    rowId: row.row_id,
    fields: JSON.parse(row.fields) as unknown,
    hlc: row.hlc,
    deviceId: row.device_id,
  })
}

/** Log entries folded per step when a migration fills `rows` from existing logs. */
const FILL_CHUNK = 5000

export const ROWS_SQL = {
  statesOf: `
    SELECT tbl, row_id, scope, state FROM rows
    WHERE space_id = $1 AND (tbl, row_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
  /** A row's scope is fixed at its first store: an update replaces the state only. */
  upsertStates: `
    INSERT INTO rows (space_id, tbl, row_id, scope, state)
    SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
    ON CONFLICT (space_id, tbl, row_id) DO UPDATE SET state = EXCLUDED.state`,
  /** $2: the scopes to include (null: all), $3: the scopes to leave out; keyset after ($4, $5). */
  page: `
    SELECT tbl, row_id, state FROM rows
    WHERE space_id = $1 AND ($2::text[] IS NULL OR scope = ANY ($2::text[]))
      AND NOT (scope = ANY ($3::text[])) AND (tbl, row_id) > ($4, $5)
    ORDER BY tbl, row_id LIMIT $6`,
  count: `
    SELECT count(*) AS n FROM rows
    WHERE space_id = $1 AND ($2::text[] IS NULL OR scope = ANY ($2::text[]))
      AND NOT (scope = ANY ($3::text[]))`,
  spaces: `SELECT space_id FROM spaces ORDER BY space_id`,
  logChunk: `
    SELECT change_id, table_name, row_id, fields, hlc, device_id FROM changes
    WHERE space_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
  lastSeq: `SELECT last_seq FROM spaces WHERE space_id = $1`,
} as const

const key = (table: string, rowId: string) => `${table}\u0000${rowId}`

function toStored(change: ChangeRecord): StoredChange {
  return { id: change.id, fields: change.fields, hlc: change.hlc, deviceId: change.deviceId }
}

/** A stored state as change records, validated (the rows table is a boundary too). */
export function stateChanges(table: string, rowId: string, state: string): ChangeRecord[] {
  const stored = JSON.parse(state) as unknown
  if (!Array.isArray(stored)) throw new Error(`rows: state of ${table} ${rowId} is not a list`)
  return stored.map((change: unknown) =>
    changeRecordSchema.parse({ ...(change as object), table, rowId }),
  )
}

/** A row of the append's one read (`ROWS_SQL.appendRead`): a logged id or a current row. */
export type AppendReadRow =
  | { kind: 'c'; tbl: string; row_id: null; scope: null; state: null }
  | { kind: 'r'; tbl: string; row_id: string; scope: string; state: string }

/** A current row as read: its key, scope and stored state. */
export type StoredRow = { tbl: string; row_id: string; scope: string; state: string }

/**
 * A row an append writes. `single` is the index (in the appended changes) of the one change that
 * is the row's whole state, which the SQL writes from the log columns; otherwise `state` holds it.
 */
export type RowWrite = {
  table: string
  rowId: string
  scope: string
  state: string | null
  single: number | null
}

/** A row key as the append's read takes it (JSON `{t, r}`). */
export type RowKeyParam = { t: string; r: string }

/**
 * The keys whose current rows a fold of `changes` reads: the changes' rows, and the assignments
 * their status changes name (a status change takes its assignment's scope). A named id no stored
 * row can have (a character refused in row ids) is left out: it has no row to find.
 */
export function rowKeysOf(changes: readonly ChangeRecord[]): RowKeyParam[] {
  const seen = new Set<string>()
  const keys: RowKeyParam[] = []
  const add = (table: string, rowId: string) => {
    const rowKey = key(table, rowId)
    if (seen.has(rowKey)) return
    seen.add(rowKey)
    keys.push({ t: table, r: rowId })
  }
  for (const change of changes) add(change.table, change.rowId)
  for (const change of changes) {
    const assignmentId = change.fields.assignmentId
    if (
      change.table === 'statusChanges' &&
      typeof assignmentId === 'string' &&
      !UNSTORABLE.test(assignmentId)
    )
      add('assignments', assignmentId)
  }
  return keys
}

/**
 * What folding newly logged changes (validated, each stored once, in log order) into their rows
 * writes, given the current rows of `rowKeysOf(changes)` (rows not read count as new). Pure: the
 * caller reads and writes in its transaction, which must hold the space's append lock.
 */
export function planRows(
  changes: readonly ChangeRecord[],
  existing: readonly StoredRow[],
): RowWrite[] {
  if (changes.length === 0) return []
  const byRow = new Map<string, number[]>()
  changes.forEach((change, index) => {
    const rowKey = key(change.table, change.rowId)
    const list = byRow.get(rowKey)
    if (list) list.push(index)
    else byRow.set(rowKey, [index])
  })
  const listOf = (indexes: readonly number[]) =>
    indexes.map((index) => changes[index] as ChangeRecord)
  const storedAssignmentScopes = new Map<string, string>()
  const known = new Map<string, { scope: string; text: string; state: ChangeRecord[] }>()
  for (const row of existing) {
    const rowKey = key(row.tbl, row.row_id)
    if (row.tbl === 'assignments') storedAssignmentScopes.set(row.row_id, row.scope)
    if (!byRow.has(rowKey)) continue
    known.set(rowKey, {
      scope: row.scope,
      text: row.state,
      state: stateChanges(row.tbl, row.row_id, row.state),
    })
  }
  const newScopes = new Map<string, string>()
  const scopeOf = (table: SyncedTable, rowId: string, list: readonly ChangeRecord[]): string => {
    const rowKey = key(table, rowId)
    const scope =
      known.get(rowKey)?.scope ??
      newScopes.get(rowKey) ??
      rowScope(table, list, (assignmentId) => {
        const inBatch = byRow.get(key('assignments', assignmentId))
        return inBatch
          ? scopeOf('assignments', assignmentId, listOf(inBatch))
          : storedAssignmentScopes.get(assignmentId)
      })
    newScopes.set(rowKey, scope)
    return scope
  }
  const writes: RowWrite[] = []
  for (const [rowKey, indexes] of byRow) {
    const list = listOf(indexes)
    const first = list[0] as ChangeRecord
    const before = known.get(rowKey)
    const scope = scopeOf(first.table, first.rowId, list)
    // A new row of one change in a table without a register is its own state (most appends):
    // the SQL builds its text from the log columns, so the fields travel once.
    if (!before && list.length === 1 && !MERGE_POLICY.registers[first.table]) {
      writes.push({
        table: first.table,
        rowId: first.rowId,
        scope,
        state: null,
        single: indexes[0] ?? 0,
      })
      continue
    }
    const text = JSON.stringify(foldRow(before?.state ?? [], list).map(toStored))
    if (text === before?.text) continue // an older write: the row's state stays as it was
    writes.push({ table: first.table, rowId: first.rowId, scope, state: text, single: null })
  }
  return writes
}

/**
 * Folds newly logged changes into their rows' states in the caller's transaction (which holds
 * the space's append lock): one read, one write. The append path does the same inside its own
 * two statements (sql.ts `appendRead`/`appendWrite`); this serves the migration that fills rows.
 */
export async function foldIntoRows(
  tx: Query,
  spaceId: string,
  changes: readonly ChangeRecord[],
): Promise<void> {
  if (changes.length === 0) return
  const keys = rowKeysOf(changes)
  const { rows: existing } = await tx.query<StoredRow>(ROWS_SQL.statesOf, [
    spaceId,
    keys.map((rowKey) => rowKey.t),
    keys.map((rowKey) => rowKey.r),
  ])
  const writes = planRows(changes, existing)
  if (writes.length === 0) return
  await tx.query(ROWS_SQL.upsertStates, [
    spaceId,
    writes.map((write) => write.table),
    writes.map((write) => write.rowId),
    writes.map((write) => write.scope),
    writes.map(
      (write) =>
        write.state ?? JSON.stringify([toStored(changes[write.single ?? 0] as ChangeRecord)]),
    ),
  ])
}

/** Migration step: builds every space's rows from its log, a bounded chunk at a time. */
export async function fillRowsFromLogs(tx: Query): Promise<void> {
  const { rows: spaces } = await tx.query<{ space_id: string }>(ROWS_SQL.spaces)
  for (const { space_id: spaceId } of spaces) {
    const { rows } = await tx.query<{ last_seq: number | string }>(ROWS_SQL.lastSeq, [spaceId])
    const last = Number(rows[0]?.last_seq ?? 0)
    for (let after = 0; after < last; after += FILL_CHUNK) {
      const chunk = await tx.query<LogRow>(ROWS_SQL.logChunk, [spaceId, after, after + FILL_CHUNK])
      const changes = chunk.rows.map(changeOfLogRow)
      await foldIntoRows(tx, spaceId, changes)
    }
  }
}

/** One page of a space's current rows matching `filter`, after the key `after`, in key order. */
export async function readRowsPage(
  client: Query,
  spaceId: string,
  filter: RowsFilter,
  after: { table: string; rowId: string } | null,
  limit: number,
): Promise<RowsPage> {
  const { rows } = await client.query<{ tbl: string; row_id: string; state: string }>(
    ROWS_SQL.page,
    [
      spaceId,
      filter.only ?? null,
      filter.except ?? [],
      after?.table ?? '',
      after?.rowId ?? '',
      limit,
    ],
  )
  const last = rows.at(-1)
  return {
    rows: rows.map((row) => ({
      table: row.tbl,
      rowId: row.row_id,
      changes: stateChanges(row.tbl, row.row_id, row.state),
    })),
    last: rows.length === limit && last ? { table: last.tbl, rowId: last.row_id } : null,
  }
}

export async function countRows(
  client: Query,
  spaceId: string,
  filter: RowsFilter,
): Promise<number> {
  const { rows } = await client.query<{ n: number | string }>(ROWS_SQL.count, [
    spaceId,
    filter.only ?? null,
    filter.except ?? [],
  ])
  return Number(rows[0]?.n ?? 0)
}
