/**
 * What an event needs (DOMAIN §4): recipe needs expanded from its live assignments (through nested
 * finished goods, summed per recipe over the whole event, THEN rounded up to batches; the model in
 * catalogue-model.ts), and the shopping list for the batches still to make (needed − produced,
 * never below 0), in each ingredient's own unit with an estimated cost at current prices; and the
 * finished goods to assemble (nested goods included).
 */
import { idSchema, type ProductionRun, type Unit } from '../db/schema'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent } from './assignments'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { loadLiveEvent } from './events'
import { type Exact, ZERO, formatMoney, fromMicros } from './money'
import { compareNames } from './order'
import { countsTowardBatches, loadLiveRunsOfEvent } from './production-runs'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export type RecipeNeedRow = {
  recipeId: string
  recipeName: string
  totalUnitsNeeded: number
  itemsPerBatch: number
  batchesNeeded: number
}

export type AssemblyNeedRow = {
  finishedGoodId: string
  finishedGoodName: string
  /** Goods to assemble for the event's live assignments, counting goods nested in other goods. */
  quantityNeeded: number
}

export type ShoppingListItem = {
  ingredientId: string
  ingredientName: string
  /** In the ingredient's own (purchase) unit. */
  quantity: number
  unit: Unit
  /** quantity × current unit cost, two decimals. */
  estimatedCost: string
}

export type ShoppingList = {
  /** Ordered by ingredient name. */
  items: ShoppingListItem[]
  /** Σ exact estimated costs, rounded once. */
  total: string
}

/** Batches produced per recipe from a set of live runs (total losses excluded, DOMAIN §9.1). */
export function producedBatchesByRecipe(runs: readonly ProductionRun[]): Map<string, number> {
  const produced = new Map<string, number>()
  for (const run of runs) {
    if (run.deletedAt !== null || !countsTowardBatches(run)) continue
    produced.set(run.recipeId, (produced.get(run.recipeId) ?? 0) + run.batches)
  }
  return produced
}

/**
 * The event's recipe needs: every live assignment's quantity × package content quantity × finished
 * good component quantity, recursing through nested goods down to finished units; units summed
 * per recipe over the whole event, then `batchesNeeded` = ceil(units ÷ items per batch). Ordered by
 * recipe name.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, ingredients, recipes, finishedUnits, finishedGoods, packages.
 */
export async function getRecipeNeeds(tx: Tx, eventId: string): Promise<RecipeNeedRow[]> {
  const id = parseInput(idSchema, eventId)
  const [, assignments, model] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssignmentsOfEvent(tx, id),
    loadCatalogue(tx),
  ])
  return model.recipeNeeds(model.unitsForAssignments(assignments)).map((need) => ({
    recipeId: need.recipeId,
    recipeName: need.recipeName,
    totalUnitsNeeded: need.totalUnitsNeeded,
    itemsPerBatch: need.itemsPerBatch,
    batchesNeeded: need.batchesNeeded,
  }))
}
getRecipeNeeds.tables = tablesOf(loadCatalogue, loadLiveAssignmentsOfEvent, loadLiveEvent)

/**
 * The finished goods the event's live assignments need assembled: assignment quantity × package
 * content quantity, and through nested goods (a hamper holding a cookie tin needs the tin
 * assembled too). Ordered by finished-good name. Goods deleted since a package used them still
 * appear (the package still needs them).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event;
 * CycleError for a cycle among finished goods (refused on save; possible only after a sync race).
 * Tables: events, assignments, ingredients, recipes, finishedUnits, finishedGoods, packages.
 */
export async function getAssemblyNeeds(tx: Tx, eventId: string): Promise<AssemblyNeedRow[]> {
  const id = parseInput(idSchema, eventId)
  const [, assignments, model] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssignmentsOfEvent(tx, id),
    loadCatalogue(tx),
  ])
  const rows: AssemblyNeedRow[] = []
  for (const [finishedGoodId, quantityNeeded] of model.goodsToAssembleForAssignments(assignments)) {
    const good = model.finishedGoods.get(finishedGoodId)
    if (!good || quantityNeeded === 0) continue
    rows.push({ finishedGoodId, finishedGoodName: good.name, quantityNeeded })
  }
  return rows.sort(
    (a, b) =>
      compareNames(a.finishedGoodName, b.finishedGoodName) ||
      (a.finishedGoodId < b.finishedGoodId ? -1 : 1),
  )
}
getAssemblyNeeds.tables = tablesOf(loadCatalogue, loadLiveAssignmentsOfEvent, loadLiveEvent)

/** The shopping list for `batchesByRecipe` (recipe id → batches still to make). */
export function shoppingListFor(
  model: CatalogueModel,
  batchesByRecipe: ReadonlyMap<string, number>,
): ShoppingList {
  const quantities = new Map<string, Exact>()
  for (const [recipeId, batches] of batchesByRecipe) {
    if (batches <= 0) continue
    for (const { ingredient, quantity } of model.ingredientsPerBatch(recipeId)) {
      quantities.set(
        ingredient.id,
        (quantities.get(ingredient.id) ?? ZERO).plus(quantity.times(batches)),
      )
    }
  }
  let total = ZERO
  const items: ShoppingListItem[] = []
  for (const [ingredientId, quantity] of quantities) {
    const ingredient = model.ingredients.get(ingredientId)
    if (!ingredient) continue
    const cost = quantity.times(fromMicros(ingredient.unitCost))
    total = total.plus(cost)
    items.push({
      ingredientId,
      ingredientName: ingredient.name,
      quantity: quantity.toNumber(),
      unit: ingredient.unit,
      estimatedCost: formatMoney(cost),
    })
  }
  items.sort(
    (a, b) =>
      compareNames(a.ingredientName, b.ingredientName) ||
      (a.ingredientId < b.ingredientId ? -1 : a.ingredientId > b.ingredientId ? 1 : 0),
  )
  return { items, total: formatMoney(total) }
}

/**
 * Ingredients to buy for the batches the event still has to make: per recipe, batches needed
 * (getRecipeNeeds) − batches produced for the event (runs with an actual yield above 0), never
 * below 0; each recipe line converted to its ingredient's unit, summed per ingredient exactly.
 * `estimatedCost` = quantity × current unit cost; `total` is the exact sum, rounded once.
 * Ingredients deleted since a recipe used them still appear (the recipe still needs them).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event;
 * UnitConversionError when a recipe line cannot be converted to its ingredient's unit.
 * Tables: events, assignments, productionRuns, ingredients, recipes, finishedUnits,
 * finishedGoods, packages.
 */
export async function getShoppingList(tx: Tx, eventId: string): Promise<ShoppingList> {
  const id = parseInput(idSchema, eventId)
  const [, assignments, runs, model] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssignmentsOfEvent(tx, id),
    loadLiveRunsOfEvent(tx, id),
    loadCatalogue(tx),
  ])
  const produced = producedBatchesByRecipe(runs)
  const remaining = new Map<string, number>()
  for (const need of model.recipeNeeds(model.unitsForAssignments(assignments))) {
    remaining.set(
      need.recipeId,
      Math.max(0, need.batchesNeeded - (produced.get(need.recipeId) ?? 0)),
    )
  }
  return shoppingListFor(model, remaining)
}
getShoppingList.tables = tablesOf(
  loadCatalogue,
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  loadLiveRunsOfEvent,
)
