/**
 * Every schema version ever shipped, in ascending order. A shipped `stores` entry is never edited:
 * a change is a new version with an upgrade function in upgrades/ and a test (DESIGN §2).
 *
 * Indexes serve the queries of DOMAIN §3–4: per-event lookups of assignments, targets and runs,
 * compound indexes for the per-pair uniqueness checks, and the change log by clock and push state.
 */
export type VersionDeclaration = {
  version: number
  stores: Record<string, string>
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

export const VERSIONS: readonly VersionDeclaration[] = [
  { version: 1, stores: V1_STORES },
  {
    // Index-only change (no upgrade function): the Deliver tab filters an event's packages by
    // status (`[eventId+status]`), and assembly progress reads runs per event and finished good.
    version: 2,
    stores: {
      ...V1_STORES,
      assignments:
        'id, eventId, recipientId, packageId, [eventId+recipientId+packageId], [eventId+status]',
      assemblyRuns: 'id, eventId, finishedGoodId, [eventId+finishedGoodId]',
    },
  },
]

/** The schema version this build opens (backups from a newer one are refused). */
export const CURRENT_SCHEMA_VERSION = VERSIONS[VERSIONS.length - 1]?.version ?? 1
