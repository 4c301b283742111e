/**
 * Progress of events against their targets (DOMAIN §4, §9.1, §9.7, §9.8): production per recipe
 * target, assembly per finished-good target, the overall counts, and all of it for many events at
 * once. One event's progress is computed from its rows, read by index; many events' progress from
 * the events the filter selects (read by the date index) and their summaries (db/event-summary.ts,
 * kept by `mutate` in the write's own transaction), so `getEventsWithProgress` reads rows in
 * proportion to the events it shows, never the history. Every read goes through the caller's `tx`
 * (reads see the action's own uncommitted writes).
 *
 * Only live rows count: deleted events, targets, assignments and runs are ignored. A target whose
 * recipe or finished good was deleted later still shows, with that name (as listProductionTargets).
 */
import { z } from 'zod'
import {
  calendarDateSchema,
  idSchema,
  type AssemblyRun,
  type AssemblyTarget,
  type Assignment,
  type Event,
  type ProductionRun,
  type ProductionTarget,
} from '../db/schema'
import type { EventSummary } from '../db/event-summary'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent } from './assignments'
import { loadLiveAssemblyRunsOfEvent } from './assembly-runs'
import { compareEvents, loadLiveEvent, toEventDto, type EventDto } from './events'
import { compareNames } from './order'
import { countsTowardBatches, loadLiveRunsOfEvent } from './production-runs'
import { parseInput } from './validate'

export type ProductionProgressRow = {
  recipeId: string
  recipeName: string
  targetBatches: number
  /** Σ batches of the event's live runs of the recipe with an actual yield above 0. */
  producedBatches: number
  /** Σ actual yield of the event's live runs of the recipe. */
  producedYield: number
  /** producedBatches ÷ targetBatches × 100, unrounded; may exceed 100. */
  progressPct: number
  isComplete: boolean
}

export type AssemblyProgressRow = {
  finishedGoodId: string
  finishedGoodName: string
  targetQuantity: number
  /** Σ quantity of the event's live assembly runs of the finished good. */
  assembledQuantity: number
  /** assembledQuantity ÷ targetQuantity × 100, unrounded; may exceed 100. */
  progressPct: number
  isComplete: boolean
}

export type OverallProgress = {
  productionTargetsCount: number
  productionCompleteCount: number
  /** True when every production target is complete, or there are none (DOMAIN §9.8). */
  productionComplete: boolean
  assemblyTargetsCount: number
  assemblyCompleteCount: number
  assemblyComplete: boolean
  /** Counts of live assignments (not package units; DOMAIN §9.7). */
  packagesPending: number
  packagesAssembled: number
  packagesDelivered: number
  packagesTotal: number
}

export type EventWithProgress = {
  eventId: string
  eventName: string
  eventDate: string
  productionProgress: ProductionProgressRow[]
  assemblyProgress: AssemblyProgressRow[]
  overallProgress: OverallProgress
}

export const EVENT_PROGRESS_FILTERS = ['active_future', 'past', 'all'] as const

export const getEventsWithProgressInputSchema = z.strictObject({
  filter: z.enum(EVENT_PROGRESS_FILTERS).default('active_future'),
  dateFrom: calendarDateSchema.optional(),
  dateTo: calendarDateSchema.optional(),
  /** The local calendar date "today" (injected: services never read the clock for it). */
  today: calendarDateSchema,
})
export type GetEventsWithProgressInput = z.input<typeof getEventsWithProgressInputSchema>

export type PackageCounts = { pending: number; assembled: number; delivered: number; total: number }

// ---- Pure builders (shared with reports.ts) ----

type Live = { deletedAt: string | null }

function isLive(row: Live): boolean {
  return row.deletedAt === null
}

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

function byNameThenId(nameA: string, idA: string, nameB: string, idB: string): number {
  return compareNames(nameA, nameB) || (idA < idB ? -1 : idA > idB ? 1 : 0)
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
  const productionCompleteCount = production.filter((row) => row.isComplete).length
  const assemblyCompleteCount = assembly.filter((row) => row.isComplete).length
  const packages = countPackages(assignments)
  return {
    productionTargetsCount: production.length,
    productionCompleteCount,
    productionComplete: productionCompleteCount === production.length,
    assemblyTargetsCount: assembly.length,
    assemblyCompleteCount,
    assemblyComplete: assemblyCompleteCount === assembly.length,
    packagesPending: packages.pending,
    packagesAssembled: packages.assembled,
    packagesDelivered: packages.delivered,
    packagesTotal: packages.total,
  }
}

function namesOf(rows: readonly ({ id: string; name: string } | undefined)[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const row of rows) if (row) names.set(row.id, row.name)
  return names
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

/** Whether an event's date passes the filter and the inclusive `dateFrom`/`dateTo` range. */
function inRange(
  date: string,
  options: z.output<typeof getEventsWithProgressInputSchema>,
): boolean {
  if (options.filter === 'active_future' && date < options.today) return false
  if (options.filter === 'past' && date >= options.today) return false
  if (options.dateFrom !== undefined && date < options.dateFrom) return false
  if (options.dateTo !== undefined && date > options.dateTo) return false
  return true
}

type RangeOptions = z.output<typeof getEventsWithProgressInputSchema>

/**
 * The live events whose date passes the filter and range, read through the `date` index (only
 * the selected events' rows are read), ordered by date, then name.
 */
async function loadEventsInRange(tx: Tx, options: RangeOptions): Promise<Event[]> {
  let lower = options.dateFrom
  let upper = options.dateTo
  let upperOpen = false
  if (options.filter === 'active_future' && (lower === undefined || options.today > lower))
    lower = options.today
  if (options.filter === 'past' && (upper === undefined || options.today <= upper)) {
    upper = options.today
    upperOpen = true
  }
  let rows: Event[]
  if (lower !== undefined && upper !== undefined) {
    if (lower > upper || (lower === upper && upperOpen)) return []
    rows = await tx.events.where('date').between(lower, upper, true, !upperOpen).toArray()
  } else if (lower !== undefined) {
    rows = await tx.events.where('date').aboveOrEqual(lower).toArray()
  } else if (upper !== undefined) {
    rows = await (
      upperOpen ? tx.events.where('date').below(upper) : tx.events.where('date').belowOrEqual(upper)
    ).toArray()
  } else {
    rows = await tx.events.toArray()
  }
  return rows.filter((event) => isLive(event) && inRange(event.date, options)).sort(compareEvents)
}

/**
 * The events `getEventsWithProgress` returns for the same input, in the same order, without their
 * progress: the Today screen shows these cards at once and fills in the bars when the progress
 * read arrives.
 * @throws ValidationError as getEventsWithProgress. Tables: events (one indexed read).
 */
export async function listEventsInRange(
  tx: Tx,
  input: GetEventsWithProgressInput,
): Promise<EventDto[]> {
  const options = parseInput(getEventsWithProgressInputSchema, input)
  return (await loadEventsInRange(tx, options)).map(toEventDto)
}
listEventsInRange.tables = ['events'] as const

/** Production progress rows of an event from its summary (same rules as productionProgressRows). */
function productionRowsOfSummary(
  summary: EventSummary | undefined,
  recipeNames: ReadonlyMap<string, string>,
): ProductionProgressRow[] {
  if (!summary) return []
  return Object.values(summary.productionTargets)
    .map(({ recipeId, targetBatches }) => {
      const produced = summary.recipes[recipeId]
      const producedBatches = produced?.batches ?? 0
      return {
        recipeId,
        recipeName: recipeNames.get(recipeId) ?? '',
        targetBatches,
        producedBatches,
        producedYield: produced?.yield ?? 0,
        progressPct: (producedBatches / targetBatches) * 100,
        isComplete: producedBatches >= targetBatches,
      }
    })
    .sort((a, b) => byNameThenId(a.recipeName, a.recipeId, b.recipeName, b.recipeId))
}

/** Assembly progress rows of an event from its summary (same rules as assemblyProgressRows). */
function assemblyRowsOfSummary(
  summary: EventSummary | undefined,
  goodNames: ReadonlyMap<string, string>,
): AssemblyProgressRow[] {
  if (!summary) return []
  return Object.values(summary.assemblyTargets)
    .map(({ finishedGoodId, targetQuantity }) => {
      const assembledQuantity = summary.goods[finishedGoodId]?.quantity ?? 0
      return {
        finishedGoodId,
        finishedGoodName: goodNames.get(finishedGoodId) ?? '',
        targetQuantity,
        assembledQuantity,
        progressPct: (assembledQuantity / targetQuantity) * 100,
        isComplete: assembledQuantity >= targetQuantity,
      }
    })
    .sort((a, b) =>
      byNameThenId(a.finishedGoodName, a.finishedGoodId, b.finishedGoodName, b.finishedGoodId),
    )
}

/** Package counts of an event from its summary (live assignments; DOMAIN §9.7). */
export function packageCountsOfSummary(summary: EventSummary | undefined): PackageCounts {
  const packages = summary?.packages
  return packages ? { ...packages } : { pending: 0, assembled: 0, delivered: 0, total: 0 }
}

/**
 * Live events with their production, assembly and overall progress, ordered by date, then name.
 * `active_future` (default): date ≥ today; `past`: date < today; `all`: any date; `dateFrom` /
 * `dateTo` narrow further, inclusive (a reversed range matches nothing).
 * Reads only what it shows: the selected events by the date index, their summaries, and the names
 * of their targets' recipes and finished goods (four reads, each as big as the result).
 * @throws ValidationError for an unknown filter or a date that is not `YYYY-MM-DD`.
 * Tables: events, eventSummaries, recipes, finishedGoods.
 */
export async function getEventsWithProgress(
  tx: Tx,
  input: GetEventsWithProgressInput,
): Promise<EventWithProgress[]> {
  const options = parseInput(getEventsWithProgressInputSchema, input)
  const events = await loadEventsInRange(tx, options)
  const summaries = await tx.eventSummaries.bulkGet(events.map((event) => event.id))
  const recipeIds = new Set<string>()
  const goodIds = new Set<string>()
  for (const summary of summaries) {
    for (const target of Object.values(summary?.productionTargets ?? {}))
      recipeIds.add(target.recipeId)
    for (const target of Object.values(summary?.assemblyTargets ?? {}))
      goodIds.add(target.finishedGoodId)
  }
  const [recipes, goods] = await Promise.all([
    tx.recipes.bulkGet([...recipeIds]),
    tx.finishedGoods.bulkGet([...goodIds]),
  ])
  const recipeNames = namesOf(recipes)
  const goodNames = namesOf(goods)
  return events.map((event, index) => {
    const summary = summaries[index]
    const productionProgress = productionRowsOfSummary(summary, recipeNames)
    const assemblyProgress = assemblyRowsOfSummary(summary, goodNames)
    const packages = packageCountsOfSummary(summary)
    const productionCompleteCount = productionProgress.filter((row) => row.isComplete).length
    const assemblyCompleteCount = assemblyProgress.filter((row) => row.isComplete).length
    return {
      eventId: event.id,
      eventName: event.name,
      eventDate: event.date,
      productionProgress,
      assemblyProgress,
      overallProgress: {
        productionTargetsCount: productionProgress.length,
        productionCompleteCount,
        productionComplete: productionCompleteCount === productionProgress.length,
        assemblyTargetsCount: assemblyProgress.length,
        assemblyCompleteCount,
        assemblyComplete: assemblyCompleteCount === assemblyProgress.length,
        packagesPending: packages.pending,
        packagesAssembled: packages.assembled,
        packagesDelivered: packages.delivered,
        packagesTotal: packages.total,
      },
    }
  })
}
getEventsWithProgress.tables = ['events', 'eventSummaries', 'recipes', 'finishedGoods'] as const
