/**
 * Production and assembly targets of an event (DOMAIN §2): at most one per (event, recipe) and per
 * (event, finished good). Setting one is an upsert on a deterministic id, `pairId(kind, eventId,
 * otherId)` (DESIGN §2), so two devices that set the same target offline write the SAME row and
 * their edits merge field by field (last writer wins) instead of duplicating.
 */
import { z } from 'zod'
import {
  assemblyTargetSchema,
  idSchema,
  notesSchema,
  productionTargetSchema,
  type AssemblyTarget,
  type ProductionTarget,
} from '../db/schema'
import { pairId } from '../db/ids'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { NotFoundError } from './errors'
import { loadLiveEvent } from './events'
import { byNameThenId } from './order'
import { parseInput } from './validate'
import { tablesOf, writes } from '../transactions/declared-tables'

export type ProductionTargetDto = {
  id: string
  eventId: string
  recipeId: string
  recipeName: string
  targetBatches: number
  notes: string
  createdAt: string
  updatedAt: string
}

export type AssemblyTargetDto = {
  id: string
  eventId: string
  finishedGoodId: string
  finishedGoodName: string
  targetQuantity: number
  notes: string
  createdAt: string
  updatedAt: string
}

function toProductionTargetDto(row: ProductionTarget, recipeName: string): ProductionTargetDto {
  return {
    id: row.id,
    eventId: row.eventId,
    recipeId: row.recipeId,
    recipeName,
    targetBatches: row.targetBatches,
    notes: row.notes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

function toAssemblyTargetDto(row: AssemblyTarget, finishedGoodName: string): AssemblyTargetDto {
  return {
    id: row.id,
    eventId: row.eventId,
    finishedGoodId: row.finishedGoodId,
    finishedGoodName,
    targetQuantity: row.targetQuantity,
    notes: row.notes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** Notes in an upsert: omitted keeps the stored notes, `null` clears them (DOMAIN §9.5). */
const upsertNotesSchema = notesSchema.nullable().optional()

export const setProductionTargetInputSchema = z.strictObject({
  eventId: idSchema,
  recipeId: idSchema,
  targetBatches: productionTargetSchema.shape.targetBatches,
  notes: upsertNotesSchema,
})
export type SetProductionTargetInput = z.input<typeof setProductionTargetInputSchema>

export const setAssemblyTargetInputSchema = z.strictObject({
  eventId: idSchema,
  finishedGoodId: idSchema,
  targetQuantity: assemblyTargetSchema.shape.targetQuantity,
  notes: upsertNotesSchema,
})
export type SetAssemblyTargetInput = z.input<typeof setAssemblyTargetInputSchema>

export const productionTargetKeySchema = z.strictObject({ eventId: idSchema, recipeId: idSchema })
export type ProductionTargetKey = z.input<typeof productionTargetKeySchema>

export const assemblyTargetKeySchema = z.strictObject({
  eventId: idSchema,
  finishedGoodId: idSchema,
})
export type AssemblyTargetKey = z.input<typeof assemblyTargetKeySchema>

const eventIdSchema = idSchema

/**
 * The notes to store: given text, '' for `null`; when omitted, the stored notes of a live target
 * (undefined = leave the field alone) or '' for a new or revived one. A soft-deleted target is no
 * target at all (DESIGN §2), so setting it again starts it afresh rather than bringing back notes
 * nobody sees any more.
 */
function notesToStore(
  notes: string | null | undefined,
  existing: { deletedAt: string | null } | undefined,
): string | undefined {
  if (notes !== undefined) return notes ?? ''
  return existing && existing.deletedAt === null ? undefined : ''
}

/**
 * Set the event's production target for a recipe: creates it, updates it, or revives a deleted one
 * (same id, `deletedAt: null`). Notes: omitted keeps them, `null` clears them.
 * @throws ValidationError when `targetBatches` is not a positive integer.
 * @throws NotFoundError when the event or the recipe is missing or deleted.
 * Tables: events, recipes (read); productionTargets.
 * Offline: the id is `pairId('productionTarget', eventId, recipeId)`, so the same target set on
 * two devices is one row; each field merges last-writer-wins.
 */
export async function setProductionTarget(
  tx: Tx,
  input: SetProductionTargetInput,
): Promise<ProductionTargetDto> {
  const values = parseInput(setProductionTargetInputSchema, input)
  const id = pairId('productionTarget', values.eventId, values.recipeId)
  const [, recipe, existing] = await Promise.all([
    loadLiveEvent(tx, values.eventId),
    tx.recipes.get(values.recipeId),
    tx.productionTargets.get(id),
  ])
  if (!recipe || recipe.deletedAt !== null) throw new NotFoundError('recipe', values.recipeId)
  const notes = notesToStore(values.notes, existing)
  const row = existing
    ? await update(tx, 'productionTargets', id, {
        targetBatches: values.targetBatches,
        notes,
        deletedAt: null,
      })
    : await insert(tx, 'productionTargets', {
        id,
        eventId: values.eventId,
        recipeId: values.recipeId,
        targetBatches: values.targetBatches,
        notes: notes ?? '',
      })
  if (!row) throw new NotFoundError('productionTarget', id)
  return toProductionTargetDto(row, recipe.name)
}
setProductionTarget.tables = tablesOf(loadLiveEvent, 'recipes', writes('productionTargets'))

/**
 * Set the event's assembly target for a finished good: creates it, updates it, or revives a
 * deleted one (same id, `deletedAt: null`). Notes: omitted keeps them, `null` clears them.
 * @throws ValidationError when `targetQuantity` is not a positive integer.
 * @throws NotFoundError when the event or the finished good is missing or deleted.
 * Tables: events, finishedGoods (read); assemblyTargets.
 * Offline: the id is `pairId('assemblyTarget', eventId, finishedGoodId)`, so the same target set
 * on two devices is one row; each field merges last-writer-wins.
 */
export async function setAssemblyTarget(
  tx: Tx,
  input: SetAssemblyTargetInput,
): Promise<AssemblyTargetDto> {
  const values = parseInput(setAssemblyTargetInputSchema, input)
  const id = pairId('assemblyTarget', values.eventId, values.finishedGoodId)
  const [, good, existing] = await Promise.all([
    loadLiveEvent(tx, values.eventId),
    tx.finishedGoods.get(values.finishedGoodId),
    tx.assemblyTargets.get(id),
  ])
  if (!good || good.deletedAt !== null)
    throw new NotFoundError('finishedGood', values.finishedGoodId)
  const notes = notesToStore(values.notes, existing)
  const row = existing
    ? await update(tx, 'assemblyTargets', id, {
        targetQuantity: values.targetQuantity,
        notes,
        deletedAt: null,
      })
    : await insert(tx, 'assemblyTargets', {
        id,
        eventId: values.eventId,
        finishedGoodId: values.finishedGoodId,
        targetQuantity: values.targetQuantity,
        notes: notes ?? '',
      })
  if (!row) throw new NotFoundError('assemblyTarget', id)
  return toAssemblyTargetDto(row, good.name)
}
setAssemblyTarget.tables = tablesOf(loadLiveEvent, 'finishedGoods', writes('assemblyTargets'))

/**
 * Remove the event's production target for a recipe (soft delete).
 * @returns true when a live target was removed, false when there was none.
 * @throws ValidationError for malformed ids. Tables: productionTargets.
 * Offline: the delete is a field write on the shared pair id; last writer wins, so setting the
 * target again on another device later revives it.
 */
export async function deleteProductionTarget(tx: Tx, input: ProductionTargetKey): Promise<boolean> {
  const { eventId, recipeId } = parseInput(productionTargetKeySchema, input)
  return softDelete(tx, 'productionTargets', pairId('productionTarget', eventId, recipeId))
}
deleteProductionTarget.tables = tablesOf(writes('productionTargets'))

/**
 * Remove the event's assembly target for a finished good (soft delete).
 * @returns true when a live target was removed, false when there was none.
 * @throws ValidationError for malformed ids. Tables: assemblyTargets.
 * Offline: as deleteProductionTarget.
 */
export async function deleteAssemblyTarget(tx: Tx, input: AssemblyTargetKey): Promise<boolean> {
  const { eventId, finishedGoodId } = parseInput(assemblyTargetKeySchema, input)
  return softDelete(tx, 'assemblyTargets', pairId('assemblyTarget', eventId, finishedGoodId))
}
deleteAssemblyTarget.tables = tablesOf(writes('assemblyTargets'))

/**
 * The event's live production target for a recipe.
 * @throws NotFoundError('productionTarget', pair id) when there is none or it was deleted.
 * Tables: productionTargets, recipes.
 */
export async function getProductionTarget(
  tx: Tx,
  input: ProductionTargetKey,
): Promise<ProductionTargetDto> {
  const { eventId, recipeId } = parseInput(productionTargetKeySchema, input)
  const id = pairId('productionTarget', eventId, recipeId)
  const [row, recipe] = await Promise.all([tx.productionTargets.get(id), tx.recipes.get(recipeId)])
  if (!row || row.deletedAt !== null) throw new NotFoundError('productionTarget', id)
  return toProductionTargetDto(row, recipe?.name ?? '')
}
getProductionTarget.tables = tablesOf('productionTargets', 'recipes')

/**
 * The event's live assembly target for a finished good.
 * @throws NotFoundError('assemblyTarget', pair id) when there is none or it was deleted.
 * Tables: assemblyTargets, finishedGoods.
 */
export async function getAssemblyTarget(
  tx: Tx,
  input: AssemblyTargetKey,
): Promise<AssemblyTargetDto> {
  const { eventId, finishedGoodId } = parseInput(assemblyTargetKeySchema, input)
  const id = pairId('assemblyTarget', eventId, finishedGoodId)
  const [row, good] = await Promise.all([
    tx.assemblyTargets.get(id),
    tx.finishedGoods.get(finishedGoodId),
  ])
  if (!row || row.deletedAt !== null) throw new NotFoundError('assemblyTarget', id)
  return toAssemblyTargetDto(row, good?.name ?? '')
}
getAssemblyTarget.tables = tablesOf('assemblyTargets', 'finishedGoods')

/**
 * The event's live production targets, ordered by recipe name (DOMAIN §9.4). A target whose
 * recipe was deleted afterwards still shows, with that recipe's name.
 * @throws NotFoundError when the event is missing or deleted.
 * Tables: events, productionTargets, recipes (one read each).
 */
export async function listProductionTargets(
  tx: Tx,
  eventId: string,
): Promise<ProductionTargetDto[]> {
  const id = parseInput(eventIdSchema, eventId)
  const [, all] = await Promise.all([
    loadLiveEvent(tx, id),
    tx.productionTargets.where('eventId').equals(id).toArray(),
  ])
  const rows = all.filter((row) => row.deletedAt === null)
  const recipes = await tx.recipes.bulkGet([...new Set(rows.map((row) => row.recipeId))])
  const names = new Map<string, string>()
  for (const recipe of recipes) if (recipe) names.set(recipe.id, recipe.name)
  return rows
    .map((row) => toProductionTargetDto(row, names.get(row.recipeId) ?? ''))
    .sort((a, b) =>
      byNameThenId({ name: a.recipeName, id: a.id }, { name: b.recipeName, id: b.id }),
    )
}
listProductionTargets.tables = tablesOf(loadLiveEvent, 'productionTargets', 'recipes')

/**
 * The event's live assembly targets, ordered by finished-good name (DOMAIN §9.4).
 * @throws NotFoundError when the event is missing or deleted.
 * Tables: events, assemblyTargets, finishedGoods (one read each).
 */
export async function listAssemblyTargets(tx: Tx, eventId: string): Promise<AssemblyTargetDto[]> {
  const id = parseInput(eventIdSchema, eventId)
  const [, all] = await Promise.all([
    loadLiveEvent(tx, id),
    tx.assemblyTargets.where('eventId').equals(id).toArray(),
  ])
  const rows = all.filter((row) => row.deletedAt === null)
  const goods = await tx.finishedGoods.bulkGet([...new Set(rows.map((row) => row.finishedGoodId))])
  const names = new Map<string, string>()
  for (const good of goods) if (good) names.set(good.id, good.name)
  return rows
    .map((row) => toAssemblyTargetDto(row, names.get(row.finishedGoodId) ?? ''))
    .sort((a, b) =>
      byNameThenId({ name: a.finishedGoodName, id: a.id }, { name: b.finishedGoodName, id: b.id }),
    )
}
listAssemblyTargets.tables = tablesOf(loadLiveEvent, 'assemblyTargets', 'finishedGoods')

/**
 * The original system's name for listProductionTargets (DOMAIN §8): the event's live production
 * targets, by recipe name. @throws NotFoundError when the event is missing or deleted.
 */
export async function getProductionTargets(
  tx: Tx,
  eventId: string,
): Promise<ProductionTargetDto[]> {
  return listProductionTargets(tx, eventId)
}
getProductionTargets.tables = tablesOf(listProductionTargets)

/**
 * The original system's name for listAssemblyTargets (DOMAIN §8): the event's live assembly
 * targets, by finished-good name. @throws NotFoundError when the event is missing or deleted.
 */
export async function getAssemblyTargets(tx: Tx, eventId: string): Promise<AssemblyTargetDto[]> {
  return listAssemblyTargets(tx, eventId)
}
getAssemblyTargets.tables = tablesOf(listAssemblyTargets)
