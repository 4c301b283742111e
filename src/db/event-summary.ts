/**
 * The per-event summary read model: for each event, the sums its progress, dashboard and report
 * rows need (assignments per status and package units per package, runs and live targets per
 * recipe and finished good), maintained by delta in the SAME transaction as every write (local or
 * remote) through `applyEventSummaryDeltas`. Invariant: the table equals `recomputeEventSummaries`
 * over the rows at every commit; an event with nothing to count has no row. Every delta is exact:
 * counts are integers and cost is micro-units summed as a BigInt.
 *
 * Compact since schema version 9: tallies are arrays, not objects, and targets are kept as the
 * sorted multiset of their sizes per recipe or finished good (no target ids), so a summary is
 * about a third of its old size and Today reads 200 of them in a few milliseconds. Read it
 * through the accessors below, never by index.
 */
import type { Transaction } from 'dexie'
import { countsTowardBatches } from './schema/runs'
import type { DomainTableName, RowOf } from './tables'

// The stored shape is declared in event-summary-schema.ts and imported for its types only: no code
// validates a stored summary, so its zod schema (tuples, unions) stays out of the first screen.
import type { EventSummary, GoodTally, RecipeTally } from './event-summary-schema'
export type { EventSummary, GoodTally, RecipeTally } from './event-summary-schema'
export type SummaryPackageCounts = {
  pending: number
  assembled: number
  delivered: number
  total: number
}

// ---- Accessors (the one place that knows the array layout) ----

const STATUS_INDEX = { pending: 0, assembled: 1, delivered: 2 } as const
const TOTAL = 3

export function summaryPackageCounts(summary: EventSummary | undefined): SummaryPackageCounts {
  const packages = summary?.packages
  return packages
    ? { pending: packages[0], assembled: packages[1], delivered: packages[2], total: packages[3] }
    : { pending: 0, assembled: 0, delivered: 0, total: 0 }
}
/** Live runs of the recipe (0: targeted only). */
export const tallyRuns = (tally: RecipeTally | GoodTally): number => tally[0]
/** Σ batches of the recipe's live runs with an actual yield above 0. */
export const recipeBatches = (tally: RecipeTally): number => tally[1]
export const recipeYield = (tally: RecipeTally): number => tally[2]
export const recipeCostMicros = (tally: RecipeTally): bigint => BigInt(tally[3])
/** Σ quantity of the finished good's live assembly runs. */
export const goodQuantity = (tally: GoodTally): number => tally[1]
const RECIPE_TARGETS_FROM = 4
const GOOD_TARGETS_FROM = 2
/** The sizes (batches) of the recipe's live production targets, ascending. */
export const recipeTargets = (tally: RecipeTally): number[] =>
  tally.slice(RECIPE_TARGETS_FROM) as number[]
/** The sizes of the finished good's live assembly targets, ascending. */
export const goodTargets = (tally: GoodTally): number[] => tally.slice(GOOD_TARGETS_FROM)
/** Whether the recipe or finished good has a live target in the event. */
export const isTargeted = (tally: RecipeTally | GoodTally, kind: 'recipe' | 'good'): boolean =>
  tally.length > (kind === 'recipe' ? RECIPE_TARGETS_FROM : GOOD_TARGETS_FROM)

function packMicros(value: bigint): number | string {
  const asNumber = Number(value)
  return Number.isSafeInteger(asNumber) ? asNumber : String(value)
}

/** The tables whose rows feed the summary; writes to any other table leave it alone. */
export const SUMMARY_SOURCE_TABLES = [
  'assignments',
  'productionRuns',
  'assemblyRuns',
  'productionTargets',
  'assemblyTargets',
] as const satisfies readonly DomainTableName[]
type SourceTable = (typeof SUMMARY_SOURCE_TABLES)[number]

export function isSummarySource(table: DomainTableName): table is SourceTable {
  return (SUMMARY_SOURCE_TABLES as readonly string[]).includes(table)
}

export function emptySummary(eventId: string): EventSummary {
  return { eventId, packages: [0, 0, 0, 0], packageUnits: {}, recipes: {}, goods: {} }
}

function isEmpty(summary: EventSummary): boolean {
  return (
    summary.packages[TOTAL] === 0 &&
    Object.keys(summary.packageUnits).length === 0 &&
    Object.keys(summary.recipes).length === 0 &&
    Object.keys(summary.goods).length === 0
  )
}

type SourceRow = RowOf<SourceTable>

/** The event a row counts toward, or null when it counts toward none (deleted, or no event). */
function eventOf(row: SourceRow | undefined): string | null {
  if (!row || row.deletedAt !== null) return null
  return row.eventId ?? null
}

/** Add `size` to (sign 1) or remove one `size` from (sign −1) the sorted targets from `from`. */
function changeTargets(tally: (number | string)[], from: number, size: number, sign: 1 | -1): void {
  let index = from
  while (index < tally.length && (tally[index] as number) < size) index += 1
  if (sign === 1) tally.splice(index, 0, size)
  // A target the summary does not hold is left as it is: the recomputation check reports it.
  else if (tally[index] === size) tally.splice(index, 1)
}

function recipeTally(summary: EventSummary, recipeId: string): RecipeTally {
  let tally = summary.recipes[recipeId]
  if (!tally) {
    tally = [0, 0, 0, 0]
    summary.recipes[recipeId] = tally
  }
  return tally
}

function goodTally(summary: EventSummary, finishedGoodId: string): GoodTally {
  let tally = summary.goods[finishedGoodId]
  if (!tally) {
    tally = [0, 0]
    summary.goods[finishedGoodId] = tally
  }
  return tally
}

/** Add (sign 1) or remove (sign −1) one live row's contribution to its event's summary. */
function contribute(summary: EventSummary, table: SourceTable, row: SourceRow, sign: 1 | -1): void {
  switch (table) {
    case 'assignments': {
      const assignment = row as RowOf<'assignments'>
      summary.packages[STATUS_INDEX[assignment.status]] += sign
      summary.packages[TOTAL] += sign
      const units = (summary.packageUnits[assignment.packageId] ?? 0) + sign * assignment.quantity
      if (units === 0) delete summary.packageUnits[assignment.packageId]
      else summary.packageUnits[assignment.packageId] = units
      return
    }
    case 'productionRuns': {
      const run = row as RowOf<'productionRuns'>
      const tally = recipeTally(summary, run.recipeId)
      tally[0] += sign
      if (countsTowardBatches(run)) tally[1] += sign * run.batches
      tally[2] += sign * run.actualYield
      tally[3] = packMicros(BigInt(tally[3]) + BigInt(sign) * BigInt(run.totalCost))
      dropIfUnused(summary.recipes, run.recipeId, tally, RECIPE_TARGETS_FROM)
      return
    }
    case 'assemblyRuns': {
      const run = row as RowOf<'assemblyRuns'>
      const tally = goodTally(summary, run.finishedGoodId)
      tally[0] += sign
      tally[1] += sign * run.quantity
      dropIfUnused(summary.goods, run.finishedGoodId, tally, GOOD_TARGETS_FROM)
      return
    }
    case 'productionTargets': {
      const target = row as RowOf<'productionTargets'>
      const tally = recipeTally(summary, target.recipeId)
      changeTargets(tally, RECIPE_TARGETS_FROM, target.targetBatches, sign)
      dropIfUnused(summary.recipes, target.recipeId, tally, RECIPE_TARGETS_FROM)
      return
    }
    case 'assemblyTargets': {
      const target = row as RowOf<'assemblyTargets'>
      const tally = goodTally(summary, target.finishedGoodId)
      changeTargets(tally, GOOD_TARGETS_FROM, target.targetQuantity, sign)
      dropIfUnused(summary.goods, target.finishedGoodId, tally, GOOD_TARGETS_FROM)
      return
    }
  }
}

/** A tally with no live run and no live target leaves its summary (its sums are then 0). */
function dropIfUnused(
  tallies: Record<string, readonly (number | string)[]>,
  id: string,
  tally: readonly (number | string)[],
  targetsFrom: number,
): void {
  if (tally[0] === 0 && tally.length === targetsFrom) delete tallies[id]
}

export type RowWrite<TName extends DomainTableName = DomainTableName> = {
  before: RowOf<TName> | undefined
  after: RowOf<TName> | undefined
}

/**
 * The summaries loaded (or created) by this transaction, by event id. Every delta of a
 * transaction goes through the same in-memory object, and each write stores a copy of it, so
 * writes issued concurrently in one transaction (`Promise.all`) never lose each other's deltas.
 */
const loadedByTransaction = new WeakMap<Transaction, Map<string, PromiseLike<EventSummary>>>()

function summariesTable(tx: Transaction) {
  return tx.table<EventSummary, string>('eventSummaries')
}

function loadSummary(tx: Transaction, eventId: string): PromiseLike<EventSummary> {
  let loaded = loadedByTransaction.get(tx)
  if (!loaded) {
    loaded = new Map()
    loadedByTransaction.set(tx, loaded)
  }
  let summary = loaded.get(eventId)
  if (!summary) {
    summary = summariesTable(tx)
      .get(eventId)
      .then((row) => row ?? emptySummary(eventId))
    loaded.set(eventId, summary)
  }
  return summary
}

/**
 * Apply the writes of rows of `table` (each row before → after; undefined when absent) to the
 * summaries of the events they count toward, in the caller's transaction. Awaits only Dexie.
 */
export async function applyEventSummaryDeltas(
  tx: Transaction,
  table: DomainTableName,
  writes: readonly RowWrite[],
): Promise<void> {
  if (!isSummarySource(table)) return
  const eventIds = new Set<string>()
  for (const { before, after } of writes) {
    const from = eventOf(before as SourceRow | undefined)
    const to = eventOf(after as SourceRow | undefined)
    if (from !== null) eventIds.add(from)
    if (to !== null) eventIds.add(to)
  }
  if (eventIds.size === 0) return
  const ids = [...eventIds]
  const summaries = await Promise.all(ids.map((eventId) => loadSummary(tx, eventId)))
  const byEvent = new Map(summaries.map((summary) => [summary.eventId, summary]))
  for (const { before, after } of writes) {
    const from = eventOf(before as SourceRow | undefined)
    const to = eventOf(after as SourceRow | undefined)
    if (from !== null) contribute(byEvent.get(from)!, table, before as SourceRow, -1)
    if (to !== null) contribute(byEvent.get(to)!, table, after as SourceRow, 1)
  }
  const toPut = summaries.filter((summary) => !isEmpty(summary)).map((s) => structuredClone(s))
  const toDelete = summaries.filter(isEmpty).map((summary) => summary.eventId)
  await Promise.all([
    toPut.length > 0 ? summariesTable(tx).bulkPut(toPut) : undefined,
    toDelete.length > 0 ? summariesTable(tx).bulkDelete(toDelete) : undefined,
  ])
}

/** Every summary computed from scratch from the source tables (rebuilds and test checks). */
export async function recomputeEventSummaries(tx: Transaction): Promise<EventSummary[]> {
  const byEvent = new Map<string, EventSummary>()
  for (const table of SUMMARY_SOURCE_TABLES) {
    const rows = await tx.table<SourceRow, string>(table).toArray()
    for (const row of rows) {
      const eventId = eventOf(row)
      if (eventId === null) continue
      let summary = byEvent.get(eventId)
      if (!summary) {
        summary = emptySummary(eventId)
        byEvent.set(eventId, summary)
      }
      contribute(summary, table, row, 1)
    }
  }
  return [...byEvent.values()]
    .filter((summary) => !isEmpty(summary))
    .sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0))
}

/**
 * Replace every summary by its recomputation (schema upgrade, backup import, repair). Runs in the
 * caller's read-write transaction over the source tables and `eventSummaries`.
 */
export async function rebuildEventSummaries(tx: Transaction): Promise<void> {
  const summaries = await recomputeEventSummaries(tx)
  loadedByTransaction.delete(tx)
  await summariesTable(tx).clear()
  await summariesTable(tx).bulkAdd(summaries)
}
