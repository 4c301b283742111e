/**
 * The app's change record: the generic change of the conflict-resolution core (crdt/change.ts)
 * with `table` limited to the tables that sync. It is stored in the `changes` table in the same
 * transaction as the domain write (DESIGN §3); which records still wait for the server is kept
 * apart, in the device-local `outbox` table (ids only), which never crosses the wire.
 */
import { z } from 'zod'
import { changeSchema } from '../crdt/change'

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

export const changeRecordSchema = changeSchema.extend({ table: syncedTableSchema })
export type ChangeRecord = z.infer<typeof changeRecordSchema>

/**
 * A change waiting to be pushed: its id, until the server acknowledges it, and the action
 * (transaction) that wrote it (db/action-id.ts; absent on entries queued in bulk).
 */
export type OutboxEntry = { id: string; action?: string }
