/**
 * Production runs (DOMAIN §2, §5, §9.1): the append-only record of batches baked. A run snapshots
 * its cost (current recipe cost per batch × batches) when it is recorded, so later price changes
 * never rewrite history. A run whose actual yield is 0 (total loss) keeps its cost but does not
 * count toward produced batches. Runs count toward an event only when `eventId` is set; runs of a
 * recipe or finished unit deleted later still count and keep their names (they are history).
 */
import { z } from 'zod'
import {
  countsTowardBatches,
  idSchema,
  notesSchema,
  productionRunSchema,
  type FinishedUnit,
  type ProductionRun,
  type Recipe,
} from '../db/schema'
import { currentInstant, insert, softDelete } from '../db/mutate'
import type { Tx } from '../db/tx'
import { withActionLog, idsOf } from './action-log'
import { CatalogueModel } from './catalogue-model'
import { NotFoundError, ValidationError } from './errors'
import { loadLiveEvent } from './events'
import { type Exact, ZERO, formatMoney, fromMicros, toMicros } from './money'
import { parseInput } from './validate'
import { liveRowLoader } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type ProductionRunDto = {
  id: string
  recipeId: string
  recipeName: string
  finishedUnitId: string
  finishedUnitName: string
  eventId: string | null
  batches: number
  expectedYield: number
  actualYield: number
  lossQuantity: number
  lossReason: string | null
  producedAt: string
  /** Cost snapshot at recording time, two decimals. */
  totalCost: string
  /** totalCost × lossQuantity ÷ expectedYield (DOMAIN §9.1), two decimals. */
  lossCost: string
  notes: string
  createdAt: string
}

export type ProductionTotal = {
  /** Σ batches of the event's live runs of the recipe whose actual yield is above 0. */
  batchesProduced: number
  /** Σ cost snapshots of the event's live runs of the recipe (total losses included). */
  totalActualCost: string
}

export const recordProductionRunInputSchema = z.strictObject({
  recipeId: idSchema,
  finishedUnitId: idSchema,
  batches: z.number().int('Batches must be a whole number').min(1).max(100_000),
  actualYield: z.number().int('Yield must be a whole number').min(0).max(100_000_000).optional(),
  lossReason: productionRunSchema.shape.lossReason.optional(),
  eventId: idSchema.nullable().optional(),
  notes: notesSchema.optional(),
})
export type RecordProductionRunInput = z.input<typeof recordProductionRunInputSchema>

/** Whether a run counts toward produced batches (DOMAIN §9.1); defined beside the row schema. */
export { countsTowardBatches }

/** The loss's share of the run's cost, exact: totalCost × lost ÷ expected. */
export function lossCostOf(run: ProductionRun): Exact {
  if (run.lossQuantity === 0 || run.expectedYield === 0) return ZERO
  return fromMicros(run.totalCost).times(run.lossQuantity).dividedBy(run.expectedYield)
}

function toProductionRunDto(
  row: ProductionRun,
  recipeName: string,
  finishedUnitName: string,
): ProductionRunDto {
  return {
    id: row.id,
    recipeId: row.recipeId,
    recipeName,
    finishedUnitId: row.finishedUnitId,
    finishedUnitName,
    eventId: row.eventId,
    batches: row.batches,
    expectedYield: row.expectedYield,
    actualYield: row.actualYield,
    lossQuantity: row.lossQuantity,
    lossReason: row.lossReason,
    producedAt: row.producedAt,
    totalCost: formatMoney(fromMicros(row.totalCost)),
    lossCost: formatMoney(lossCostOf(row)),
    notes: row.notes,
    createdAt: row.createdAt,
  }
}

/** Newest first: by producedAt, then id (UUID v7, time-sortable), both descending. */
function newestFirst(a: ProductionRun, b: ProductionRun): number {
  if (a.producedAt !== b.producedAt) return a.producedAt < b.producedAt ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** The event's live runs (one indexed read). */
export async function loadLiveRunsOfEvent(tx: Tx, eventId: string): Promise<ProductionRun[]> {
  const rows = await tx.productionRuns.where('eventId').equals(eventId).toArray()
  return rows.filter((row) => row.deletedAt === null)
}
loadLiveRunsOfEvent.tables = tablesOf('productionRuns')

/**
 * Record a production run for a recipe's finished unit: expected yield = batches × items per
 * batch; actual yield defaults to the expected one; loss = expected − actual (0 when the batch
 * yielded more than expected); cost snapshot = current recipe cost per batch × batches;
 * `producedAt` = now by the database clock. Logs `{operation, ids, outcome}` after the action
 * settles (action-log.ts).
 * @throws ValidationError for bad numbers, or `finishedUnitId` when the unit belongs to another
 * recipe. @throws NotFoundError when the recipe, finished unit or given event is missing or
 * deleted. @throws UnitConversionError when a recipe line cannot be priced.
 * Tables: recipes, finishedUnits, ingredients, events (read); productionRuns (write).
 * Offline: append-only; a new row with a fresh id, so runs from two devices add up.
 */
export async function recordProductionRun(
  tx: Tx,
  input: RecordProductionRunInput,
): Promise<ProductionRunDto> {
  const ids = idsOf(input, ['recipeId', 'finishedUnitId', 'eventId'])
  return withActionLog(tx, 'recordProductionRun', ids, async () => {
    const values = parseInput(recordProductionRunInputSchema, input)
    const eventId = values.eventId ?? null
    const [recipe, unit, event] = await Promise.all([
      tx.recipes.get(values.recipeId),
      tx.finishedUnits.get(values.finishedUnitId),
      eventId === null ? undefined : tx.events.get(eventId),
    ])
    if (eventId !== null && (!event || event.deletedAt !== null))
      throw new NotFoundError('event', eventId)
    if (!recipe || recipe.deletedAt !== null) throw new NotFoundError('recipe', values.recipeId)
    if (!unit || unit.deletedAt !== null)
      throw new NotFoundError('finishedUnit', values.finishedUnitId)
    if (unit.recipeId !== recipe.id) {
      throw new ValidationError('finishedUnitId', [
        { path: 'finishedUnitId', message: `This finished unit is not made by ${recipe.name}` },
      ])
    }
    const costPerBatch = await recipeCostPerBatch(tx, recipe, unit)
    const expectedYield = values.batches * unit.itemsPerBatch
    const actualYield = values.actualYield ?? expectedYield
    const lossReason = values.lossReason || null
    const row = await insert(tx, 'productionRuns', {
      recipeId: recipe.id,
      finishedUnitId: unit.id,
      eventId,
      batches: values.batches,
      expectedYield,
      actualYield,
      lossQuantity: Math.max(0, expectedYield - actualYield),
      lossReason,
      producedAt: currentInstant(tx),
      totalCost: toMicros(costPerBatch.times(values.batches)),
      notes: values.notes ?? '',
    })
    ids.runId = row.id
    return toProductionRunDto(row, recipe.name, unit.name)
  })
}
recordProductionRun.tables = tablesOf(
  withActionLog,
  'events',
  'finishedUnits',
  'ingredients',
  'recipes',
  writes('productionRuns'),
)

/** Current exact cost of one batch, from the recipe and its ingredients (one bulk read). */
async function recipeCostPerBatch(tx: Tx, recipe: Recipe, unit: FinishedUnit): Promise<Exact> {
  const ingredientIds = [...new Set(recipe.ingredients.map((line) => line.ingredientId))]
  const ingredients = await tx.ingredients.bulkGet(ingredientIds)
  const model = new CatalogueModel(
    new Map(ingredients.flatMap((row) => (row ? [[row.id, row] as const] : []))),
    new Map([[recipe.id, recipe]]),
    new Map([[unit.id, unit]]),
    new Map(),
    new Map(),
  )
  return model.recipeCostPerBatch(recipe.id)
}

/**
 * The event's live production runs, newest first, with recipe and finished-unit names (a recipe
 * or unit deleted since still lends its name).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, productionRuns, recipes, finishedUnits (one read each).
 */
export async function getProductionRuns(tx: Tx, eventId: string): Promise<ProductionRunDto[]> {
  const id = parseInput(idSchema, eventId)
  const [, rows] = await Promise.all([loadLiveEvent(tx, id), loadLiveRunsOfEvent(tx, id)])
  const [recipes, units] = await Promise.all([
    tx.recipes.bulkGet([...new Set(rows.map((row) => row.recipeId))]),
    tx.finishedUnits.bulkGet([...new Set(rows.map((row) => row.finishedUnitId))]),
  ])
  const recipeNames = new Map<string, string>()
  for (const recipe of recipes) if (recipe) recipeNames.set(recipe.id, recipe.name)
  const unitNames = new Map<string, string>()
  for (const unit of units) if (unit) unitNames.set(unit.id, unit.name)
  return [...rows]
    .sort(newestFirst)
    .map((row) =>
      toProductionRunDto(
        row,
        recipeNames.get(row.recipeId) ?? '',
        unitNames.get(row.finishedUnitId) ?? '',
      ),
    )
}
getProductionRuns.tables = tablesOf(loadLiveEvent, loadLiveRunsOfEvent, 'finishedUnits', 'recipes')

/**
 * Batches produced and actual cost of one recipe for an event: Σ batches of live runs with an
 * actual yield above 0 (DOMAIN §9.1) and Σ of all live runs' cost snapshots, summed exactly.
 * @throws ValidationError for malformed ids; NotFoundError for an unknown or deleted event or a
 * recipe that never existed (a deleted recipe still reports its history).
 * Tables: events, recipes, productionRuns.
 */
export async function getProductionTotal(
  tx: Tx,
  eventId: string,
  recipeId: string,
): Promise<ProductionTotal> {
  const ids = parseInput(z.strictObject({ eventId: idSchema, recipeId: idSchema }), {
    eventId,
    recipeId,
  })
  const [, recipe, rows] = await Promise.all([
    loadLiveEvent(tx, ids.eventId),
    tx.recipes.get(ids.recipeId),
    tx.productionRuns.where('[eventId+recipeId]').equals([ids.eventId, ids.recipeId]).toArray(),
  ])
  if (!recipe) throw new NotFoundError('recipe', ids.recipeId)
  const live = rows.filter((row) => row.deletedAt === null)
  return {
    batchesProduced: live
      .filter(countsTowardBatches)
      .reduce((total, row) => total + row.batches, 0),
    totalActualCost: formatMoney(
      live.reduce((total, row) => total.plus(fromMicros(row.totalCost)), ZERO),
    ),
  }
}
getProductionTotal.tables = tablesOf(loadLiveEvent, 'productionRuns', 'recipes')

const loadRun = liveRowLoader('productionRuns')

async function loadLiveProductionRun(tx: Tx, runId: string): Promise<ProductionRun> {
  const id = parseInput(idSchema, runId)
  return loadRun(tx, id)
}

/**
 * One live production run, with its recipe and finished-unit names (deleted ones still lend theirs).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted run.
 * Tables: productionRuns, recipes, finishedUnits.
 */
export async function getProductionRun(tx: Tx, runId: string): Promise<ProductionRunDto> {
  const row = await loadLiveProductionRun(tx, runId)
  const [recipe, unit] = await Promise.all([
    tx.recipes.get(row.recipeId),
    tx.finishedUnits.get(row.finishedUnitId),
  ])
  return toProductionRunDto(row, recipe?.name ?? '', unit?.name ?? '')
}
getProductionRun.tables = tablesOf('finishedUnits', 'productionRuns', 'recipes')

/**
 * Remove a run recorded by mistake (soft delete): it no longer counts toward produced batches,
 * progress, needs or costs. Runs are otherwise never edited: record a new one instead.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted run.
 * Tables: productionRuns.
 * Offline: a delete syncs like any other; the run is gone on every tablet.
 */
export async function deleteProductionRun(tx: Tx, runId: string): Promise<void> {
  const row = await loadLiveProductionRun(tx, runId)
  await softDelete(tx, 'productionRuns', row.id)
}
deleteProductionRun.tables = tablesOf(writes('productionRuns'))

/**
 * The original system's name for getProductionRuns (DOMAIN §8: it kept "production records"
 * beside runs; this product has one record): the event's live production runs, newest first.
 * @throws as getProductionRuns.
 */
export async function getProductionRecords(tx: Tx, eventId: string): Promise<ProductionRunDto[]> {
  return getProductionRuns(tx, eventId)
}
getProductionRecords.tables = tablesOf(getProductionRuns)
