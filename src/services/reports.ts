/**
 * Event reports (DOMAIN §4): the production summary of one event (recipes needed vs produced,
 * package counts, planned vs actual cost), the dashboard over every event with a plan, and the
 * per-recipe cost breakdown with variance. All money is summed exactly and rounded half-up to two
 * decimals only on the way out (money.ts). Produced batches, actual cost and package counts come
 * from the per-event summaries (db/event-summary.ts, kept exact by delta in each write's
 * transaction); planned cost from the summary's package units expanded through the CURRENT
 * catalogue at read time, so a price change shows at once. No report reads assignments or runs.
 *
 * The recipes of a summary are those the event needs (from its live assignments) plus any recipe
 * it has live production runs of without needing it (extra baking still cost money): such a
 * recipe shows `batchesRequired` 0 and `plannedCost` "0.00". Runs of a recipe deleted since still
 * count (they are history).
 */
import {
  recipeBatches,
  recipeCostMicros,
  summaryPackageCounts,
  tallyRuns,
  type EventSummary,
} from '../db/event-summary'
import { idSchema } from '../db/schema'
import type { Tx } from '../db/tx'
import { exactBatches, loadCatalogue, type CatalogueModel } from './catalogue-model'
import { compareEvents, loadLiveEvent } from './events'
import { Exact, ZERO, formatMoney } from './money'
import { compareNames } from './order'
import { packageCountsOfSummary, type PackageCounts } from './progress'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export type SummaryRecipe = {
  recipeId: string
  recipeName: string
  /** From the event's needs (0 for a recipe baked without being needed). */
  batchesRequired: number
  /** Σ batches of the event's live runs of the recipe with an actual yield above 0. */
  batchesProduced: number
  /** batchesProduced ≥ batchesRequired. */
  isComplete: boolean
  /** Σ cost snapshots of the event's live runs of the recipe, two decimals. */
  actualCost: string
  /** Current cost per batch × batchesRequired, two decimals. */
  plannedCost: string
}

export type EventProductionSummary = {
  eventId: string
  eventName: string
  eventDate: string
  /** Ordered by recipe name. */
  recipes: SummaryRecipe[]
  /** Counts of live assignments (DOMAIN §9.7). */
  packages: PackageCounts
  costs: { actualTotal: string; plannedTotal: string }
  /** packages.total > 0 and every package delivered. */
  isComplete: boolean
}

export type DashboardRow = {
  eventId: string
  eventName: string
  eventDate: string
  recipesComplete: number
  recipesTotal: number
  packagesPending: number
  packagesAssembled: number
  packagesDelivered: number
  packagesTotal: number
  actualCost: string
  plannedCost: string
  isComplete: boolean
}

export type RecipeCostRow = {
  recipeId: string
  recipeName: string
  batchesRequired: number
  batchesProduced: number
  actualCost: string
  plannedCost: string
  /** actual − planned, two decimals (negative when under plan). */
  variance: string
  /** variance ÷ planned × 100 rounded half-up to 2 places; planned 0 → 0 if actual 0, else 100. */
  variancePercent: number
}

/** A summary recipe with exact money, before formatting. */
type ExactRecipe = {
  recipeId: string
  recipeName: string
  batchesRequired: number
  batchesProduced: number
  actual: Exact
  planned: Exact
}

type ExactSummary = {
  recipes: ExactRecipe[]
  packages: PackageCounts
  actual: Exact
  planned: Exact
}

const MICROS_PER_UNIT = 1_000_000n

/** The report of one event from its summary (undefined: nothing recorded), in exact money. */
function summarize(model: CatalogueModel, summary: EventSummary | undefined): ExactSummary {
  const byRecipe = new Map<string, ExactRecipe>()
  const packageUnits = Object.entries(summary?.packageUnits ?? {}).map(([packageId, quantity]) => ({
    packageId,
    quantity,
  }))
  for (const need of model.recipeNeeds(model.unitsForAssignments(packageUnits))) {
    byRecipe.set(need.recipeId, {
      recipeId: need.recipeId,
      recipeName: need.recipeName,
      batchesRequired: need.batchesNeeded,
      batchesProduced: 0,
      actual: ZERO,
      planned: model.recipeCostPerBatch(need.recipeId).times(need.batchesNeeded),
    })
  }
  for (const [recipeId, produced] of Object.entries(summary?.recipes ?? {})) {
    // A recipe only targeted (no live run) is neither produced nor an extra cost.
    if (tallyRuns(produced) === 0) continue
    let recipe = byRecipe.get(recipeId)
    if (!recipe) {
      recipe = {
        recipeId,
        recipeName: model.recipes.get(recipeId)?.name ?? '',
        batchesRequired: 0,
        batchesProduced: 0,
        actual: ZERO,
        planned: ZERO,
      }
      byRecipe.set(recipeId, recipe)
    }
    recipe.actual = new Exact(recipeCostMicros(produced), MICROS_PER_UNIT)
    recipe.batchesProduced = recipeBatches(produced)
  }
  const recipes = [...byRecipe.values()].sort(
    (a, b) =>
      compareNames(a.recipeName, b.recipeName) ||
      (a.recipeId < b.recipeId ? -1 : a.recipeId > b.recipeId ? 1 : 0),
  )
  return {
    recipes,
    packages: packageCountsOfSummary(summary),
    actual: recipes.reduce((total, recipe) => total.plus(recipe.actual), ZERO),
    planned: recipes.reduce((total, recipe) => total.plus(recipe.planned), ZERO),
  }
}

/** Batches required per recipe for an event's package units (as recipeNeeds, without names). */
function batchesRequired(
  model: CatalogueModel,
  packageUnits: Record<string, number>,
): Map<string, number> {
  const units = model.unitsForAssignments(
    Object.entries(packageUnits).map(([packageId, quantity]) => ({ packageId, quantity })),
  )
  const parts = new Map<string, { units: number; perBatch: number }[]>()
  for (const [finishedUnitId, unitsNeeded] of units) {
    const unit = model.finishedUnits.get(finishedUnitId)
    if (!unit || unitsNeeded === 0 || !model.recipes.has(unit.recipeId)) continue
    const list = parts.get(unit.recipeId)
    const part = { units: unitsNeeded, perBatch: unit.itemsPerBatch }
    if (list) list.push(part)
    else parts.set(unit.recipeId, [part])
  }
  const batches = new Map<string, number>()
  for (const [recipeId, list] of parts) batches.set(recipeId, exactBatches(list))
  return batches
}

/**
 * Σ cost per batch × batches, exact. Terms over the same denominator (most recipes share one)
 * are added as integers, so 200 events cost a few BigInt products each, not a reduced fraction
 * per term.
 */
function plannedTotal(model: CatalogueModel, batches: ReadonlyMap<string, number>): Exact {
  const byDenominator = new Map<bigint, bigint>()
  for (const [recipeId, count] of batches) {
    const cost = model.recipeCostPerBatch(recipeId)
    const sum = byDenominator.get(cost.denominator) ?? 0n
    byDenominator.set(cost.denominator, sum + cost.numerator * BigInt(count))
  }
  let total = ZERO
  for (const [denominator, numerator] of byDenominator)
    total = total.plus(new Exact(numerator, denominator))
  return total
}

/** One dashboard row's figures from an event's summary: no names, no sorting, exact sums. */
function dashboardFigures(model: CatalogueModel, summary: EventSummary) {
  const required = batchesRequired(model, summary.packageUnits)
  let recipesTotal = required.size
  let recipesComplete = 0
  for (const [recipeId, count] of required) {
    const tally = summary.recipes[recipeId]
    const produced = tally && tallyRuns(tally) > 0 ? recipeBatches(tally) : 0
    if (produced >= count) recipesComplete += 1
  }
  let actualMicros = 0n
  for (const [recipeId, tally] of Object.entries(summary.recipes)) {
    if (tallyRuns(tally) === 0) continue
    actualMicros += recipeCostMicros(tally)
    // A recipe baked without being needed counts, and is complete (0 batches required).
    if (!required.has(recipeId)) {
      recipesTotal += 1
      recipesComplete += 1
    }
  }
  return {
    recipesComplete,
    recipesTotal,
    actual: new Exact(actualMicros, MICROS_PER_UNIT),
    planned: plannedTotal(model, required),
  }
}

function isRecipeComplete(recipe: ExactRecipe): boolean {
  return recipe.batchesProduced >= recipe.batchesRequired
}

function isDelivered(packages: PackageCounts): boolean {
  return packages.total > 0 && packages.delivered === packages.total
}

/** variance ÷ planned × 100, half-up to 2 places; planned 0 → 0 if actual is 0, else 100. */
export function variancePercentOf(actual: Exact, planned: Exact): number {
  if (planned.isZero()) return actual.isZero() ? 0 : 100
  const percent = actual.minus(planned).dividedBy(planned).times(100).toDecimalPlaces(2).toNumber()
  return percent === 0 ? 0 : percent // never -0
}

async function loadEventReportData(tx: Tx, eventId: string) {
  const id = parseInput(idSchema, eventId)
  const [event, eventSummary, model] = await Promise.all([
    loadLiveEvent(tx, id),
    tx.eventSummaries.get(id),
    loadCatalogue(tx),
  ])
  return { event, summary: summarize(model, eventSummary) }
}

/**
 * The production summary of an event: per recipe (needed, or produced without being needed; by
 * name) batches required and produced, completeness, actual cost (Σ the event's runs' cost
 * snapshots) and planned cost (current cost per batch × batches required); package counts by
 * status (assignments); cost totals summed exactly; complete when it has packages and all are
 * delivered.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event;
 * UnitConversionError when a needed recipe cannot be priced.
 * Tables: events, eventSummaries, ingredients, recipes, finishedUnits, finishedGoods, packages.
 */
export async function getEventProductionSummary(
  tx: Tx,
  eventId: string,
): Promise<EventProductionSummary> {
  const { event, summary } = await loadEventReportData(tx, eventId)
  return {
    eventId: event.id,
    eventName: event.name,
    eventDate: event.date,
    recipes: summary.recipes.map((recipe) => ({
      recipeId: recipe.recipeId,
      recipeName: recipe.recipeName,
      batchesRequired: recipe.batchesRequired,
      batchesProduced: recipe.batchesProduced,
      isComplete: isRecipeComplete(recipe),
      actualCost: formatMoney(recipe.actual),
      plannedCost: formatMoney(recipe.planned),
    })),
    packages: summary.packages,
    costs: { actualTotal: formatMoney(summary.actual), plannedTotal: formatMoney(summary.planned) },
    isComplete: isDelivered(summary.packages),
  }
}
getEventProductionSummary.tables = tablesOf(loadCatalogue, loadLiveEvent, 'eventSummaries')

/**
 * One row per live event with at least one live assignment, ordered by date, then name: recipes
 * complete of total (the summary's recipes), package counts (assignments), actual and planned
 * cost, and whether every package is delivered.
 * Reads the summaries (one row per event), the events that have packages and the catalogue:
 * never an assignment or a run, so it costs the same in the tenth season as in the first.
 * @throws UnitConversionError when a needed recipe cannot be priced.
 * Tables: events, eventSummaries, ingredients, recipes, finishedUnits, finishedGoods, packages
 * (one read each).
 */
export async function getDashboardSummary(tx: Tx): Promise<DashboardRow[]> {
  const [summaries, model] = await Promise.all([tx.eventSummaries.toArray(), loadCatalogue(tx)])
  const summaryByEvent = new Map<string, EventSummary>()
  for (const summary of summaries)
    if (summaryPackageCounts(summary).total > 0) summaryByEvent.set(summary.eventId, summary)
  // Every event's row in one read (the events table is small: one row per event, never history);
  // a get per event with packages would be as many IndexedDB requests.
  const events = summaryByEvent.size === 0 ? [] : await tx.events.toArray()
  return events
    .filter((event) => event.deletedAt === null && summaryByEvent.has(event.id))
    .sort(compareEvents)
    .map((event) => {
      const summary = summaryByEvent.get(event.id)!
      const figures = dashboardFigures(model, summary)
      const packages = summaryPackageCounts(summary)
      return {
        eventId: event.id,
        eventName: event.name,
        eventDate: event.date,
        recipesComplete: figures.recipesComplete,
        recipesTotal: figures.recipesTotal,
        packagesPending: packages.pending,
        packagesAssembled: packages.assembled,
        packagesDelivered: packages.delivered,
        packagesTotal: packages.total,
        actualCost: formatMoney(figures.actual),
        plannedCost: formatMoney(figures.planned),
        isComplete: isDelivered(packages),
      }
    })
}
getDashboardSummary.tables = tablesOf(loadCatalogue, 'eventSummaries', 'events')

/**
 * Per recipe of the event's production summary (same order): batches, actual and planned cost,
 * variance = actual − planned and variancePercent = variance ÷ planned × 100 rounded half-up to 2
 * places, both from the exact amounts; with planned 0 the percentage is 0 when actual is 0, else
 * 100.
 * @throws ValidationError, NotFoundError, UnitConversionError as getEventProductionSummary.
 * Tables: as getEventProductionSummary.
 */
export async function getRecipeCostBreakdown(tx: Tx, eventId: string): Promise<RecipeCostRow[]> {
  const { summary } = await loadEventReportData(tx, eventId)
  return summary.recipes.map((recipe) => ({
    recipeId: recipe.recipeId,
    recipeName: recipe.recipeName,
    batchesRequired: recipe.batchesRequired,
    batchesProduced: recipe.batchesProduced,
    actualCost: formatMoney(recipe.actual),
    plannedCost: formatMoney(recipe.planned),
    variance: formatMoney(recipe.actual.minus(recipe.planned)),
    variancePercent: variancePercentOf(recipe.actual, recipe.planned),
  }))
}
getRecipeCostBreakdown.tables = tablesOf(loadCatalogue, loadLiveEvent, 'eventSummaries')
