/**
 * Event reports (DOMAIN §4): the production summary of one event (recipes needed vs produced,
 * package counts, planned vs actual cost), the dashboard over every event with a plan, and the
 * per-recipe cost breakdown with variance. All money is summed exactly and rounded half-up to two
 * decimals only on the way out (money.ts). The dashboard reads each table once, whole, and groups
 * in memory, so its reads never grow with the number of events (no N+1).
 *
 * The recipes of a summary are those the event needs (from its live assignments) plus any recipe
 * it has live production runs of without needing it (extra baking still cost money): such a
 * recipe shows `batchesRequired` 0 and `plannedCost` "0.00". Runs of a recipe deleted since still
 * count (they are history).
 */
import { idSchema, type Assignment, type Event, type ProductionRun } from '../db/schema'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent } from './assignments'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { compareEvents, loadLiveEvent } from './events'
import { type Exact, ZERO, formatMoney, fromMicros } from './money'
import { compareNames } from './order'
import { countsTowardBatches, loadLiveRunsOfEvent } from './production-runs'
import { countPackages, groupLiveByEvent, type PackageCounts } from './progress'
import { parseInput } from './validate'

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

/** The summary of one event from its live assignments and runs, in exact money. */
function summarize(
  model: CatalogueModel,
  assignments: readonly Assignment[],
  runs: readonly ProductionRun[],
): ExactSummary {
  const byRecipe = new Map<string, ExactRecipe>()
  for (const need of model.recipeNeeds(model.unitsForAssignments(assignments))) {
    byRecipe.set(need.recipeId, {
      recipeId: need.recipeId,
      recipeName: need.recipeName,
      batchesRequired: need.batchesNeeded,
      batchesProduced: 0,
      actual: ZERO,
      planned: model.recipeCostPerBatch(need.recipeId).times(need.batchesNeeded),
    })
  }
  for (const run of runs) {
    if (run.deletedAt !== null) continue
    let recipe = byRecipe.get(run.recipeId)
    if (!recipe) {
      recipe = {
        recipeId: run.recipeId,
        recipeName: model.recipes.get(run.recipeId)?.name ?? '',
        batchesRequired: 0,
        batchesProduced: 0,
        actual: ZERO,
        planned: ZERO,
      }
      byRecipe.set(run.recipeId, recipe)
    }
    recipe.actual = recipe.actual.plus(fromMicros(run.totalCost))
    if (countsTowardBatches(run)) recipe.batchesProduced += run.batches
  }
  const recipes = [...byRecipe.values()].sort(
    (a, b) =>
      compareNames(a.recipeName, b.recipeName) ||
      (a.recipeId < b.recipeId ? -1 : a.recipeId > b.recipeId ? 1 : 0),
  )
  return {
    recipes,
    packages: countPackages(assignments),
    actual: recipes.reduce((total, recipe) => total.plus(recipe.actual), ZERO),
    planned: recipes.reduce((total, recipe) => total.plus(recipe.planned), ZERO),
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
  const [event, assignments, runs, model] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssignmentsOfEvent(tx, id),
    loadLiveRunsOfEvent(tx, id),
    loadCatalogue(tx),
  ])
  return { event, summary: summarize(model, assignments, runs) }
}

/**
 * The production summary of an event: per recipe (needed, or produced without being needed; by
 * name) batches required and produced, completeness, actual cost (Σ the event's runs' cost
 * snapshots) and planned cost (current cost per batch × batches required); package counts by
 * status (assignments); cost totals summed exactly; complete when it has packages and all are
 * delivered.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event;
 * UnitConversionError when a needed recipe cannot be priced.
 * Tables: events, assignments, productionRuns, ingredients, recipes, finishedUnits, finishedGoods,
 * packages.
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

/**
 * One row per live event with at least one live assignment, ordered by date, then name: recipes
 * complete of total (the summary's recipes), package counts (assignments), actual and planned
 * cost, and whether every package is delivered.
 * Reads each table ONCE, whole, and groups in memory (no per-event reads).
 * @throws UnitConversionError when a needed recipe cannot be priced.
 * Tables: events, assignments, productionRuns, ingredients, recipes, finishedUnits, finishedGoods,
 * packages (one read each).
 */
export async function getDashboardSummary(tx: Tx): Promise<DashboardRow[]> {
  const [events, assignments, runs, model] = await Promise.all([
    tx.events.toArray(),
    tx.assignments.toArray(),
    tx.productionRuns.toArray(),
    loadCatalogue(tx),
  ])
  const assignmentsByEvent = groupLiveByEvent(assignments)
  const runsByEvent = groupLiveByEvent(runs)
  return events
    .filter((event: Event) => event.deletedAt === null && assignmentsByEvent.has(event.id))
    .sort(compareEvents)
    .map((event) => {
      const summary = summarize(
        model,
        assignmentsByEvent.get(event.id) ?? [],
        runsByEvent.get(event.id) ?? [],
      )
      return {
        eventId: event.id,
        eventName: event.name,
        eventDate: event.date,
        recipesComplete: summary.recipes.filter(isRecipeComplete).length,
        recipesTotal: summary.recipes.length,
        packagesPending: summary.packages.pending,
        packagesAssembled: summary.packages.assembled,
        packagesDelivered: summary.packages.delivered,
        packagesTotal: summary.packages.total,
        actualCost: formatMoney(summary.actual),
        plannedCost: formatMoney(summary.planned),
        isComplete: isDelivered(summary.packages),
      }
    })
}

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
