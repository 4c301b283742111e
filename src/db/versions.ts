/**
 * Every schema version ever shipped, in ascending order. A shipped `stores` entry is never edited:
 * a change is a new version with an upgrade function in upgrades/ and a test (DESIGN §2).
 *
 * Indexes serve the queries of DOMAIN §3–4: per-event lookups of assignments, targets and runs,
 * compound indexes for the per-pair uniqueness checks, and the change log by clock and push state.
 */
import type { Transaction } from 'dexie'
import { moveWaitingChangesToOutbox } from './upgrades/v3-outbox'
import { tagOutboxEntriesWithActions } from './upgrades/v4-outbox-actions'
import { buildEventSummaries } from './upgrades/v6-event-summaries'
import { foldChangeLogIntoStates } from './upgrades/v7-row-states'
import { compactEventSummaries } from './upgrades/v9-compact-event-summaries'
import { compactRowStates } from './upgrades/v10-compact-row-states'
import { storeNewestStateClock } from './newest-clock'

export type VersionDeclaration = {
  version: number
  stores: Record<string, string>
  /** Rewrites the data of the previous version, inside Dexie's version-change transaction. */
  upgrade?: (tx: Transaction) => Promise<void>
}

const V1_STORES = {
  ingredients: 'id, name',
  recipes: 'id, name',
  finishedUnits: 'id, recipeId',
  finishedGoods: 'id, name',
  packages: 'id, name',
  recipients: 'id, name',
  events: 'id, date',
  assignments: 'id, eventId, recipientId, packageId, [eventId+recipientId+packageId]',
  productionTargets: 'id, eventId, recipeId',
  assemblyTargets: 'id, eventId, finishedGoodId',
  productionRuns: 'id, eventId, recipeId, finishedUnitId, [eventId+recipeId]',
  assemblyRuns: 'id, eventId, finishedGoodId',
  statusChanges: 'id, assignmentId',
  changes: 'id, hlc, pushed, [table+rowId]',
  meta: 'key',
}

const V2_STORES = {
  ...V1_STORES,
  assignments:
    'id, eventId, recipientId, packageId, [eventId+recipientId+packageId], [eventId+status]',
  assemblyRuns: 'id, eventId, finishedGoodId, [eventId+finishedGoodId]',
}

const V3_STORES = { ...V2_STORES, changes: 'id, hlc, [table+rowId]', outbox: 'id' }
const V4_STORES = { ...V3_STORES, outbox: 'id, action' }
const V6_STORES = { ...V4_STORES, eventSummaries: 'eventId' }
const V7_STORES = { ...V6_STORES, changes: 'id, hlc', rowStates: '[table+rowId], hlc' }
/** Same stores as the version before: only the summary records change shape. */
const V9_STORES = { ...V7_STORES }
/** Same stores again: only the row state records change shape. */
const V10_STORES = { ...V9_STORES }

export const VERSIONS: readonly VersionDeclaration[] = [
  { version: 1, stores: V1_STORES },
  // Index-only change (no upgrade function): the Deliver tab filters an event's packages by
  // status (`[eventId+status]`), and assembly progress reads runs per event and finished good.
  { version: 2, stores: V2_STORES },
  {
    // The changes waiting for the server move from a `pushed` flag on each change record to a
    // small `outbox` table of their ids: acknowledging a batch deletes a few keys instead of
    // rewriting every record and its three indexes (bench: marking was most of a push).
    version: 3,
    stores: V3_STORES,
    upgrade: moveWaitingChangesToOutbox,
  },
  {
    // Outbox entries name the action (transaction) that wrote them, so the sync chip counts the
    // cook's waiting actions, not change records (one delivery writes several rows).
    version: 4,
    stores: V4_STORES,
    upgrade: tagOutboxEntriesWithActions,
  },
  {
    // Delivery day (DOMAIN §10): recipients gain `route`, `routeOrder` and `exclusions`,
    // ingredients `allergens`. All optional, no index: rows of version 4 stay valid as they are
    // (no upgrade function). The number marks the row format, so a backup with these fields is
    // refused by an older app as "made by a newer version" rather than as an unknown field.
    version: 5,
    stores: V4_STORES,
  },
  {
    // The per-event summary read model (event-summary.ts), built from the rows already there;
    // from now on `mutate` keeps it by delta.
    version: 6,
    stores: V6_STORES,
    upgrade: buildEventSummaries,
  },
  {
    // State, not history (DESIGN §3): each synced row keeps its state with per-field clocks in
    // `rowStates`; `changes` keeps only what waits for the server (its row index goes). The log
    // is folded into states once and acknowledged changes are dropped.
    version: 7,
    stores: V7_STORES,
    upgrade: foldChangeLogIntoStates,
  },
  {
    // An outbox entry may queue many changes (`ids`, up to 500: change-record.ts): a bulk action
    // writes one entry per 500 changes instead of one per change. Same stores and indexes; every
    // entry of version 7 is valid as it is (no upgrade function). The number keeps an older tab,
    // which would push only an entry's first change, from opening the database.
    version: 8,
    stores: V7_STORES,
  },
  {
    // The per-event summaries become compact (event-summary.ts): arrays instead of objects and
    // targets as sizes without their ids, a third of the size, so Today and the dashboard read
    // 200 events' summaries in a few milliseconds (docs/benchmarks.md). Rebuilt from the rows.
    version: 9,
    stores: V9_STORES,
    upgrade: compactEventSummaries,
  },
  {
    // Row states are stored compact (row-states.ts `encodeState`): the entries as one flat array
    // without their repeated table, row id and own device, instead of an object each, so applying
    // a remote batch and a bulk write put smaller records (docs/benchmarks.md). Every state is
    // rewritten; readers still see `RowState`s. The number keeps an older tab from reading them.
    version: 10,
    stores: V10_STORES,
    upgrade: compactRowStates,
  },
  {
    // The newest clock of the row states is kept in `meta` (newest-clock.ts), so a database opens
    // its clock with one `get`, not a walk to the end of the `hlc` index. Stored once here; the
    // number keeps an older tab, which would write states without it, from opening the database.
    version: 11,
    stores: V10_STORES,
    upgrade: storeNewestStateClock,
  },
]

/** The schema version this build opens (backups from a newer one are refused). */
export const CURRENT_SCHEMA_VERSION = VERSIONS[VERSIONS.length - 1]?.version ?? 1
