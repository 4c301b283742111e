/**
 * Backups: the whole kitchen in one JSON file. A backup (format 2) holds every domain table and
 * the row states with their per-field clocks (so merging survives a restore), but not `meta`: the
 * device id, sync config and pull cursor belong to the device, not the data. Import validates every row with the same zod schemas
 * `mutate` writes with (states with theirs), then replaces all data in ONE read-write transaction:
 * all or nothing. Format 1 files (the change log) still import: their log is folded into states.
 */
import type { Transaction } from 'dexie'
import { z } from 'zod'
import {
  changeRecordSchema,
  outboxEntriesFor,
  rowStateSchema,
  type ChangeRecord,
  type RowState,
} from './change-record'
import type { AppDatabase } from './database'
import { rebuildEventSummaries } from './event-summary'
import { localStateAsChanges } from './local-state'
import { foldRow, groupByRow, stateRecord } from './row-states'
import { DOMAIN_TABLES, ROW_SCHEMAS, type DomainTableName, type RowOf } from './tables'
import type { Tx } from './tx'
import { CURRENT_SCHEMA_VERSION } from './versions'
import { setNewestStateClock } from './newest-clock'

export const BACKUP_FORMAT = 'bake-tracker-backup'
/** Format 2 carries row states (rows with their per-field clocks); format 1 the change log. */
export const BACKUP_FORMAT_VERSION = 2

/** The tables a backup of format 2 carries, in a stable order (domain tables, then states). */
export const BACKUP_TABLES = [...DOMAIN_TABLES, 'rowStates'] as const
/** The tables of format 1 (no `formatVersion`): the change log instead of states. */
const V1_BACKUP_TABLES = [...DOMAIN_TABLES, 'changes'] as const
export type BackupTableName = (typeof BACKUP_TABLES)[number]

export type BackupTables = { [TName in DomainTableName]: RowOf<TName>[] } & {
  rowStates: RowState[]
}

export type Backup = {
  format: typeof BACKUP_FORMAT
  formatVersion: typeof BACKUP_FORMAT_VERSION
  /** The database schema version that wrote it; a newer one than this build's is refused. */
  schemaVersion: number
  exportedAt: string
  tables: BackupTables
}

export type ParseBackupResult = { ok: true; backup: Backup } | { ok: false; message: string }

const envelopeSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal([1, 2]).optional(),
  schemaVersion: z.number().int().min(1),
  exportedAt: z.string(),
  tables: z.record(z.string(), z.unknown()),
})

const NOT_A_BACKUP = 'This file is not a Bake Tracker backup.'

/**
 * Everything in the database except device-local `meta`, read in one read-only transaction so the
 * tables agree with each other: the rows and their states. The waiting changes stay local (their
 * effect is in the states, which an import queues for push).
 */
export async function exportDatabase(db: AppDatabase): Promise<Backup> {
  return db.transaction('r', [...BACKUP_TABLES], async (tx) => {
    const tables: Record<string, unknown[]> = {}
    for (const name of DOMAIN_TABLES) {
      tables[name] = await tx.table(name).toArray()
    }
    tables.rowStates = await tx.rowStates.toArray()
    return {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion: CURRENT_SCHEMA_VERSION,
      exportedAt: new Date(db.now()).toISOString(),
      tables: tables as BackupTables,
    }
  })
}

function rowSchema(table: BackupTableName | 'changes'): z.ZodType {
  if (table === 'changes') return changeRecordSchema
  if (table === 'rowStates') return rowStateSchema
  return ROW_SCHEMAS[table]
}

/** What makes a record unique in its table (a state: its row; anything else: its id). */
function keyOf(table: BackupTableName | 'changes', record: unknown): string {
  if (table === 'rowStates') {
    const state = record as RowState
    return `${state.table}/${state.rowId}`
  }
  return (record as { id: string }).id
}

/** Format 1's change log as states: each row's changes folded (compacted) once. */
function statesOfLog(changes: readonly ChangeRecord[]): RowState[] {
  const states: RowState[] = []
  for (const group of groupByRow(changes).values()) {
    const record = stateRecord(foldRow([], group.changes))
    if (record) states.push(record)
  }
  return states
}

function describeIssue(table: string, rowIndex: number, issue: z.core.$ZodIssue): string {
  const where = `Table "${table}", row ${rowIndex + 1}`
  const field = issue.path.map(String).join('.')
  return field ? `${where}, field "${field}": ${issue.message}` : `${where}: ${issue.message}`
}

/**
 * Check a parsed JSON value is a backup this build can import. Never throws; the message says
 * what is wrong in words for the person holding the file: not a backup, from a newer version, or
 * which table, row and field is invalid.
 */
export function parseBackup(json: unknown): ParseBackupResult {
  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) return { ok: false, message: NOT_A_BACKUP }
  const { schemaVersion, exportedAt } = envelope.data
  if (schemaVersion > CURRENT_SCHEMA_VERSION) {
    return {
      ok: false,
      message: `This backup was made by a newer version of Bake Tracker (data version ${schemaVersion}; this app has ${CURRENT_SCHEMA_VERSION}). Update the app on this tablet, then import it again.`,
    }
  }
  if (!z.iso.datetime().safeParse(exportedAt).success) return { ok: false, message: NOT_A_BACKUP }

  const raw = envelope.data.tables
  const expectedTables: readonly (BackupTableName | 'changes')[] =
    envelope.data.formatVersion === 2 ? BACKUP_TABLES : V1_BACKUP_TABLES
  const unknownTable = Object.keys(raw).find(
    (name) => !(expectedTables as readonly string[]).includes(name),
  )
  if (unknownTable) {
    return { ok: false, message: `Table "${unknownTable}" is not part of a Bake Tracker backup.` }
  }
  const tables: Record<string, unknown[]> = {}
  // Schema versions 1 and 2 store identical rows; a future row change adds its upgrade here.
  for (const table of expectedTables) {
    const rows = raw[table]
    if (!Array.isArray(rows)) {
      return { ok: false, message: `The backup has no "${table}" table. It may be damaged.` }
    }
    const schema = rowSchema(table)
    const seen = new Set<string>()
    const parsedRows: unknown[] = []
    for (const [index, row] of rows.entries()) {
      const parsed = schema.safeParse(row)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        return {
          ok: false,
          message: issue
            ? describeIssue(table, index, issue)
            : `Table "${table}", row ${index + 1} is invalid.`,
        }
      }
      const id = keyOf(table, parsed.data)
      if (seen.has(id)) {
        return {
          ok: false,
          message: `Table "${table}", row ${index + 1}: the id "${id}" appears twice.`,
        }
      }
      if (table === 'rowStates') {
        const state = parsed.data as RowState
        const stranger = state.changes.find(
          (change) => change.table !== state.table || change.rowId !== state.rowId,
        )
        if (stranger)
          return {
            ok: false,
            message: `Table "rowStates", row ${index + 1}: change "${stranger.id}" belongs to another row.`,
          }
      }
      seen.add(id)
      parsedRows.push(parsed.data)
    }
    tables[table] = parsedRows
  }
  // Format 1 carried the change log: it becomes row states here, so import has one path.
  if (tables.changes) {
    tables.rowStates = statesOfLog(tables.changes as ChangeRecord[])
    delete tables.changes
  }
  return {
    ok: true,
    backup: {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      schemaVersion,
      exportedAt,
      tables: tables as BackupTables,
    },
  }
}

/** `parseBackup` for the text of a file; non-JSON is "not a backup". */
export function parseBackupText(text: string): ParseBackupResult {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, message: NOT_A_BACKUP }
  }
  return parseBackup(json)
}

export type ImportOptions = {
  /**
   * Runs inside the import's transaction after the data is replaced (the caller's device-local
   * bookkeeping, e.g. forgetting the sync cursor). A throw rolls the whole import back.
   */
  inSameTransaction?: (tx: Tx) => Promise<void>
}

/**
 * Replace every domain table and the row states with the backup's, in ONE read-write transaction:
 * if anything fails, the old data is untouched. `meta` (device id, sync config) is kept. Every
 * imported state's changes are queued for push (this tablet's waiting changes are replaced) so a
 * space this tablet syncs with receives them; the server stores each change id once, so re-sending
 * is harmless. Afterwards this device's clock is moved past every imported change, so later edits
 * win. The read models (event summaries) are rebuilt from the imported rows in the same transaction.
 */
export async function importBackup(
  db: AppDatabase,
  backup: Backup,
  options: ImportOptions = {},
): Promise<void> {
  const newestHlc = await db.transaction(
    'rw',
    [...BACKUP_TABLES, 'changes', 'outbox', 'meta', 'eventSummaries'],
    async (tx) => {
      // Clear and refill table by table; the transaction makes it one step for every reader.
      for (const name of DOMAIN_TABLES) {
        const table = (tx as Transaction).table(name)
        await table.clear()
        await table.bulkAdd(backup.tables[name])
      }
      await tx.rowStates.clear()
      await tx.rowStates.bulkAdd(backup.tables.rowStates)
      await tx.changes.clear()
      await tx.outbox.clear()
      const everything = await localStateAsChanges(tx)
      await tx.changes.bulkAdd(everything)
      await tx.outbox.bulkAdd(outboxEntriesFor(everything.map((change) => change.id)))
      // Read models are derived, never carried in a backup: rebuilt from the imported rows.
      await rebuildEventSummaries(tx)
      await options.inSameTransaction?.(tx)
      // Every state was replaced: the newest clock is the imported states' (newest-clock.ts).
      const newest = (await tx.rowStates.orderBy('hlc').last())?.hlc
      await setNewestStateClock(tx, db, newest)
      return newest
    },
  )
  db.clock.restore(newestHlc)
}

/** `bake-tracker-2026-12-24.json`, with the local calendar date of `at`. */
export function backupFileName(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `bake-tracker-${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}.json`
}
