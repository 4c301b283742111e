/**
 * Finished units: what one batch of a recipe yields, e.g. 24 "cookie" (DOMAIN §1, §6). Create,
 * read, list (optionally per recipe), update and soft-delete. The recipe must be live; names are
 * unique among live finished units (case-insensitive). A finished unit a live finished good uses
 * cannot be deleted; production runs of it are history and do not block (they keep its name).
 * Cost per item = recipe cost per batch ÷ items per batch, from catalogue-model.ts.
 */
import { z } from 'zod'
import { finishedUnitSchema, idSchema, nameSchema, type FinishedUnit } from '../db/schema'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { InUseError, NotFoundError, type UsedBy } from './errors'
import { formatMoney } from './money'
import { byNameThenId } from './order'
import { parseInput } from './validate'
import { liveRowLoader, nameGuard } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type FinishedUnitDto = {
  id: string
  name: string
  recipeId: string
  recipeName: string
  itemsPerBatch: number
  itemUnit: string
  /** Current cost of one item, two decimals. */
  costPerItem: string
  createdAt: string
  updatedAt: string
}

/** The DTO of a finished unit, with recipe name and cost from a model that includes it. */
export function toFinishedUnitDto(row: FinishedUnit, model: CatalogueModel): FinishedUnitDto {
  return {
    id: row.id,
    name: row.name,
    recipeId: row.recipeId,
    recipeName: model.recipes.get(row.recipeId)?.name ?? '',
    itemsPerBatch: row.itemsPerBatch,
    itemUnit: row.itemUnit,
    costPerItem: model.recipes.has(row.recipeId)
      ? formatMoney(model.finishedUnitCostPerItem(row.id))
      : '0.00',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const itemsPerBatchSchema = finishedUnitSchema.shape.itemsPerBatch
const itemUnitSchema = finishedUnitSchema.shape.itemUnit

export const createFinishedUnitInputSchema = z.strictObject({
  name: nameSchema,
  recipeId: idSchema,
  itemsPerBatch: itemsPerBatchSchema,
  /** What one item is called ("cookie"); '' when omitted. */
  itemUnit: itemUnitSchema.optional(),
})
export type CreateFinishedUnitInput = z.input<typeof createFinishedUnitInputSchema>

export const updateFinishedUnitInputSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  recipeId: idSchema.optional(),
  itemsPerBatch: itemsPerBatchSchema.optional(),
  itemUnit: itemUnitSchema.optional(),
})
export type UpdateFinishedUnitInput = z.input<typeof updateFinishedUnitInputSchema>

export const listFinishedUnitsInputSchema = z
  .strictObject({ recipeId: idSchema.optional() })
  .optional()
export type ListFinishedUnitsInput = z.input<typeof listFinishedUnitsInputSchema>

const finishedUnitIdSchema = idSchema

/** The live finished-unit row, or NotFoundError (soft-deleted ones are not found). */
export const loadLiveFinishedUnit = liveRowLoader('finishedUnits')

const assertNameFree = nameGuard('finishedUnits')

/** @throws NotFoundError('recipe', id) when the recipe is missing or deleted. */
async function assertRecipeLive(tx: Tx, recipeId: string): Promise<void> {
  const recipe = await tx.recipes.get(recipeId)
  if (!recipe || recipe.deletedAt !== null) throw new NotFoundError('recipe', recipeId)
}

/**
 * Create a finished unit of a recipe.
 * @throws ValidationError for an empty name or `itemsPerBatch` that is not an integer ≥ 1.
 * @throws NotFoundError when the recipe is missing or deleted.
 * @throws DuplicateNameError when a live finished unit already has this name.
 * Tables: recipes, finishedUnits; the cost reads the catalogue. Offline: a new row; never conflicts.
 */
export async function createFinishedUnit(
  tx: Tx,
  input: CreateFinishedUnitInput,
): Promise<FinishedUnitDto> {
  const values = parseInput(createFinishedUnitInputSchema, input)
  await Promise.all([assertRecipeLive(tx, values.recipeId), assertNameFree(tx, values.name)])
  const row = await insert(tx, 'finishedUnits', {
    name: values.name,
    recipeId: values.recipeId,
    itemsPerBatch: values.itemsPerBatch,
    itemUnit: values.itemUnit ?? '',
  })
  return toFinishedUnitDto(row, await loadCatalogue(tx))
}
createFinishedUnit.tables = tablesOf(loadCatalogue, 'recipes', writes('finishedUnits'))

/**
 * The live finished unit with this id, with its recipe's name and current cost per item.
 * @throws NotFoundError when there is none or it was deleted. Tables: the catalogue.
 */
export async function getFinishedUnit(tx: Tx, finishedUnitId: string): Promise<FinishedUnitDto> {
  const id = parseInput(finishedUnitIdSchema, finishedUnitId)
  const model = await loadCatalogue(tx)
  const row = model.finishedUnits.get(id)
  if (!row || row.deletedAt !== null) throw new NotFoundError('finishedUnit', id)
  return toFinishedUnitDto(row, model)
}
getFinishedUnit.tables = tablesOf(loadCatalogue)

/**
 * Every live finished unit, or only those of `recipeId`, ordered by name.
 * Tables: the catalogue (one read per table).
 */
export async function listFinishedUnits(
  tx: Tx,
  input?: ListFinishedUnitsInput,
): Promise<FinishedUnitDto[]> {
  const options = parseInput(listFinishedUnitsInputSchema, input)
  const model = await loadCatalogue(tx)
  return [...model.finishedUnits.values()]
    .filter(
      (row) =>
        row.deletedAt === null &&
        (options?.recipeId === undefined || row.recipeId === options.recipeId),
    )
    .sort(byNameThenId)
    .map((row) => toFinishedUnitDto(row, model))
}
listFinishedUnits.tables = tablesOf(loadCatalogue)

/**
 * Change a finished unit's name, recipe, items per batch or item unit (only the fields given).
 * @throws ValidationError, NotFoundError (the finished unit; the new recipe), DuplicateNameError.
 * Tables: finishedUnits, recipes. Offline: last writer wins per field.
 */
export async function updateFinishedUnit(
  tx: Tx,
  input: UpdateFinishedUnitInput,
): Promise<FinishedUnitDto> {
  const { id, ...changes } = parseInput(updateFinishedUnitInputSchema, input)
  const existing = await loadLiveFinishedUnit(tx, id)
  await Promise.all([
    changes.recipeId === undefined || changes.recipeId === existing.recipeId
      ? undefined
      : assertRecipeLive(tx, changes.recipeId),
    changes.name === undefined ? undefined : assertNameFree(tx, changes.name, id),
  ])
  const row = await update(tx, 'finishedUnits', id, changes)
  if (!row) throw new NotFoundError('finishedUnit', id)
  return toFinishedUnitDto(row, await loadCatalogue(tx))
}
updateFinishedUnit.tables = tablesOf(
  loadCatalogue,
  loadLiveFinishedUnit,
  'recipes',
  writes('finishedUnits'),
)

/**
 * Soft-delete a finished unit that no live finished good contains. Its production runs are
 * history and keep counting under its name.
 * @throws NotFoundError when it is missing or already deleted.
 * @throws InUseError listing the live finished goods that contain it (ordered by name).
 * Tables: finishedUnits, finishedGoods. Offline: last writer wins.
 */
export async function deleteFinishedUnit(tx: Tx, finishedUnitId: string): Promise<void> {
  const id = parseInput(finishedUnitIdSchema, finishedUnitId)
  await loadLiveFinishedUnit(tx, id)
  const goods = await tx.finishedGoods.toArray()
  const usedBy: UsedBy[] = goods
    .filter(
      (good) =>
        good.deletedAt === null &&
        good.components.some((component) => component.kind === 'unit' && component.id === id),
    )
    .sort(byNameThenId)
    .map((good) => ({ entity: 'finishedGood', id: good.id, name: good.name }))
  if (usedBy.length > 0) throw new InUseError('finishedUnit', id, usedBy)
  await softDelete(tx, 'finishedUnits', id)
}
deleteFinishedUnit.tables = tablesOf(loadLiveFinishedUnit, 'finishedGoods', writes('finishedUnits'))
