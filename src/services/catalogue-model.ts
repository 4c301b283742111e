/**
 * The catalogue read model: ingredients, recipes, finished units, finished goods and packages
 * loaded with ONE read per table, then costs and needs computed in memory. Every service that
 * needs costs or needs (progress, summaries, can-assemble, shopping list) builds one model per
 * call, so the number of table reads never grows with the number of events, targets or
 * assignments (DOMAIN §4: no N+1).
 *
 * Costs are exact (money.ts): recipe cost per batch = Σ ingredient quantity converted to the
 * ingredient's unit × unit cost (DOMAIN §1); cost per item = cost per batch ÷ items per batch;
 * a finished good costs Σ component cost per item × quantity, recursively.
 *
 * Needs (DOMAIN §4): assignment quantity × package content quantity × component quantity, through
 * nested finished goods down to finished units; units are summed per recipe over everything asked
 * for, and only then rounded up to whole batches. References to rows that no longer exist are
 * skipped; soft-deleted rows that are still referenced (possible after a sync race) still count,
 * so a needed bake never silently disappears from the plan.
 */
import type { FinishedGood, FinishedUnit, Ingredient, Package, Recipe } from '../db/schema'
import type { Tx } from '../db/tx'
import { CycleError, NotFoundError } from './errors'
import { Exact, ZERO, fromMicros } from './money'
import { compareNames } from './order'
import { convertQuantity } from './units'
import { tablesOf } from '../transactions/declared-tables'

export type FinishedUnitNeed = {
  finishedUnitId: string
  finishedUnitName: string
  unitsNeeded: number
  itemsPerBatch: number
}

export type RecipeNeed = {
  recipeId: string
  recipeName: string
  /** Items needed from this recipe, summed over all its finished units. */
  totalUnitsNeeded: number
  /**
   * Items per batch. When the recipe's needed finished units yield different amounts per batch,
   * this is the value of the finished unit with the most items needed (see `finishedUnits`).
   */
  itemsPerBatch: number
  /** ceil(Σ units ÷ items per batch), summed exactly before rounding up. */
  batchesNeeded: number
  finishedUnits: FinishedUnitNeed[]
}

/** Units needed per finished unit id. */
export type UnitsByFinishedUnit = Map<string, number>

function byId<T extends { id: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.id, row]))
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b)
}

/** ceil(Σ units_i ÷ perBatch_i), exactly, with integer arithmetic. */
export function exactBatches(parts: readonly { units: number; perBatch: number }[]): number {
  let numerator = 0n
  let denominator = 1n
  for (const { units, perBatch } of parts) {
    if (units === 0) continue
    const partDenominator = BigInt(perBatch)
    const lcm = (denominator * partDenominator) / gcd(denominator, partDenominator)
    numerator = numerator * (lcm / denominator) + BigInt(units) * (lcm / partDenominator)
    denominator = lcm
  }
  return Number((numerator + denominator - 1n) / denominator)
}

export class CatalogueModel {
  private readonly recipeCosts = new Map<string, Exact>()
  private readonly goodCosts = new Map<string, Exact>()
  private unitsByRecipe: Map<string, FinishedUnit[]> | undefined

  constructor(
    readonly ingredients: ReadonlyMap<string, Ingredient>,
    readonly recipes: ReadonlyMap<string, Recipe>,
    readonly finishedUnits: ReadonlyMap<string, FinishedUnit>,
    readonly finishedGoods: ReadonlyMap<string, FinishedGood>,
    readonly packages: ReadonlyMap<string, Package>,
  ) {}

  /** The recipe row, or NotFoundError. */
  recipe(recipeId: string): Recipe {
    const recipe = this.recipes.get(recipeId)
    if (!recipe) throw new NotFoundError('recipe', recipeId)
    return recipe
  }

  /** Quantity of each ingredient per batch, converted to the ingredient's own unit. */
  ingredientsPerBatch(recipeId: string): { ingredient: Ingredient; quantity: Exact }[] {
    const lines: { ingredient: Ingredient; quantity: Exact }[] = []
    for (const line of this.recipe(recipeId).ingredients) {
      const ingredient = this.ingredients.get(line.ingredientId)
      if (!ingredient) continue
      lines.push({
        ingredient,
        quantity: convertQuantity(line.quantity, line.unit, ingredient.unit, ingredient),
      })
    }
    return lines
  }

  /** Current cost of one batch (exact). @throws NotFoundError, UnitConversionError */
  recipeCostPerBatch(recipeId: string): Exact {
    const cached = this.recipeCosts.get(recipeId)
    if (cached) return cached
    let cost = ZERO
    for (const { ingredient, quantity } of this.ingredientsPerBatch(recipeId)) {
      cost = cost.plus(quantity.times(fromMicros(ingredient.unitCost)))
    }
    this.recipeCosts.set(recipeId, cost)
    return cost
  }

  /** Current cost of one item of a finished unit (exact). */
  finishedUnitCostPerItem(finishedUnitId: string): Exact {
    const unit = this.finishedUnits.get(finishedUnitId)
    if (!unit) throw new NotFoundError('finishedUnit', finishedUnitId)
    return this.recipeCostPerBatch(unit.recipeId).dividedBy(unit.itemsPerBatch)
  }

  /** Current cost of one finished good: Σ component cost per item × quantity, recursively. */
  finishedGoodCostPerItem(finishedGoodId: string, path: string[] = []): Exact {
    const cached = this.goodCosts.get(finishedGoodId)
    if (cached) return cached
    if (path.includes(finishedGoodId)) throw new CycleError([...path, finishedGoodId])
    const good = this.finishedGoods.get(finishedGoodId)
    if (!good) throw new NotFoundError('finishedGood', finishedGoodId)
    let cost = ZERO
    for (const component of good.components) {
      const perItem =
        component.kind === 'unit'
          ? this.finishedUnits.has(component.id)
            ? this.finishedUnitCostPerItem(component.id)
            : ZERO
          : this.finishedGoods.has(component.id)
            ? this.finishedGoodCostPerItem(component.id, [...path, finishedGoodId])
            : ZERO
      cost = cost.plus(perItem.times(component.quantity))
    }
    this.goodCosts.set(finishedGoodId, cost)
    return cost
  }

  /** Add the finished units `quantity` of a finished good expand to into `into`. */
  addUnitsForGood(
    finishedGoodId: string,
    quantity: number,
    into: UnitsByFinishedUnit,
    path: string[] = [],
  ): void {
    if (path.includes(finishedGoodId)) throw new CycleError([...path, finishedGoodId])
    const good = this.finishedGoods.get(finishedGoodId)
    if (!good) return
    for (const component of good.components) {
      const count = quantity * component.quantity
      if (component.kind === 'unit') {
        if (this.finishedUnits.has(component.id))
          into.set(component.id, (into.get(component.id) ?? 0) + count)
      } else {
        this.addUnitsForGood(component.id, count, into, [...path, finishedGoodId])
      }
    }
  }

  /** Add the finished units `quantity` packages expand to into `into`. */
  addUnitsForPackage(packageId: string, quantity: number, into: UnitsByFinishedUnit): void {
    const pkg = this.packages.get(packageId)
    if (!pkg) return
    for (const content of pkg.contents) {
      this.addUnitsForGood(content.finishedGoodId, quantity * content.quantity, into)
    }
  }

  /** Units needed for a set of assignments ({packageId, quantity}), per finished unit. */
  unitsForAssignments(
    assignments: Iterable<{ packageId: string; quantity: number }>,
  ): UnitsByFinishedUnit {
    const units: UnitsByFinishedUnit = new Map()
    for (const assignment of assignments)
      this.addUnitsForPackage(assignment.packageId, assignment.quantity, units)
    return units
  }

  /** Finished goods needed for a set of assignments, per finished good id (top-level contents only). */
  goodsForAssignments(
    assignments: Iterable<{ packageId: string; quantity: number }>,
  ): Map<string, number> {
    const goods = new Map<string, number>()
    for (const assignment of assignments) {
      for (const content of this.packages.get(assignment.packageId)?.contents ?? []) {
        goods.set(
          content.finishedGoodId,
          (goods.get(content.finishedGoodId) ?? 0) + assignment.quantity * content.quantity,
        )
      }
    }
    return goods
  }

  /**
   * Finished goods to assemble for a set of assignments, per finished good id, nested goods
   * included: a package of 2 hampers that each hold 1 cookie tin needs 2 hampers AND 2 tins.
   */
  goodsToAssembleForAssignments(
    assignments: Iterable<{ packageId: string; quantity: number }>,
  ): Map<string, number> {
    const goods = new Map<string, number>()
    const add = (finishedGoodId: string, quantity: number, path: string[]): void => {
      if (path.includes(finishedGoodId)) throw new CycleError([...path, finishedGoodId])
      const good = this.finishedGoods.get(finishedGoodId)
      if (!good) return
      goods.set(finishedGoodId, (goods.get(finishedGoodId) ?? 0) + quantity)
      for (const component of good.components) {
        if (component.kind === 'good')
          add(component.id, quantity * component.quantity, [...path, finishedGoodId])
      }
    }
    for (const [finishedGoodId, quantity] of this.goodsForAssignments(assignments))
      add(finishedGoodId, quantity, [])
    return goods
  }

  /** Units grouped per recipe and rounded up to batches once per recipe, sorted by recipe name. */
  recipeNeeds(units: UnitsByFinishedUnit): RecipeNeed[] {
    const byRecipe = new Map<string, FinishedUnitNeed[]>()
    for (const [finishedUnitId, unitsNeeded] of units) {
      const unit = this.finishedUnits.get(finishedUnitId)
      if (!unit || unitsNeeded === 0 || !this.recipes.has(unit.recipeId)) continue
      const list = byRecipe.get(unit.recipeId) ?? []
      list.push({
        finishedUnitId,
        finishedUnitName: unit.name,
        unitsNeeded,
        itemsPerBatch: unit.itemsPerBatch,
      })
      byRecipe.set(unit.recipeId, list)
    }
    const needs: RecipeNeed[] = []
    for (const [recipeId, finishedUnits] of byRecipe) {
      finishedUnits.sort((a, b) => compareNames(a.finishedUnitName, b.finishedUnitName))
      const main = finishedUnits.reduce((best, unit) =>
        unit.unitsNeeded > best.unitsNeeded ? unit : best,
      )
      needs.push({
        recipeId,
        recipeName: this.recipe(recipeId).name,
        totalUnitsNeeded: finishedUnits.reduce((total, unit) => total + unit.unitsNeeded, 0),
        itemsPerBatch: main.itemsPerBatch,
        batchesNeeded: exactBatches(
          finishedUnits.map((unit) => ({ units: unit.unitsNeeded, perBatch: unit.itemsPerBatch })),
        ),
        finishedUnits,
      })
    }
    return needs.sort(
      (a, b) => compareNames(a.recipeName, b.recipeName) || (a.recipeId < b.recipeId ? -1 : 1),
    )
  }

  /** Live finished units of a recipe. */
  finishedUnitsOfRecipe(recipeId: string): FinishedUnit[] {
    if (!this.unitsByRecipe) {
      this.unitsByRecipe = new Map()
      for (const unit of this.finishedUnits.values()) {
        if (unit.deletedAt !== null) continue
        const list = this.unitsByRecipe.get(unit.recipeId) ?? []
        list.push(unit)
        this.unitsByRecipe.set(unit.recipeId, list)
      }
    }
    return this.unitsByRecipe.get(recipeId) ?? []
  }
}

/**
 * Load the whole catalogue with one read per table (five reads, whatever its size).
 * Tables: ingredients, recipes, finishedUnits, finishedGoods, packages.
 */
export async function loadCatalogue(tx: Tx): Promise<CatalogueModel> {
  const [ingredients, recipes, finishedUnits, finishedGoods, packages] = await Promise.all([
    tx.ingredients.toArray(),
    tx.recipes.toArray(),
    tx.finishedUnits.toArray(),
    tx.finishedGoods.toArray(),
    tx.packages.toArray(),
  ])
  return new CatalogueModel(
    byId(ingredients),
    byId(recipes),
    byId(finishedUnits),
    byId(finishedGoods),
    byId(packages),
  )
}
loadCatalogue.tables = tablesOf(
  'finishedGoods',
  'finishedUnits',
  'ingredients',
  'packages',
  'recipes',
)

export { Exact }
