/**
 * The change record: one per row written, stored in the `changes` table in the same transaction
 * as the domain write (DESIGN §3). `fields` holds exactly the fields that write set; a soft delete
 * is a write of `deletedAt`. Records are immutable; which ones still wait for the server is kept
 * apart, in the device-local `outbox` table (ids only), which never crosses the wire.
 */
import { z } from 'zod'
import { isHlc } from './hlc'

/** Names of the tables whose rows sync. Append-only tables are marked for the merge rules. */
export const SYNCED_TABLES = [
  'ingredients',
  'recipes',
  'finishedUnits',
  'finishedGoods',
  'packages',
  'recipients',
  'events',
  'assignments',
  'productionTargets',
  'assemblyTargets',
  'productionRuns',
  'assemblyRuns',
  'statusChanges',
] as const
export const syncedTableSchema = z.enum(SYNCED_TABLES)
export type SyncedTable = z.infer<typeof syncedTableSchema>

export const APPEND_ONLY_TABLES: ReadonlySet<SyncedTable> = new Set([
  'productionRuns',
  'assemblyRuns',
  'statusChanges',
])

export const hlcSchema = z.string().max(200).refine(isHlc, 'Not a hybrid logical clock value')

export const changeRecordSchema = z.strictObject({
  id: z.string().min(1).max(100),
  table: syncedTableSchema,
  rowId: z.string().min(1).max(200),
  fields: z.record(z.string().max(100), z.unknown()),
  hlc: hlcSchema,
  deviceId: z.string().min(1).max(100),
})
export type ChangeRecord = z.infer<typeof changeRecordSchema>

/**
 * A change waiting to be pushed: its id, until the server acknowledges it, and the action
 * (transaction) that wrote it (db/action-id.ts; absent on entries queued in bulk).
 */
export type OutboxEntry = { id: string; action?: string }
