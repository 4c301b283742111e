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

export const VERSIONS: readonly VersionDeclaration[] = [
  {
    version: 1,
    stores: {
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
    },
  },
]
