/**
 * Recipients: the people who receive packages (DOMAIN §1, §6). Create, read, list, update,
 * soft-delete, `getRecipientHistory` (what a recipient got in past events) and
 * `getRecipientCurrentGifts` (what they are getting now, and whether it went out). Unlike catalogue
 * entries, recipient names need NOT be unique: two people may share a name ("Mum" in two
 * households), and `household` tells them apart. A recipient with live assignments in a live event
 * cannot be deleted (`InUseError` naming the events): remove the assignments (or the event) first,
 * so no plan or history row ever points at a recipient nobody can see. Delivery fields (`route`,
 * `routeOrder`, `exclusions`, DOMAIN §10) are optional on the row; the DTO fills them in.
 */
import { z } from 'zod'
import {
  calendarDateSchema,
  idSchema,
  nameSchema,
  notesSchema,
  recipientSchema,
  sortAllergens,
  type Allergen,
  type Assignment,
  type Recipient,
} from '../db/schema'
import { currentInstant, insert, insertMany, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { InUseError, NotFoundError } from './errors'
import { compareNames, byNameThenId } from './order'
import { parseInput } from './validate'
import { liveRowLoader } from './live-rows'
import { eventsAssigning } from './assigned-events'
import { tablesOf, writes } from '../transactions/declared-tables'

export type RecipientDto = {
  id: string
  name: string
  household: string
  address: string
  notes: string
  /** Delivery route ('' = none). */
  route: string
  /** Order within the route, or null. */
  routeOrder: number | null
  /** Allergens the recipient must not get, in the law's order. */
  exclusions: Allergen[]
  createdAt: string
  updatedAt: string
}

export function toRecipientDto(row: Recipient): RecipientDto {
  return {
    id: row.id,
    name: row.name,
    household: row.household,
    address: row.address,
    notes: row.notes,
    route: row.route ?? '',
    routeOrder: row.routeOrder ?? null,
    exclusions: sortAllergens(row.exclusions ?? []),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** One package a recipient received in a past event. */
export type RecipientHistoryRow = {
  eventId: string
  eventName: string
  eventDate: string
  packageId: string
  packageName: string
  quantity: number
  status: Assignment['status']
  deliveredTo: string | null
}

const householdSchema = recipientSchema.shape.household
const addressSchema = recipientSchema.shape.address
const routeSchema = recipientSchema.shape.route.unwrap()
const routeOrderSchema = recipientSchema.shape.routeOrder.unwrap()
const exclusionsSchema = recipientSchema.shape.exclusions.unwrap()

export const createRecipientInputSchema = z.strictObject({
  name: nameSchema,
  household: householdSchema.optional(),
  address: addressSchema.optional(),
  notes: notesSchema.optional(),
  route: routeSchema.optional(),
  routeOrder: routeOrderSchema.optional(),
  exclusions: exclusionsSchema.optional(),
})
export type CreateRecipientInput = z.input<typeof createRecipientInputSchema>

export const updateRecipientInputSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  household: householdSchema.optional(),
  address: addressSchema.optional(),
  notes: notesSchema.optional(),
  route: routeSchema.optional(),
  /** `null` clears the order. */
  routeOrder: routeOrderSchema.optional(),
  exclusions: exclusionsSchema.optional(),
})
export type UpdateRecipientInput = z.input<typeof updateRecipientInputSchema>

/**
 * Either the recipient id (DOMAIN §6 `getRecipientHistory(tx, recipientId)`) or
 * `{recipientId, today?}`; `today` (`YYYY-MM-DD`) defaults to the local date of the database's
 * injectable clock.
 */
export const getRecipientHistoryInputSchema = z.union([
  idSchema,
  z.strictObject({ recipientId: idSchema, today: calendarDateSchema.optional() }),
])
export type GetRecipientHistoryInput = z.input<typeof getRecipientHistoryInputSchema>

const recipientIdSchema = idSchema

/** The live recipient row, or NotFoundError (soft-deleted recipients are not found). */
export const loadLiveRecipient = liveRowLoader('recipients')

/** The local calendar date of an instant, `YYYY-MM-DD`. */
function localDate(instant: string): string {
  const date = new Date(instant)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/**
 * Create a recipient; household, address and notes default to ''.
 * @throws ValidationError for an empty name or over-long text.
 * Tables: recipients. Offline: a new row with a fresh id; never conflicts.
 */
export async function createRecipient(tx: Tx, input: CreateRecipientInput): Promise<RecipientDto> {
  const row = await insert(
    tx,
    'recipients',
    recipientRowOf(parseInput(createRecipientInputSchema, input)),
  )
  return toRecipientDto(row)
}
createRecipient.tables = tablesOf(writes('recipients'))

/**
 * Create many recipients in one bulk write (a CSV import): each input is validated like
 * `createRecipient`'s, then all rows are written per table in bulk (mutate's bulk path).
 * @throws ValidationError for the first bad input; nothing is written. Tables: recipients.
 */
export async function createRecipients(
  tx: Tx,
  inputs: readonly CreateRecipientInput[],
): Promise<RecipientDto[]> {
  const values = inputs.map((input) => parseInput(createRecipientInputSchema, input))
  const rows = await insertMany(tx, 'recipients', values.map(recipientRowOf))
  return rows.map(toRecipientDto)
}
createRecipients.tables = tablesOf(writes('recipients'))

function recipientRowOf(values: CreateRecipientInput) {
  return {
    name: values.name,
    household: values.household ?? '',
    address: values.address ?? '',
    notes: values.notes ?? '',
    ...(values.route ? { route: values.route } : {}),
    ...(values.routeOrder != null ? { routeOrder: values.routeOrder } : {}),
    ...(values.exclusions?.length ? { exclusions: sortAllergens(values.exclusions) } : {}),
  }
}

/**
 * The live recipient with this id.
 * @throws NotFoundError when there is none or it was deleted. Tables: recipients.
 */
export async function getRecipient(tx: Tx, recipientId: string): Promise<RecipientDto> {
  const id = parseInput(recipientIdSchema, recipientId)
  return toRecipientDto(await loadLiveRecipient(tx, id))
}
getRecipient.tables = tablesOf(loadLiveRecipient)

/** Every live recipient, ordered by name. Tables: recipients. */
export async function listRecipients(tx: Tx): Promise<RecipientDto[]> {
  const rows = await tx.recipients.toArray()
  return rows
    .filter((row) => row.deletedAt === null)
    .sort(byNameThenId)
    .map(toRecipientDto)
}
listRecipients.tables = tablesOf('recipients')

/**
 * Change a recipient's name, household, address, notes, route, route order or exclusions (only the
 * fields given).
 * @throws ValidationError, NotFoundError. Tables: recipients. Offline: last writer wins per field.
 */
export async function updateRecipient(tx: Tx, input: UpdateRecipientInput): Promise<RecipientDto> {
  const { id, exclusions, ...rest } = parseInput(updateRecipientInputSchema, input)
  await loadLiveRecipient(tx, id)
  const changes =
    exclusions === undefined ? rest : { ...rest, exclusions: sortAllergens(exclusions) }
  const row = await update(tx, 'recipients', id, changes)
  if (!row) throw new NotFoundError('recipient', id)
  return toRecipientDto(row)
}
updateRecipient.tables = tablesOf(loadLiveRecipient, writes('recipients'))

/**
 * Soft-delete a recipient who has no live assignment in a live event (past events included: their
 * history would otherwise point at a hidden recipient).
 * @throws NotFoundError when missing or already deleted.
 * @throws InUseError listing the live events (entity 'event', ordered by name) with live
 * assignments for this recipient, each once.
 * Tables: recipients, assignments, events. Offline: the delete is a field write; last writer wins.
 */
export async function deleteRecipient(tx: Tx, recipientId: string): Promise<void> {
  const id = parseInput(recipientIdSchema, recipientId)
  await loadLiveRecipient(tx, id)
  const usedBy = await eventsAssigning(tx, 'recipientId', id)
  if (usedBy.length > 0) throw new InUseError('recipient', id, usedBy)
  await softDelete(tx, 'recipients', id)
}
deleteRecipient.tables = tablesOf(loadLiveRecipient, eventsAssigning, writes('recipients'))

/**
 * The recipient's live assignments in live events whose date `keep` accepts, as history rows.
 * Tables: recipients, assignments, events, packages (one read each).
 */
async function recipientRows(
  tx: Tx,
  input: GetRecipientHistoryInput,
  keep: (eventDate: string, today: string) => boolean,
): Promise<RecipientHistoryRow[]> {
  const values = parseInput(getRecipientHistoryInputSchema, input)
  const { recipientId, today } =
    typeof values === 'string' ? { recipientId: values, today: undefined } : values
  const cutoff = today ?? localDate(currentInstant(tx))
  const [, all] = await Promise.all([
    loadLiveRecipient(tx, recipientId),
    tx.assignments.where('recipientId').equals(recipientId).toArray(),
  ])
  const assignments = all.filter((row) => row.deletedAt === null)
  const [events, packages] = await Promise.all([
    tx.events.bulkGet([...new Set(assignments.map((row) => row.eventId))]),
    tx.packages.bulkGet([...new Set(assignments.map((row) => row.packageId))]),
  ])
  const keptEvents = new Map<string, { name: string; date: string }>()
  for (const event of events) {
    if (event && event.deletedAt === null && keep(event.date, cutoff))
      keptEvents.set(event.id, event)
  }
  const packageNames = new Map<string, string>()
  for (const pkg of packages) if (pkg) packageNames.set(pkg.id, pkg.name)
  const rows: RecipientHistoryRow[] = []
  for (const assignment of assignments) {
    const event = keptEvents.get(assignment.eventId)
    if (!event) continue
    rows.push({
      eventId: assignment.eventId,
      eventName: event.name,
      eventDate: event.date,
      packageId: assignment.packageId,
      packageName: packageNames.get(assignment.packageId) ?? '',
      quantity: assignment.quantity,
      status: assignment.status,
      deliveredTo: assignment.deliveredTo,
    })
  }
  return rows
}

function byEventThenPackage(a: RecipientHistoryRow, b: RecipientHistoryRow): number {
  return (
    compareNames(a.eventName, b.eventName) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0) ||
    compareNames(a.packageName, b.packageName)
  )
}

/**
 * What the recipient received in past events (event date before `today`): one row per live
 * assignment of a live event, newest event first, then by event name and package name. A package
 * deleted since still lends its name (it is history).
 * @throws ValidationError for a malformed id or date; NotFoundError when the recipient is missing
 * or deleted.
 * Tables: recipients, assignments, events, packages (one read each).
 */
export async function getRecipientHistory(
  tx: Tx,
  input: GetRecipientHistoryInput,
): Promise<RecipientHistoryRow[]> {
  const rows = await recipientRows(tx, input, (date, today) => date < today)
  return rows.sort(
    (a, b) =>
      (a.eventDate < b.eventDate ? 1 : a.eventDate > b.eventDate ? -1 : 0) ||
      byEventThenPackage(a, b),
  )
}
getRecipientHistory.tables = tablesOf(loadLiveRecipient, 'assignments', 'events', 'packages')

/**
 * What the recipient is getting in the current events (dated `today` or later), with each
 * package's status, so the cook sees at once whether it has gone out: soonest event first, then
 * by event name and package name. Same rows, errors and tables as `getRecipientHistory`; statuses
 * are the merged registers (a delivery made on another tablet shows once synced).
 */
export async function getRecipientCurrentGifts(
  tx: Tx,
  input: GetRecipientHistoryInput,
): Promise<RecipientHistoryRow[]> {
  const rows = await recipientRows(tx, input, (date, today) => date >= today)
  return rows.sort(
    (a, b) =>
      (a.eventDate < b.eventDate ? -1 : a.eventDate > b.eventDate ? 1 : 0) ||
      byEventThenPackage(a, b),
  )
}
getRecipientCurrentGifts.tables = tablesOf(loadLiveRecipient, 'assignments', 'events', 'packages')
