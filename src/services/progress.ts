/**
 * Progress of events against their targets (DOMAIN §4, §9.1, §9.7, §9.8): production per recipe
 * target, assembly per finished-good target and the overall counts of one event, computed from its
 * rows read by index; many events' progress, from their summaries, is in progress-summary.ts
 * (re-exported here). Every read goes through the caller's `tx` (reads see the action's own
 * uncommitted writes).
 *
 * Only live rows count: deleted events, targets, assignments and runs are ignored. A target whose
 * recipe or finished good was deleted later still shows, with that name (as listProductionTargets).
 */
import {
  idSchema,
  type AssemblyRun,
  type AssemblyTarget,
  type Assignment,
  type ProductionRun,
  type ProductionTarget,
} from '../db/schema'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent } from './assignments'
import { loadLiveAssemblyRunsOfEvent } from './assembly-runs'
import { loadLiveEvent } from './events'
import { countsTowardBatches, loadLiveRunsOfEvent } from './production-runs'
import {
  byNameThenId,
  isLive,
  namesOf,
  overallProgressFrom,
  type AssemblyProgressRow,
  type Live,
  type OverallProgress,
  type PackageCounts,
  type ProductionProgressRow,
} from './progress-summary'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export {
  EVENT_PROGRESS_FILTERS,
  getEventsWithProgress,
  getEventsWithProgressInputSchema,
  listEventsInRange,
  packageCountsOfSummary,
  type AssemblyProgressRow,
  type EventWithProgress,
  type GetEventsWithProgressInput,
  type OverallProgress,
  type PackageCounts,
  type ProductionProgressRow,
} from './progress-summary'

// ---- Pure builders (shared with reports.ts) ----

/** Live rows grouped by their event id (rows without an event are left out). */
export function groupLiveByEvent<T extends Live & { eventId: string | null }>(
  rows: readonly T[],
): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    if (!isLive(row) || row.eventId === null) continue
    const group = groups.get(row.eventId)
    if (group) group.push(row)
    else groups.set(row.eventId, [row])
  }
  return groups
}

/** One row per live production target, by recipe name. */
export function productionProgressRows(
  targets: readonly ProductionTarget[],
  runs: readonly ProductionRun[],
  recipeNames: ReadonlyMap<string, string>,
): ProductionProgressRow[] {
  const batches = new Map<string, number>()
  const yields = new Map<string, number>()
  for (const run of runs) {
    if (!isLive(run)) continue
    yields.set(run.recipeId, (yields.get(run.recipeId) ?? 0) + run.actualYield)
    if (countsTowardBatches(run))
      batches.set(run.recipeId, (batches.get(run.recipeId) ?? 0) + run.batches)
  }
  return targets
    .filter(isLive)
    .map((target) => {
      const producedBatches = batches.get(target.recipeId) ?? 0
      return {
        recipeId: target.recipeId,
        recipeName: recipeNames.get(target.recipeId) ?? '',
        targetBatches: target.targetBatches,
        producedBatches,
        producedYield: yields.get(target.recipeId) ?? 0,
        progressPct: (producedBatches / target.targetBatches) * 100,
        isComplete: producedBatches >= target.targetBatches,
      }
    })
    .sort((a, b) => byNameThenId(a.recipeName, a.recipeId, b.recipeName, b.recipeId))
}

/** One row per live assembly target, by finished-good name. */
export function assemblyProgressRows(
  targets: readonly AssemblyTarget[],
  runs: readonly AssemblyRun[],
  goodNames: ReadonlyMap<string, string>,
): AssemblyProgressRow[] {
  const assembled = new Map<string, number>()
  for (const run of runs) {
    if (!isLive(run)) continue
    assembled.set(run.finishedGoodId, (assembled.get(run.finishedGoodId) ?? 0) + run.quantity)
  }
  return targets
    .filter(isLive)
    .map((target) => {
      const assembledQuantity = assembled.get(target.finishedGoodId) ?? 0
      return {
        finishedGoodId: target.finishedGoodId,
        finishedGoodName: goodNames.get(target.finishedGoodId) ?? '',
        targetQuantity: target.targetQuantity,
        assembledQuantity,
        progressPct: (assembledQuantity / target.targetQuantity) * 100,
        isComplete: assembledQuantity >= target.targetQuantity,
      }
    })
    .sort((a, b) =>
      byNameThenId(a.finishedGoodName, a.finishedGoodId, b.finishedGoodName, b.finishedGoodId),
    )
}

/** Live assignments by status: one per assignment, whatever its quantity (DOMAIN §9.7). */
export function countPackages(assignments: readonly Assignment[]): PackageCounts {
  const counts: PackageCounts = { pending: 0, assembled: 0, delivered: 0, total: 0 }
  for (const assignment of assignments) {
    if (!isLive(assignment)) continue
    counts[assignment.status] += 1
    counts.total += 1
  }
  return counts
}

/** Target and package counts; with no targets a kind counts as complete (DOMAIN §9.8). */
export function overallProgressOf(
  production: readonly ProductionProgressRow[],
  assembly: readonly AssemblyProgressRow[],
  assignments: readonly Assignment[],
): OverallProgress {
  return overallProgressFrom(production, assembly, countPackages(assignments))
}

async function loadLiveProductionTargets(tx: Tx, eventId: string): Promise<ProductionTarget[]> {
  const rows = await tx.productionTargets.where('eventId').equals(eventId).toArray()
  return rows.filter(isLive)
}

async function loadLiveAssemblyTargets(tx: Tx, eventId: string): Promise<AssemblyTarget[]> {
  const rows = await tx.assemblyTargets.where('eventId').equals(eventId).toArray()
  return rows.filter(isLive)
}

// ---- Services ----

/**
 * One row per live production target of the event, ordered by recipe name: batches produced (runs
 * with an actual yield above 0), yield produced, unrounded percentage (may exceed 100) and
 * completeness (produced ≥ target). Empty when the event has no targets.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, productionTargets, productionRuns, recipes (one read each).
 */
export async function getProductionProgress(
  tx: Tx,
  eventId: string,
): Promise<ProductionProgressRow[]> {
  const id = parseInput(idSchema, eventId)
  const [, targets, runs] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveProductionTargets(tx, id),
    loadLiveRunsOfEvent(tx, id),
  ])
  const recipes = await tx.recipes.bulkGet([...new Set(targets.map((row) => row.recipeId))])
  return productionProgressRows(targets, runs, namesOf(recipes))
}
getProductionProgress.tables = tablesOf(
  loadLiveEvent,
  loadLiveRunsOfEvent,
  'productionTargets',
  'recipes',
)

/**
 * One row per live assembly target of the event, ordered by finished-good name: quantity
 * assembled, unrounded percentage (may exceed 100) and completeness. Empty without targets.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, assemblyTargets, assemblyRuns, finishedGoods (one read each).
 */
export async function getAssemblyProgress(tx: Tx, eventId: string): Promise<AssemblyProgressRow[]> {
  const id = parseInput(idSchema, eventId)
  const [, targets, runs] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssemblyTargets(tx, id),
    loadLiveAssemblyRunsOfEvent(tx, id),
  ])
  const goods = await tx.finishedGoods.bulkGet([
    ...new Set(targets.map((row) => row.finishedGoodId)),
  ])
  return assemblyProgressRows(targets, runs, namesOf(goods))
}
getAssemblyProgress.tables = tablesOf(
  loadLiveAssemblyRunsOfEvent,
  loadLiveEvent,
  'assemblyTargets',
  'finishedGoods',
)

/**
 * Target and package counts of the event. `productionComplete` / `assemblyComplete` are true when
 * every target is complete or there are none (DOMAIN §9.8; the UI says "No targets set").
 * Package counts count live assignments, not their quantities (DOMAIN §9.7).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, productionTargets, assemblyTargets, productionRuns, assemblyRuns, assignments.
 */
export async function getEventOverallProgress(tx: Tx, eventId: string): Promise<OverallProgress> {
  const id = parseInput(idSchema, eventId)
  const [, productionTargets, assemblyTargets, productionRuns, assemblyRuns, assignments] =
    await Promise.all([
      loadLiveEvent(tx, id),
      loadLiveProductionTargets(tx, id),
      loadLiveAssemblyTargets(tx, id),
      loadLiveRunsOfEvent(tx, id),
      loadLiveAssemblyRunsOfEvent(tx, id),
      loadLiveAssignmentsOfEvent(tx, id),
    ])
  return overallProgressOf(
    productionProgressRows(productionTargets, productionRuns, new Map()),
    assemblyProgressRows(assemblyTargets, assemblyRuns, new Map()),
    assignments,
  )
}
getEventOverallProgress.tables = tablesOf(
  loadLiveAssemblyRunsOfEvent,
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  loadLiveRunsOfEvent,
  'assemblyTargets',
  'productionTargets',
)
