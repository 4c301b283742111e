/**
 * Ingredients: create, read, list, update and soft-delete (DOMAIN §1, §6). Names are unique among
 * live ingredients, compared case-insensitively (`sameName`); `unitCost` is accepted as a decimal
 * string or number and stored as integer micro-units (money.ts). An ingredient a live recipe uses
 * cannot be deleted (`InUseError` naming the recipes), and its unit or density cannot be changed so
 * that one of those recipes could no longer be priced (`UnitConversionError`).
 */
import { z } from 'zod'
import {
  idSchema,
  ingredientSchema,
  nameSchema,
  sortAllergens,
  unitSchema,
  type Allergen,
  type Ingredient,
} from '../db/schema'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { InUseError, NotFoundError, UnitConversionError, type UsedBy } from './errors'
import { formatMoney, fromMicros, microsToInputString, moneyInputSchema } from './money'
import { byNameThenId } from './order'
import { canConvert } from './units'
import { parseInput } from './validate'
import { liveRowLoader, nameGuard } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type IngredientDto = {
  id: string
  name: string
  unit: Ingredient['unit']
  /** Cost of one `unit`, two decimals ("0.00" for 0.0042). */
  unitCost: string
  /** The exact stored cost of one `unit` as a decimal string without trailing zeros ("0.0042"). */
  unitCostPrecise: string
  /** Grams per millilitre, or null when unknown. */
  density: number | null
  /** Allergens it contains, in the law's order. */
  allergens: Allergen[]
  createdAt: string
  updatedAt: string
}

export function toIngredientDto(row: Ingredient): IngredientDto {
  return {
    id: row.id,
    name: row.name,
    unit: row.unit,
    unitCost: formatMoney(fromMicros(row.unitCost)),
    unitCostPrecise: microsToInputString(row.unitCost),
    density: row.density,
    allergens: sortAllergens(row.allergens ?? []),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const densitySchema = ingredientSchema.shape.density
const allergensSchema = ingredientSchema.shape.allergens.unwrap()

export const createIngredientInputSchema = z.strictObject({
  name: nameSchema,
  unit: unitSchema,
  unitCost: moneyInputSchema,
  density: densitySchema.optional(),
  allergens: allergensSchema.optional(),
})
export type CreateIngredientInput = z.input<typeof createIngredientInputSchema>

export const updateIngredientInputSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  unit: unitSchema.optional(),
  unitCost: moneyInputSchema.optional(),
  /** `null` clears the density. */
  density: densitySchema.optional(),
  allergens: allergensSchema.optional(),
})
export type UpdateIngredientInput = z.input<typeof updateIngredientInputSchema>

const ingredientIdSchema = idSchema

/** The live ingredient row, or NotFoundError (soft-deleted ingredients are not found). */
export const loadLiveIngredient = liveRowLoader('ingredients')

const assertNameFree = nameGuard('ingredients')

/**
 * Create an ingredient.
 * @throws ValidationError for an empty name, an unknown unit, a negative or malformed cost or a
 * density that is not a positive number.
 * @throws DuplicateNameError when a live ingredient already has this name (case-insensitive).
 * Tables: ingredients. Offline: a new row with a fresh id; two devices may each create the same
 * name offline (the merge keeps both; rename one).
 */
export async function createIngredient(
  tx: Tx,
  input: CreateIngredientInput,
): Promise<IngredientDto> {
  const values = parseInput(createIngredientInputSchema, input)
  await assertNameFree(tx, values.name)
  const row = await insert(tx, 'ingredients', {
    name: values.name,
    unit: values.unit,
    unitCost: values.unitCost,
    density: values.density ?? null,
    ...(values.allergens?.length ? { allergens: sortAllergens(values.allergens) } : {}),
  })
  return toIngredientDto(row)
}
createIngredient.tables = tablesOf(writes('ingredients'))

/**
 * The live ingredient with this id.
 * @throws NotFoundError when there is none or it was deleted. Tables: ingredients.
 */
export async function getIngredient(tx: Tx, ingredientId: string): Promise<IngredientDto> {
  const id = parseInput(ingredientIdSchema, ingredientId)
  return toIngredientDto(await loadLiveIngredient(tx, id))
}
getIngredient.tables = tablesOf(loadLiveIngredient)

/** Every live ingredient, ordered by name (collator). Tables: ingredients. */
export async function listIngredients(tx: Tx): Promise<IngredientDto[]> {
  const rows = await tx.ingredients.toArray()
  return rows
    .filter((row) => row.deletedAt === null)
    .sort(byNameThenId)
    .map(toIngredientDto)
}
listIngredients.tables = tablesOf('ingredients')

/**
 * Change an ingredient's name, unit, cost or density (only the fields given; `density: null`
 * clears it). A new unit or density must still let every live recipe that uses the ingredient
 * convert its quantity to the ingredient's unit.
 * @throws ValidationError, NotFoundError, DuplicateNameError.
 * @throws UnitConversionError naming the first recipe line that could no longer be converted.
 * Tables: ingredients, recipes (read). Offline: last writer wins per field.
 */
export async function updateIngredient(
  tx: Tx,
  input: UpdateIngredientInput,
): Promise<IngredientDto> {
  const { id, ...changes } = parseInput(updateIngredientInputSchema, input)
  const existing = await loadLiveIngredient(tx, id)
  if (changes.name !== undefined) await assertNameFree(tx, changes.name, id)
  if (changes.unit !== undefined || changes.density !== undefined) {
    const unit = changes.unit ?? existing.unit
    const density = changes.density === undefined ? existing.density : changes.density
    for (const recipe of await tx.recipes.toArray()) {
      if (recipe.deletedAt !== null) continue
      for (const line of recipe.ingredients) {
        if (line.ingredientId === id && !canConvert(line.unit, unit, density)) {
          throw new UnitConversionError(id, line.unit, unit)
        }
      }
    }
  }
  const { allergens, ...rest } = changes
  const fields = allergens === undefined ? rest : { ...rest, allergens: sortAllergens(allergens) }
  const row = await update(tx, 'ingredients', id, fields)
  if (!row) throw new NotFoundError('ingredient', id)
  return toIngredientDto(row)
}
updateIngredient.tables = tablesOf(loadLiveIngredient, 'recipes', writes('ingredients'))

/**
 * Soft-delete an ingredient that no live recipe uses.
 * @throws NotFoundError when it is missing or already deleted.
 * @throws InUseError listing the live recipes that use it (ordered by name).
 * Tables: ingredients, recipes. Offline: the delete is a field write; last writer wins.
 */
export async function deleteIngredient(tx: Tx, ingredientId: string): Promise<void> {
  const id = parseInput(ingredientIdSchema, ingredientId)
  await loadLiveIngredient(tx, id)
  const recipes = await tx.recipes.toArray()
  const usedBy: UsedBy[] = recipes
    .filter(
      (recipe) =>
        recipe.deletedAt === null && recipe.ingredients.some((line) => line.ingredientId === id),
    )
    .sort(byNameThenId)
    .map((recipe) => ({ entity: 'recipe', id: recipe.id, name: recipe.name }))
  if (usedBy.length > 0) throw new InUseError('ingredient', id, usedBy)
  await softDelete(tx, 'ingredients', id)
}
deleteIngredient.tables = tablesOf(loadLiveIngredient, 'recipes', writes('ingredients'))
