/**
 * Whole-plan operations on an event (DOMAIN §6): cloning an event's plan (assignments and targets,
 * never its production or assembly runs) into a new event, and the event summary with its planned
 * cost. Only live rows take part; the clone obeys the same rules as planning by hand (live
 * recipients, packages, recipes and finished goods; one assignment per recipient and package).
 */
import { z } from 'zod'
import {
  INITIAL_STATUS_FIELDS,
  calendarDateSchema,
  idSchema,
  nameSchema,
  type Assignment,
} from '../db/schema'
import { pairId } from '../db/ids'
import { insertMany } from '../db/mutate'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent } from './assignments'
import { loadCatalogue } from './catalogue-model'
import { createEvent, loadLiveEvent, type EventDto } from './events'
import { ZERO, formatMoney } from './money'
import { parseInput } from './validate'

export const cloneEventInputSchema = z.strictObject({
  name: nameSchema,
  date: calendarDateSchema,
})
export type CloneEventInput = z.input<typeof cloneEventInputSchema>

export type EventSummary = {
  /** Distinct recipients with at least one live assignment. */
  recipientCount: number
  /** Live assignments (one per recipient and package, whatever its quantity; DOMAIN §9.7). */
  assignmentCount: number
  /** Σ assignment quantities: the number of packages to hand out. */
  packageUnits: number
  /** Σ over the event's recipe needs of current cost per batch × batches needed, two decimals. */
  plannedCost: string
}

function isLive(row: { deletedAt: string | null } | undefined): boolean {
  return row !== undefined && row.deletedAt === null
}

/**
 * Copy an event's plan into a new event named and dated as given (notes are copied from the
 * source). Live assignments are copied reset to `pending`, epoch 0, not delivered; live production
 * and assembly targets are copied under the new event's pair ids. Production and assembly runs are
 * not copied. Rows whose recipient, package, recipe or finished good has since been deleted are
 * left out, and a duplicate (event, recipient, package) from a sync race is copied once.
 * @throws ValidationError for an empty name or a bad date; NotFoundError for an unknown or deleted
 * source event.
 * Tables: events, assignments, productionTargets, assemblyTargets (read and write); recipients,
 * packages, recipes, finishedGoods (read).
 * Offline: only new rows with fresh ids (targets: pair ids of the new event), so never conflicts.
 */
export async function cloneEvent(
  tx: Tx,
  eventId: string,
  input: CloneEventInput,
): Promise<EventDto> {
  const sourceId = parseInput(idSchema, eventId)
  const values = parseInput(cloneEventInputSchema, input)
  const [source, assignments, productionTargets, assemblyTargets] = await Promise.all([
    loadLiveEvent(tx, sourceId),
    loadLiveAssignmentsOfEvent(tx, sourceId),
    tx.productionTargets.where('eventId').equals(sourceId).toArray(),
    tx.assemblyTargets.where('eventId').equals(sourceId).toArray(),
  ])
  const liveProduction = productionTargets.filter(isLive)
  const liveAssembly = assemblyTargets.filter(isLive)
  const [recipients, packages, recipes, goods] = await Promise.all([
    tx.recipients.bulkGet([...new Set(assignments.map((row) => row.recipientId))]),
    tx.packages.bulkGet([...new Set(assignments.map((row) => row.packageId))]),
    tx.recipes.bulkGet(liveProduction.map((row) => row.recipeId)),
    tx.finishedGoods.bulkGet(liveAssembly.map((row) => row.finishedGoodId)),
  ])
  const liveIds = (rows: readonly ({ id: string; deletedAt: string | null } | undefined)[]) =>
    new Set(rows.flatMap((row) => (row && row.deletedAt === null ? [row.id] : [])))
  const liveRecipients = liveIds(recipients)
  const livePackages = liveIds(packages)
  const liveRecipes = liveIds(recipes)
  const liveGoods = liveIds(goods)

  const toCopy = new Map<string, Assignment>()
  for (const row of [...assignments].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!liveRecipients.has(row.recipientId) || !livePackages.has(row.packageId)) continue
    const key = `${row.recipientId}\u0000${row.packageId}`
    if (!toCopy.has(key)) toCopy.set(key, row)
  }

  const event = await createEvent(tx, { ...values, notes: source.notes })
  // One bulk write per table (mutate's bulk path): an event of 300 packages is one action.
  await insertMany(
    tx,
    'assignments',
    [...toCopy.values()].map((row) => ({
      eventId: event.id,
      recipientId: row.recipientId,
      packageId: row.packageId,
      quantity: row.quantity,
      notes: row.notes,
      ...INITIAL_STATUS_FIELDS,
      deliveredTo: null,
      deliveredAt: null,
    })),
  )
  await insertMany(
    tx,
    'productionTargets',
    liveProduction
      .filter((row) => liveRecipes.has(row.recipeId))
      .map((row) => ({
        id: pairId('productionTarget', event.id, row.recipeId),
        eventId: event.id,
        recipeId: row.recipeId,
        targetBatches: row.targetBatches,
        notes: row.notes,
      })),
  )
  await insertMany(
    tx,
    'assemblyTargets',
    liveAssembly
      .filter((row) => liveGoods.has(row.finishedGoodId))
      .map((row) => ({
        id: pairId('assemblyTarget', event.id, row.finishedGoodId),
        eventId: event.id,
        finishedGoodId: row.finishedGoodId,
        targetQuantity: row.targetQuantity,
        notes: row.notes,
      })),
  )
  return event
}

/**
 * Counts and planned cost of an event's plan: distinct recipients, assignments, package units
 * (Σ quantities) and the planned cost = Σ per recipe of the current cost per batch × batches
 * needed (needs summed over the whole event, then rounded up to batches; DOMAIN §4), summed
 * exactly and formatted to two decimals once.
 * @throws NotFoundError for an unknown or deleted event; UnitConversionError when a recipe line
 * cannot be converted to its ingredient's unit.
 * Tables: events, assignments, ingredients, recipes, finishedUnits, finishedGoods, packages.
 */
export async function getEventSummary(tx: Tx, eventId: string): Promise<EventSummary> {
  const id = parseInput(idSchema, eventId)
  const [, assignments, model] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssignmentsOfEvent(tx, id),
    loadCatalogue(tx),
  ])
  let plannedCost = ZERO
  for (const need of model.recipeNeeds(model.unitsForAssignments(assignments))) {
    plannedCost = plannedCost.plus(
      model.recipeCostPerBatch(need.recipeId).times(need.batchesNeeded),
    )
  }
  return {
    recipientCount: new Set(assignments.map((row) => row.recipientId)).size,
    assignmentCount: assignments.length,
    packageUnits: assignments.reduce((total, row) => total + row.quantity, 0),
    plannedCost: formatMoney(plannedCost),
  }
}
