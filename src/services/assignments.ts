/**
 * Assignments: which package each recipient receives for an event (DOMAIN §2, §6). One live
 * assignment per (event, recipient, package): a second one is refused with
 * `DuplicateAssignmentError`, checked through the `[eventId+recipientId+packageId]` index. The
 * status fields are written only by status.ts (the status register of DESIGN §3); this module
 * creates assignments as `pending` in epoch 0 and edits their quantity, notes and package.
 */
import { z } from 'zod'
import {
  INITIAL_STATUS_FIELDS,
  assignmentSchema,
  idSchema,
  notesSchema,
  type Assignment,
} from '../db/schema'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { DuplicateAssignmentError, NotFoundError } from './errors'
import { loadLiveEvent } from './events'
import { compareNames } from './order'
import { parseInput } from './validate'
import { liveRowLoader } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type AssignmentDto = {
  id: string
  eventId: string
  recipientId: string
  packageId: string
  quantity: number
  notes: string
  status: Assignment['status']
  statusEpoch: number
  deliveredTo: string | null
  deliveredAt: string | null
  createdAt: string
  updatedAt: string
}

export function toAssignmentDto(row: Assignment): AssignmentDto {
  return {
    id: row.id,
    eventId: row.eventId,
    recipientId: row.recipientId,
    packageId: row.packageId,
    quantity: row.quantity,
    notes: row.notes,
    status: row.status,
    statusEpoch: row.statusEpoch,
    deliveredTo: row.deliveredTo,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

/** One row of the event's assignment list (DOMAIN §4 "Event assignments"). */
export type EventAssignmentRow = {
  id: string
  recipientName: string
  packageName: string
  quantity: number
  status: Assignment['status']
  deliveredTo: string | null
}

const quantitySchema = assignmentSchema.shape.quantity

export const assignPackageToRecipientInputSchema = z.strictObject({
  eventId: idSchema,
  recipientId: idSchema,
  packageId: idSchema,
  quantity: quantitySchema.optional(),
  notes: notesSchema.optional(),
})
export type AssignPackageToRecipientInput = z.input<typeof assignPackageToRecipientInputSchema>

export const updateAssignmentInputSchema = z.strictObject({
  id: idSchema,
  quantity: quantitySchema.optional(),
  notes: notesSchema.optional(),
  packageId: idSchema.optional(),
})
export type UpdateAssignmentInput = z.input<typeof updateAssignmentInputSchema>

const assignmentIdSchema = idSchema
const eventIdSchema = idSchema

/** The live assignment row, or NotFoundError (soft-deleted assignments are not found). */
export const loadLiveAssignment = liveRowLoader('assignments')

/** The event's live assignments, in no particular order (one indexed read). */
export async function loadLiveAssignmentsOfEvent(tx: Tx, eventId: string): Promise<Assignment[]> {
  const rows = await tx.assignments.where('eventId').equals(eventId).toArray()
  return rows.filter((row) => row.deletedAt === null)
}
loadLiveAssignmentsOfEvent.tables = tablesOf('assignments')

export type NamedAssignment = {
  row: Assignment
  recipientName: string
  packageName: string
}

/**
 * Attach recipient and package names (two bulk reads) and order by recipient name, then package
 * name, then id (DOMAIN §9.4). A recipient or package that was deleted after being assigned still
 * lends its name, as the needs expansion still counts the assignment (catalogue-model.ts); one
 * missing altogether (a sync race) shows an empty name.
 */
export async function nameAndSortAssignments(
  tx: Tx,
  rows: readonly Assignment[],
): Promise<NamedAssignment[]> {
  const recipientIds = [...new Set(rows.map((row) => row.recipientId))]
  const packageIds = [...new Set(rows.map((row) => row.packageId))]
  const [recipients, packages] = await Promise.all([
    tx.recipients.bulkGet(recipientIds),
    tx.packages.bulkGet(packageIds),
  ])
  const recipientNames = new Map<string, string>()
  for (const recipient of recipients)
    if (recipient) recipientNames.set(recipient.id, recipient.name)
  const packageNames = new Map<string, string>()
  for (const pkg of packages) if (pkg) packageNames.set(pkg.id, pkg.name)
  return rows
    .map((row) => ({
      row,
      recipientName: recipientNames.get(row.recipientId) ?? '',
      packageName: packageNames.get(row.packageId) ?? '',
    }))
    .sort(
      (a, b) =>
        compareNames(a.recipientName, b.recipientName) ||
        compareNames(a.packageName, b.packageName) ||
        (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0),
    )
}
nameAndSortAssignments.tables = tablesOf('packages', 'recipients')

/** The live assignment of this (event, recipient, package), if any, other than `exceptId`. */
async function findLiveDuplicate(
  tx: Tx,
  key: { eventId: string; recipientId: string; packageId: string },
  exceptId?: string,
): Promise<Assignment | undefined> {
  const rows = await tx.assignments
    .where('[eventId+recipientId+packageId]')
    .equals([key.eventId, key.recipientId, key.packageId])
    .toArray()
  return rows.find((row) => row.deletedAt === null && row.id !== exceptId)
}

/**
 * Assign a package to a recipient for an event: a new `pending` assignment in status epoch 0,
 * quantity 1 unless given. A soft-deleted assignment of the same triple is left alone and a new
 * row is made: reviving it would carry its old status register (a higher epoch, `delivered`) that
 * a fresh `pending` could never outrank on other devices, and would mix its history into the new one.
 * @throws ValidationError for a bad quantity or notes.
 * @throws NotFoundError when the event, recipient or package is missing or deleted.
 * @throws DuplicateAssignmentError when the recipient already receives this package in this event.
 * Tables: events, recipients, packages, assignments (read); assignments (write).
 * Offline: a new row with a fresh id; two devices assigning the same triple offline both keep
 * their row (the merge cannot tell them apart), and the duplicate shows in the list to delete.
 */
export async function assignPackageToRecipient(
  tx: Tx,
  input: AssignPackageToRecipientInput,
): Promise<AssignmentDto> {
  const values = parseInput(assignPackageToRecipientInputSchema, input)
  const [, recipient, pkg, duplicate] = await Promise.all([
    loadLiveEvent(tx, values.eventId),
    tx.recipients.get(values.recipientId),
    tx.packages.get(values.packageId),
    findLiveDuplicate(tx, values),
  ])
  if (!recipient || recipient.deletedAt !== null)
    throw new NotFoundError('recipient', values.recipientId)
  if (!pkg || pkg.deletedAt !== null) throw new NotFoundError('package', values.packageId)
  if (duplicate) {
    throw new DuplicateAssignmentError(
      values.eventId,
      values.recipientId,
      values.packageId,
      duplicate.id,
    )
  }
  const row = await insert(tx, 'assignments', {
    eventId: values.eventId,
    recipientId: values.recipientId,
    packageId: values.packageId,
    quantity: values.quantity ?? 1,
    notes: values.notes ?? '',
    ...INITIAL_STATUS_FIELDS,
    deliveredTo: null,
    deliveredAt: null,
  })
  return toAssignmentDto(row)
}
assignPackageToRecipient.tables = tablesOf(
  loadLiveEvent,
  'packages',
  'recipients',
  writes('assignments'),
)

/**
 * Change an assignment's quantity, notes or package (only the fields given). Its status is kept:
 * status moves only through status.ts.
 * @throws ValidationError, NotFoundError (assignment; package when changing it),
 * DuplicateAssignmentError when the recipient already receives the new package in this event.
 * Tables: assignments, packages. Offline: last writer wins per field.
 */
export async function updateAssignment(
  tx: Tx,
  input: UpdateAssignmentInput,
): Promise<AssignmentDto> {
  const { id, ...changes } = parseInput(updateAssignmentInputSchema, input)
  const existing = await loadLiveAssignment(tx, id)
  if (changes.packageId !== undefined && changes.packageId !== existing.packageId) {
    const key = { ...existing, packageId: changes.packageId }
    const [pkg, duplicate] = await Promise.all([
      tx.packages.get(changes.packageId),
      findLiveDuplicate(tx, key, id),
    ])
    if (!pkg || pkg.deletedAt !== null) throw new NotFoundError('package', changes.packageId)
    if (duplicate) {
      throw new DuplicateAssignmentError(
        existing.eventId,
        existing.recipientId,
        changes.packageId,
        duplicate.id,
      )
    }
  }
  const row = await update(tx, 'assignments', id, changes)
  if (!row) throw new NotFoundError('assignment', id)
  return toAssignmentDto(row)
}
updateAssignment.tables = tablesOf(loadLiveAssignment, 'packages', writes('assignments'))

/**
 * Soft-delete an assignment. Its status history stays (append-only).
 * @throws NotFoundError when it is missing or already deleted.
 * Tables: assignments. Offline: the delete is a field write; last writer wins.
 */
export async function deleteAssignment(tx: Tx, assignmentId: string): Promise<void> {
  const id = parseInput(assignmentIdSchema, assignmentId)
  await loadLiveAssignment(tx, id)
  await softDelete(tx, 'assignments', id)
}
deleteAssignment.tables = tablesOf(loadLiveAssignment, writes('assignments'))

/**
 * Undo a removal: bring back the soft-deleted assignment as it was (same id, status, history).
 * Reviving is right here, unlike in assignPackageToRecipient: it is the same assignment, so its
 * status register and history are its own.
 * @throws NotFoundError when there is no such assignment, or its event is gone.
 * @throws DuplicateAssignmentError when the recipient got the same package again meanwhile.
 * Tables: events, assignments. Offline: `deletedAt` is a field write; last writer wins.
 */
export async function restoreAssignment(tx: Tx, assignmentId: string): Promise<AssignmentDto> {
  const id = parseInput(assignmentIdSchema, assignmentId)
  const existing = await tx.assignments.get(id)
  if (!existing) throw new NotFoundError('assignment', id)
  if (existing.deletedAt === null) return toAssignmentDto(existing)
  const [, duplicate] = await Promise.all([
    loadLiveEvent(tx, existing.eventId),
    findLiveDuplicate(tx, existing, id),
  ])
  if (duplicate) {
    throw new DuplicateAssignmentError(
      existing.eventId,
      existing.recipientId,
      existing.packageId,
      duplicate.id,
    )
  }
  const row = await update(tx, 'assignments', id, { deletedAt: null })
  if (!row) throw new NotFoundError('assignment', id)
  return toAssignmentDto(row)
}
restoreAssignment.tables = tablesOf(loadLiveEvent, writes('assignments'))

/**
 * The live assignment with this id.
 * @throws NotFoundError when there is none or it was deleted. Tables: assignments.
 */
export async function getAssignment(tx: Tx, assignmentId: string): Promise<AssignmentDto> {
  const id = parseInput(assignmentIdSchema, assignmentId)
  return toAssignmentDto(await loadLiveAssignment(tx, id))
}
getAssignment.tables = tablesOf(loadLiveAssignment)

/**
 * The event's live assignments, ordered by recipient name, then package name.
 * @throws NotFoundError when the event is missing or deleted.
 * Tables: events, assignments, recipients, packages.
 */
export async function listAssignments(tx: Tx, eventId: string): Promise<AssignmentDto[]> {
  const id = parseInput(eventIdSchema, eventId)
  const [, rows] = await Promise.all([loadLiveEvent(tx, id), loadLiveAssignmentsOfEvent(tx, id)])
  const named = await nameAndSortAssignments(tx, rows)
  return named.map(({ row }) => toAssignmentDto(row))
}
listAssignments.tables = tablesOf(loadLiveAssignmentsOfEvent, loadLiveEvent, nameAndSortAssignments)

/**
 * The event's live assignments with recipient and package names, ordered by recipient name, then
 * package name (DOMAIN §4, §9.4).
 * @throws NotFoundError when the event is missing or deleted.
 * Tables: events, assignments, recipients, packages.
 */
export async function getEventAssignments(tx: Tx, eventId: string): Promise<EventAssignmentRow[]> {
  const id = parseInput(eventIdSchema, eventId)
  const [, rows] = await Promise.all([loadLiveEvent(tx, id), loadLiveAssignmentsOfEvent(tx, id)])
  const named = await nameAndSortAssignments(tx, rows)
  return named.map(({ row, recipientName, packageName }) => ({
    id: row.id,
    recipientName,
    packageName,
    quantity: row.quantity,
    status: row.status,
    deliveredTo: row.deliveredTo,
  }))
}
getEventAssignments.tables = tablesOf(
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  nameAndSortAssignments,
)
