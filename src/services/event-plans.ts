/**
 * Whole-plan operations on an event (DOMAIN §6): cloning an event's plan (assignments and targets,
 * never its production or assembly runs) into a new event, the preview of such a clone ("Same as
 * last year": counts, recipients deleted since), and the event summary with its planned
 * cost. Only live rows take part; the clone obeys the same rules as planning by hand (live
 * recipients, packages, recipes and finished goods; one assignment per recipient and package).
 */
import { z } from 'zod'
import {
  INITIAL_STATUS_FIELDS,
  calendarDateSchema,
  idSchema,
  nameSchema,
  type AssemblyTarget,
  type Assignment,
  type Event,
  type ProductionTarget,
} from '../db/schema'
import { pairId } from '../db/ids'
import { insertMany } from '../db/mutate'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent } from './assignments'
import { loadCatalogue } from './catalogue-model'
import { createEvent, loadLiveEvent, type EventDto } from './events'
import { ZERO, formatMoney } from './money'
import { compareNames } from './order'
import { parseInput } from './validate'
import { tablesOf, writes } from '../transactions/declared-tables'

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

type ClonePlan = {
  source: Event
  assignments: Assignment[]
  productionTargets: ProductionTarget[]
  assemblyTargets: AssemblyTarget[]
  /** Recipients of the source's live assignments who have since been deleted, by name. */
  deletedRecipients: { id: string; name: string }[]
  /** Live assignments left out because their recipient or package was deleted. */
  leftOutAssignments: number
}

/** What `cloneEvent` copies from a source event (the same rules, in one place). */
async function planClone(tx: Tx, sourceId: string): Promise<ClonePlan> {
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
  let leftOutAssignments = 0
  for (const row of [...assignments].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!liveRecipients.has(row.recipientId) || !livePackages.has(row.packageId)) {
      leftOutAssignments += 1
      continue
    }
    const key = `${row.recipientId}\u0000${row.packageId}`
    if (!toCopy.has(key)) toCopy.set(key, row)
  }
  const deletedRecipients = recipients
    .flatMap((row) => (row && row.deletedAt !== null ? [{ id: row.id, name: row.name }] : []))
    .sort((a, b) => compareNames(a.name, b.name))
  return {
    source,
    assignments: [...toCopy.values()],
    productionTargets: liveProduction.filter((row) => liveRecipes.has(row.recipeId)),
    assemblyTargets: liveAssembly.filter((row) => liveGoods.has(row.finishedGoodId)),
    deletedRecipients,
    leftOutAssignments,
  }
}

/** What "Same as last year" would copy from an event, and the name and date it suggests. */
export type ClonePreview = {
  sourceName: string
  sourceDate: string
  /** The name with its year moved on one ("Gifts 2025" → "Gifts 2026"), else the same name. */
  suggestedName: string
  /** The date one year later (29 February → 28 February). */
  suggestedDate: string
  recipients: number
  assignments: number
  packageUnits: number
  productionTargets: number
  assemblyTargets: number
  /** Recipients deleted since, whose packages are left out. */
  deletedRecipients: { id: string; name: string }[]
  leftOutAssignments: number
}

/** The same calendar date a year later; 29 February becomes 28 February. */
export function dateNextYear(date: string): string {
  const year = Number(date.slice(0, 4)) + 1
  const monthDay = date.slice(5)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' && !leap ? '02-28' : monthDay}`
}

/** "Holiday gifts 2025" (dated 2025) → "Holiday gifts 2026"; a name without that year stays. */
export function nameNextYear(name: string, date: string): string {
  const year = date.slice(0, 4)
  const next = String(Number(year) + 1)
  return new RegExp(`\\b${year}\\b`).test(name)
    ? name.replace(new RegExp(`\\b${year}\\b`, 'g'), next)
    : name
}

/**
 * What cloning an event would copy (counts), the recipients deleted since (left out), and the
 * suggested name and date a year on. Reads only.
 * @throws NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, productionTargets, assemblyTargets, recipients, packages, recipes,
 * finishedGoods.
 */
export async function previewCloneEvent(tx: Tx, eventId: string): Promise<ClonePreview> {
  const plan = await planClone(tx, parseInput(idSchema, eventId))
  return {
    sourceName: plan.source.name,
    sourceDate: plan.source.date,
    suggestedName: nameNextYear(plan.source.name, plan.source.date),
    suggestedDate: dateNextYear(plan.source.date),
    recipients: new Set(plan.assignments.map((row) => row.recipientId)).size,
    assignments: plan.assignments.length,
    packageUnits: plan.assignments.reduce((total, row) => total + row.quantity, 0),
    productionTargets: plan.productionTargets.length,
    assemblyTargets: plan.assemblyTargets.length,
    deletedRecipients: plan.deletedRecipients,
    leftOutAssignments: plan.leftOutAssignments,
  }
}
previewCloneEvent.tables = tablesOf(
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  'assemblyTargets',
  'finishedGoods',
  'packages',
  'productionTargets',
  'recipes',
  'recipients',
)

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
  const plan = await planClone(tx, sourceId)
  const event = await createEvent(tx, { ...values, notes: plan.source.notes })
  // One bulk write per table (mutate's bulk path): an event of 300 packages is one action.
  await insertMany(
    tx,
    'assignments',
    plan.assignments.map((row) => ({
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
    plan.productionTargets.map((row) => ({
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
    plan.assemblyTargets.map((row) => ({
      id: pairId('assemblyTarget', event.id, row.finishedGoodId),
      eventId: event.id,
      finishedGoodId: row.finishedGoodId,
      targetQuantity: row.targetQuantity,
      notes: row.notes,
    })),
  )
  return event
}
cloneEvent.tables = tablesOf(
  createEvent,
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  'finishedGoods',
  'packages',
  'recipes',
  'recipients',
  writes('assemblyTargets', 'assignments', 'productionTargets'),
)

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
getEventSummary.tables = tablesOf(loadCatalogue, loadLiveAssignmentsOfEvent, loadLiveEvent)
