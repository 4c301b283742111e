/**
 * Progress of many events at once, from their summary rows (db/event-summary.ts, kept by `mutate`
 * in the write's own transaction): what Today shows. It reads rows in proportion to the events it
 * shows, never the history, and imports none of the per-row services, so the first screen's chunk
 * stays small (the per-event reads from the rows are in progress.ts, which re-exports these).
 */
import { z } from 'zod'
import { calendarDateSchema, type Event } from '../db/schema'
import {
  goodQuantity,
  goodTargets,
  isTargeted,
  recipeBatches,
  recipeTargets,
  recipeYield,
  summaryPackageCounts,
  type EventSummary,
} from '../db/event-summary'
import type { Tx } from '../db/tx'
import { compareEvents, toEventDto, type EventDto } from './event-dto'
import { compareNames } from './order'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'
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

export type Live = { deletedAt: string | null }

export function isLive(row: Live): boolean {
  return row.deletedAt === null
}

/** Order by name (the cook's collation), then id. */
export function byNameThenId(nameA: string, idA: string, nameB: string, idB: string): number {
  return compareNames(nameA, nameB) || (idA < idB ? -1 : idA > idB ? 1 : 0)
}

/** Names by id of the rows found (missing rows are left out). */
export function namesOf(
  rows: readonly ({ id: string; name: string } | undefined)[],
): Map<string, string> {
  const names = new Map<string, string>()
  for (const row of rows) if (row) names.set(row.id, row.name)
  return names
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
listEventsInRange.tables = tablesOf('events')

/**
 * The summaries of `eventIds` (undefined where an event has none), in their order. ONE range read
 * over the key range spanning the ids, stopped after twice as many summaries as asked for, replaces
 * a `get` per event when the range is that dense (Today's events are mostly made in date order,
 * so it usually holds just them): 200 events cost one IndexedDB request instead of 200, and the
 * rows read stay bounded by the events shown. A sparser range falls back to a `get` per event.
 */
export async function loadSummariesOf(
  tx: Tx,
  eventIds: readonly string[],
): Promise<(EventSummary | undefined)[]> {
  if (eventIds.length === 0) return []
  let lowest = eventIds[0]!
  let highest = lowest
  for (const id of eventIds) {
    if (id < lowest) lowest = id
    if (id > highest) highest = id
  }
  const most = 2 * eventIds.length
  const inRange = await tx.eventSummaries
    .where('eventId')
    .between(lowest, highest, true, true)
    .limit(most + 1)
    .toArray()
  if (inRange.length > most) return tx.eventSummaries.bulkGet([...eventIds])
  const byEvent = new Map(inRange.map((summary) => [summary.eventId, summary]))
  return eventIds.map((id) => byEvent.get(id))
}

/**
 * The rank of each id when ordered by its name, then id (byNameThenId): rows of many events are
 * then sorted by a number, with the collator run once per name instead of once per comparison.
 */
function ranksByName(
  names: ReadonlyMap<string, string>,
  ids: Iterable<string>,
): Map<string, number> {
  const ordered = [...new Set(ids)].sort((a, b) =>
    byNameThenId(names.get(a) ?? '', a, names.get(b) ?? '', b),
  )
  return new Map(ordered.map((id, index) => [id, index]))
}

/** Production progress rows of an event from its summary (same rules as productionProgressRows). */
function productionRowsOfSummary(
  summary: EventSummary | undefined,
  recipeNames: ReadonlyMap<string, string>,
  ranks: ReadonlyMap<string, number>,
): ProductionProgressRow[] {
  if (!summary) return []
  const rows: { rank: number; row: ProductionProgressRow }[] = []
  for (const [recipeId, tally] of Object.entries(summary.recipes)) {
    if (!isTargeted(tally, 'recipe')) continue
    const producedBatches = recipeBatches(tally)
    const producedYield = recipeYield(tally)
    const rank = ranks.get(recipeId) ?? 0
    for (const targetBatches of recipeTargets(tally))
      rows.push({
        rank,
        row: {
          recipeId,
          recipeName: recipeNames.get(recipeId) ?? '',
          targetBatches,
          producedBatches,
          producedYield,
          progressPct: (producedBatches / targetBatches) * 100,
          isComplete: producedBatches >= targetBatches,
        },
      })
  }
  return rows.sort((a, b) => a.rank - b.rank).map(({ row }) => row)
}

/** Assembly progress rows of an event from its summary (same rules as assemblyProgressRows). */
function assemblyRowsOfSummary(
  summary: EventSummary | undefined,
  goodNames: ReadonlyMap<string, string>,
  ranks: ReadonlyMap<string, number>,
): AssemblyProgressRow[] {
  if (!summary) return []
  const rows: { rank: number; row: AssemblyProgressRow }[] = []
  for (const [finishedGoodId, tally] of Object.entries(summary.goods)) {
    if (!isTargeted(tally, 'good')) continue
    const assembledQuantity = goodQuantity(tally)
    const rank = ranks.get(finishedGoodId) ?? 0
    for (const targetQuantity of goodTargets(tally))
      rows.push({
        rank,
        row: {
          finishedGoodId,
          finishedGoodName: goodNames.get(finishedGoodId) ?? '',
          targetQuantity,
          assembledQuantity,
          progressPct: (assembledQuantity / targetQuantity) * 100,
          isComplete: assembledQuantity >= targetQuantity,
        },
      })
  }
  return rows.sort((a, b) => a.rank - b.rank).map(({ row }) => row)
}

/**
 * Target and package counts; with no targets a kind counts as complete (DOMAIN §9.8). The one
 * definition of overall progress, for the summary reads and the full recomputation alike.
 */
export function overallProgressFrom(
  production: readonly { isComplete: boolean }[],
  assembly: readonly { isComplete: boolean }[],
  packages: PackageCounts,
): OverallProgress {
  const productionCompleteCount = production.filter((row) => row.isComplete).length
  const assemblyCompleteCount = assembly.filter((row) => row.isComplete).length
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

/** Package counts of an event from its summary (live assignments; DOMAIN §9.7). */
export function packageCountsOfSummary(summary: EventSummary | undefined): PackageCounts {
  return summaryPackageCounts(summary)
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
  const summaries = await loadSummariesOf(
    tx,
    events.map((event) => event.id),
  )
  const recipeIds = new Set<string>()
  const goodIds = new Set<string>()
  for (const summary of summaries) {
    if (!summary) continue
    for (const [recipeId, tally] of Object.entries(summary.recipes))
      if (isTargeted(tally, 'recipe')) recipeIds.add(recipeId)
    for (const [goodId, tally] of Object.entries(summary.goods))
      if (isTargeted(tally, 'good')) goodIds.add(goodId)
  }
  const [recipes, goods] = await Promise.all([
    tx.recipes.bulkGet([...recipeIds]),
    tx.finishedGoods.bulkGet([...goodIds]),
  ])
  const recipeNames = namesOf(recipes)
  const goodNames = namesOf(goods)
  const recipeRanks = ranksByName(recipeNames, recipeIds)
  const goodRanks = ranksByName(goodNames, goodIds)
  return events.map((event, index) => {
    const summary = summaries[index]
    const productionProgress = productionRowsOfSummary(summary, recipeNames, recipeRanks)
    const assemblyProgress = assemblyRowsOfSummary(summary, goodNames, goodRanks)
    const packages = packageCountsOfSummary(summary)
    return {
      eventId: event.id,
      eventName: event.name,
      eventDate: event.date,
      productionProgress,
      assemblyProgress,
      overallProgress: overallProgressFrom(productionProgress, assemblyProgress, packages),
    }
  })
}
getEventsWithProgress.tables = tablesOf(
  listEventsInRange,
  'eventSummaries',
  'finishedGoods',
  'recipes',
)
