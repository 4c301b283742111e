/**
 * Current rows as the server keeps them (issue 18): a row's state is its compacted change set
 * (crdt/row-state.ts), and its scope says which first-sync stage ships it — `global` (catalogue,
 * recipients, events and rows of no event) or `event:<id>` (an event's assignments, targets, runs
 * and status history). A row's scope is fixed when the row is first stored, so paging one scope by
 * key never loses a row to another scope mid-way.
 */
import { foldIntoState } from '../crdt/row-state'
import type { ChangeRecord, SyncedTable } from '../db/change-record'
import { MERGE_POLICY } from '../db/merge-policy'

export const GLOBAL_SCOPE = 'global'

/** The scope of an event's rows. */
export function eventScope(eventId: string): string {
  return `event:${eventId}`
}

/** Tables whose rows carry the event they belong to in `eventId`. */
const EVENT_TABLES: ReadonlySet<SyncedTable> = new Set([
  'assignments',
  'productionTargets',
  'assemblyTargets',
  'productionRuns',
  'assemblyRuns',
])

/** The latest value a state (or batch) of one row wrote to `field`, if any wrote it. */
function latestValue(changes: readonly ChangeRecord[], field: string): unknown {
  let latest: ChangeRecord | undefined
  for (const change of changes) {
    if (!(field in change.fields)) continue
    if (!latest || latest.hlc < change.hlc || (latest.hlc === change.hlc && latest.id < change.id))
      latest = change
  }
  return latest?.fields[field]
}

/**
 * The scope of a new row from its changes. A status change belongs to its assignment's event:
 * `assignmentScope` looks the assignment up (undefined when not known yet: then `global`, so the
 * row is shipped early rather than lost).
 */
export function rowScope(
  table: SyncedTable,
  changes: readonly ChangeRecord[],
  assignmentScope: (assignmentId: string) => string | undefined,
): string {
  if (EVENT_TABLES.has(table)) {
    const eventId = latestValue(changes, 'eventId')
    return typeof eventId === 'string' ? eventScope(eventId) : GLOBAL_SCOPE
  }
  if (table === 'statusChanges') {
    const assignmentId = latestValue(changes, 'assignmentId')
    return (typeof assignmentId === 'string' && assignmentScope(assignmentId)) || GLOBAL_SCOPE
  }
  return GLOBAL_SCOPE
}

/** Folds changes of ONE row into its state with the app's merge policy. */
export function foldRow(
  state: readonly ChangeRecord[],
  changes: readonly ChangeRecord[],
): ChangeRecord[] {
  return foldIntoState(MERGE_POLICY, state, changes)
}
