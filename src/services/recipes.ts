/**
 * Recipes: create, read, list, update and soft-delete (DOMAIN §1, §6). A recipe lists ingredient
 * quantities for one batch; every line names a live ingredient, has a quantity above 0 and a unit
 * that converts to the ingredient's own unit (mass ↔ volume only with a density). The same
 * ingredient may appear on several lines (butter for the dough and for the frosting). Costs come
 * from the catalogue read model (catalogue-model.ts), never computed here. Names are unique among
 * live recipes (case-insensitive). A recipe a live finished unit or production target uses cannot
 * be deleted; production runs are history and do not block.
 */
import { z } from 'zod'
import {
  idSchema,
  nameSchema,
  notesSchema,
  type recipeIngredientSchema,
  recipeSchema,
  type Recipe,
  type Unit,
} from '../db/schema'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { InUseError, NotFoundError, UnitConversionError, type UsedBy } from './errors'
import { formatMoney } from './money'
import { byNameThenId } from './order'
import { canConvert } from './units'
import { parseInput } from './validate'
import { liveRowLoader, nameGuard } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type RecipeIngredientDto = {
  ingredientId: string
  ingredientName: string
  quantity: number
  unit: Unit
}

export type RecipeDto = {
  id: string
  name: string
  ingredients: RecipeIngredientDto[]
  notes: string
  /** Current cost of one batch, two decimals. */
  costPerBatch: string
  createdAt: string
  updatedAt: string
}

/** The DTO of a recipe, with ingredient names and cost from a catalogue model that includes it. */
export function toRecipeDto(row: Recipe, model: CatalogueModel): RecipeDto {
  return {
    id: row.id,
    name: row.name,
    ingredients: row.ingredients.map((line) => ({
      ingredientId: line.ingredientId,
      ingredientName: model.ingredients.get(line.ingredientId)?.name ?? '',
      quantity: line.quantity,
      unit: line.unit,
    })),
    notes: row.notes,
    costPerBatch: formatMoney(model.recipeCostPerBatch(row.id)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const ingredientLinesSchema = recipeSchema.shape.ingredients

export const createRecipeInputSchema = z.strictObject({
  name: nameSchema,
  ingredients: ingredientLinesSchema,
  notes: notesSchema.optional(),
})
export type CreateRecipeInput = z.input<typeof createRecipeInputSchema>

export const updateRecipeInputSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  /** Replaces the whole list of lines. */
  ingredients: ingredientLinesSchema.optional(),
  notes: notesSchema.optional(),
})
export type UpdateRecipeInput = z.input<typeof updateRecipeInputSchema>

export type RecipeIngredientInput = z.input<typeof recipeIngredientSchema>

const recipeIdSchema = idSchema

/** The live recipe row, or NotFoundError (soft-deleted recipes are not found). */
export const loadLiveRecipe = liveRowLoader('recipes')

const assertNameFree = nameGuard('recipes')

/**
 * Every line names a live ingredient whose unit its own unit converts to (one bulk read).
 * @throws NotFoundError('ingredient', id), UnitConversionError.
 */
async function assertLinesValid(tx: Tx, lines: Recipe['ingredients']): Promise<void> {
  const ids = [...new Set(lines.map((line) => line.ingredientId))]
  const rows = await tx.ingredients.bulkGet(ids)
  const live = new Map<string, { unit: Unit; density: number | null }>()
  for (const row of rows) if (row && row.deletedAt === null) live.set(row.id, row)
  for (const line of lines) {
    const ingredient = live.get(line.ingredientId)
    if (!ingredient) throw new NotFoundError('ingredient', line.ingredientId)
    if (!canConvert(line.unit, ingredient.unit, ingredient.density)) {
      throw new UnitConversionError(line.ingredientId, line.unit, ingredient.unit)
    }
  }
}

/**
 * Create a recipe.
 * @throws ValidationError for an empty name or a quantity that is not above 0 (field
 * `ingredients.<n>.quantity`) or an unknown unit.
 * @throws NotFoundError when a line names a missing or deleted ingredient.
 * @throws UnitConversionError when a line's unit cannot convert to the ingredient's unit.
 * @throws DuplicateNameError when a live recipe already has this name.
 * Tables: recipes, ingredients (read); recipes (write); the cost reads the catalogue.
 * Offline: a new row with a fresh id; never conflicts.
 */
export async function createRecipe(tx: Tx, input: CreateRecipeInput): Promise<RecipeDto> {
  const values = parseInput(createRecipeInputSchema, input)
  await Promise.all([assertNameFree(tx, values.name), assertLinesValid(tx, values.ingredients)])
  const row = await insert(tx, 'recipes', {
    name: values.name,
    ingredients: values.ingredients,
    notes: values.notes ?? '',
  })
  return toRecipeDto(row, await loadCatalogue(tx))
}
createRecipe.tables = tablesOf(loadCatalogue, 'ingredients', writes('recipes'))

/**
 * The live recipe with this id, with ingredient names and current cost per batch.
 * @throws NotFoundError when there is none or it was deleted.
 * Tables: the catalogue (ingredients, recipes, finishedUnits, finishedGoods, packages).
 */
export async function getRecipe(tx: Tx, recipeId: string): Promise<RecipeDto> {
  const id = parseInput(recipeIdSchema, recipeId)
  const model = await loadCatalogue(tx)
  const row = model.recipes.get(id)
  if (!row || row.deletedAt !== null) throw new NotFoundError('recipe', id)
  return toRecipeDto(row, model)
}
getRecipe.tables = tablesOf(loadCatalogue)

/** Every live recipe, ordered by name. Tables: the catalogue (one read per table). */
export async function listRecipes(tx: Tx): Promise<RecipeDto[]> {
  const model = await loadCatalogue(tx)
  return [...model.recipes.values()]
    .filter((row) => row.deletedAt === null)
    .sort(byNameThenId)
    .map((row) => toRecipeDto(row, model))
}
listRecipes.tables = tablesOf(loadCatalogue)

/**
 * Change a recipe's name, notes or lines (only the fields given; `ingredients` replaces the whole
 * list). Lines are checked as in createRecipe.
 * @throws ValidationError, NotFoundError, UnitConversionError, DuplicateNameError.
 * Tables: recipes, ingredients. Offline: last writer wins per field (the list is one field).
 */
export async function updateRecipe(tx: Tx, input: UpdateRecipeInput): Promise<RecipeDto> {
  const { id, ...changes } = parseInput(updateRecipeInputSchema, input)
  await loadLiveRecipe(tx, id)
  await Promise.all([
    changes.name === undefined ? undefined : assertNameFree(tx, changes.name, id),
    changes.ingredients === undefined ? undefined : assertLinesValid(tx, changes.ingredients),
  ])
  const row = await update(tx, 'recipes', id, changes)
  if (!row) throw new NotFoundError('recipe', id)
  return toRecipeDto(row, await loadCatalogue(tx))
}
updateRecipe.tables = tablesOf(loadCatalogue, loadLiveRecipe, 'ingredients', writes('recipes'))

/**
 * Soft-delete a recipe that no live finished unit and no live production target uses. Production
 * runs of it are history: they keep counting and keep its name.
 * @throws NotFoundError when it is missing or already deleted.
 * @throws InUseError listing the finished units (by name) and the production targets (named by
 * their event).
 * Tables: recipes, finishedUnits, productionTargets, events. Offline: last writer wins.
 */
export async function deleteRecipe(tx: Tx, recipeId: string): Promise<void> {
  const id = parseInput(recipeIdSchema, recipeId)
  await loadLiveRecipe(tx, id)
  const [units, targets] = await Promise.all([
    tx.finishedUnits.where('recipeId').equals(id).toArray(),
    tx.productionTargets.where('recipeId').equals(id).toArray(),
  ])
  const liveTargets = targets.filter((row) => row.deletedAt === null)
  const events = await tx.events.bulkGet([...new Set(liveTargets.map((row) => row.eventId))])
  const eventNames = new Map<string, string>()
  for (const event of events) if (event) eventNames.set(event.id, event.name)
  const usedBy: UsedBy[] = [
    ...units
      .filter((row) => row.deletedAt === null)
      .sort(byNameThenId)
      .map((row): UsedBy => ({ entity: 'finishedUnit', id: row.id, name: row.name })),
    ...liveTargets
      .map((row): UsedBy => ({
        entity: 'productionTarget',
        id: row.id,
        name: eventNames.get(row.eventId) ?? '',
      }))
      .sort(byNameThenId),
  ]
  if (usedBy.length > 0) throw new InUseError('recipe', id, usedBy)
  await softDelete(tx, 'recipes', id)
}
deleteRecipe.tables = tablesOf(
  loadLiveRecipe,
  'events',
  'finishedUnits',
  'productionTargets',
  writes('recipes'),
)
