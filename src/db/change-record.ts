/**
 * The app's change record: the generic change of the conflict-resolution core (crdt/change.ts)
 * with `table` limited to the tables that sync. A local write stores its record in the `changes`
 * table, in the same transaction as the domain write (DESIGN §3), until the server acknowledges it:
 * `changes` holds only waiting records; the `outbox` table (ids and action ids, device-local, never
 * on the wire) says which wait. What a tablet knows of every row lives in `rowStates`.
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

export { OUTBOX_ENTRY_IDS, idsOf, outboxEntriesFor, type OutboxEntry } from './outbox-entries'

/**
 * A synced row's state (DESIGN §3, "state, not history"; crdt/row-state.ts): the smallest set of
 * its changes that merges to the same row together with any later ones, so each field keeps the
 * clock, id and device of the write that set it. `hlc` is the newest clock among them (indexed:
 * the device's clock restores from it). Unknown (newer) fields live here too and are passed on.
 */
export const rowStateSchema = z.strictObject({
  table: syncedTableSchema,
  rowId: z.string().min(1).max(200),
  hlc: z.string().max(200),
  changes: z.array(changeRecordSchema).min(1),
})
export type RowState = z.infer<typeof rowStateSchema>
