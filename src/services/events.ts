/**
 * Events: create, read, list, update and soft-delete (DOMAIN §2, §6). `deleteEvent` refuses while
 * live assignments exist unless asked to cascade, which hides the event's assignments and targets
 * too; production runs keep their `eventId` (DOMAIN §9.6).
 */
import { z } from 'zod'
import { calendarDateSchema, nameSchema, notesSchema } from '../db/schema'
import { compareEvents, toEventDto, type EventDto } from './event-dto'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { EventHasAssignmentsError, NotFoundError } from './errors'
import { parseInput } from './validate'
import { liveRowLoader } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export { compareEvents, toEventDto, type EventDto } from './event-dto'

export const createEventInputSchema = z.strictObject({
  name: nameSchema,
  date: calendarDateSchema,
  notes: notesSchema.optional(),
})
export type CreateEventInput = z.input<typeof createEventInputSchema>

export const updateEventInputSchema = z.strictObject({
  id: z.string().min(1),
  name: nameSchema.optional(),
  date: calendarDateSchema.optional(),
  notes: notesSchema.optional(),
})
export type UpdateEventInput = z.input<typeof updateEventInputSchema>

export const listEventsInputSchema = z
  .strictObject({ includeDeleted: z.boolean().optional() })
  .optional()
export type ListEventsInput = z.input<typeof listEventsInputSchema>

/** The live event row, or NotFoundError (soft-deleted events are not found). */
export const loadLiveEvent = liveRowLoader('events')

/**
 * Create an event.
 * @throws ValidationError when the name is empty or the date is not a real `YYYY-MM-DD` date.
 * Tables: events. Offline: a new row with a fresh id; never conflicts.
 */
export async function createEvent(tx: Tx, input: CreateEventInput): Promise<EventDto> {
  const values = parseInput(createEventInputSchema, input)
  const row = await insert(tx, 'events', {
    name: values.name,
    date: values.date,
    notes: values.notes ?? '',
  })
  return toEventDto(row)
}
createEvent.tables = tablesOf(writes('events'))

/**
 * The event with this id.
 * @throws NotFoundError when there is none or it was deleted. Tables: events.
 */
export async function getEvent(tx: Tx, eventId: string): Promise<EventDto> {
  return toEventDto(await loadLiveEvent(tx, eventId))
}
getEvent.tables = tablesOf(loadLiveEvent)

/** Every live event, ordered by date, then name. Tables: events. */
export async function listEvents(tx: Tx, input?: ListEventsInput): Promise<EventDto[]> {
  const options = parseInput(listEventsInputSchema, input)
  const rows = await tx.events.toArray()
  return rows
    .filter((row) => options?.includeDeleted === true || row.deletedAt === null)
    .sort(compareEvents)
    .map(toEventDto)
}
listEvents.tables = tablesOf('events')

/**
 * Change an event's name, date or notes (only the fields given).
 * @throws ValidationError, NotFoundError. Tables: events. Offline: last writer wins per field.
 */
export async function updateEvent(tx: Tx, input: UpdateEventInput): Promise<EventDto> {
  const { id, ...changes } = parseInput(updateEventInputSchema, input)
  await loadLiveEvent(tx, id)
  const row = await update(tx, 'events', id, changes)
  if (!row) throw new NotFoundError('event', id)
  return toEventDto(row)
}
updateEvent.tables = tablesOf(loadLiveEvent, writes('events'))

export type DeleteEventOptions = { cascade?: boolean }

/**
 * Soft-delete an event. With live assignments it refuses unless `cascade` is true; cascading also
 * hides the event's assignments and production/assembly targets. Runs keep their `eventId`.
 * @throws NotFoundError, EventHasAssignmentsError.
 * Tables: events, assignments, productionTargets, assemblyTargets.
 */
export async function deleteEvent(
  tx: Tx,
  eventId: string,
  options: DeleteEventOptions = {},
): Promise<void> {
  await loadLiveEvent(tx, eventId)
  const assignments = (await tx.assignments.where('eventId').equals(eventId).toArray()).filter(
    (row) => row.deletedAt === null,
  )
  if (assignments.length > 0 && options.cascade !== true) {
    throw new EventHasAssignmentsError(eventId, assignments.length)
  }
  const [productionTargets, assemblyTargets] = await Promise.all([
    tx.productionTargets.where('eventId').equals(eventId).toArray(),
    tx.assemblyTargets.where('eventId').equals(eventId).toArray(),
  ])
  for (const row of assignments) await softDelete(tx, 'assignments', row.id)
  for (const row of productionTargets) await softDelete(tx, 'productionTargets', row.id)
  for (const row of assemblyTargets) await softDelete(tx, 'assemblyTargets', row.id)
  await softDelete(tx, 'events', eventId)
}
deleteEvent.tables = tablesOf(
  loadLiveEvent,
  writes('assemblyTargets', 'assignments', 'events', 'productionTargets'),
)
