/**
 * Package status (DOMAIN §3): `pending → assembled → delivered`, forward one step at a time, and
 * an explicit one-step revert for a mistaken tap. The status is a register that merges by
 * (statusEpoch, workflow rank) (DESIGN §3): forward steps keep the epoch, so a stale device can
 * never move a package back; a revert raises the epoch, so the correction outranks older forward
 * steps. Every change appends a StatusChange (append-only history). The transition rule lives in
 * `nextStatus`/`previousStatus` below and nowhere else.
 */
import { z } from 'zod'
import {
  PACKAGE_STATUSES,
  assignmentSchema,
  idSchema,
  packageStatusSchema,
  type Assignment,
  type PackageStatus,
  type StatusChange,
} from '../db/schema'
import { currentDeviceId, currentInstant, insert, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import {
  loadLiveAssignment,
  loadLiveAssignmentsOfEvent,
  nameAndSortAssignments,
  toAssignmentDto,
  type AssignmentDto,
} from './assignments'
import { loadCatalogue } from './catalogue-model'
import {
  IncompleteProductionError,
  InvalidTransitionError,
  NotFoundError,
  type MissingRecipe,
} from './errors'
import { loadLiveEvent } from './events'
import { parseInput } from './validate'

// ---- The transition rule (the one place) ----

/** The status one forward step after `from`, or null when `from` is the last (delivered). */
export function nextStatus(from: PackageStatus): PackageStatus | null {
  return PACKAGE_STATUSES[PACKAGE_STATUSES.indexOf(from) + 1] ?? null
}

/** The status one step before `from`, or null when `from` is the first (pending). */
export function previousStatus(from: PackageStatus): PackageStatus | null {
  const index = PACKAGE_STATUSES.indexOf(from)
  return index > 0 ? (PACKAGE_STATUSES[index - 1] ?? null) : null
}

/** Whether `from → to` is an allowed forward step (pending→assembled, assembled→delivered). */
export function isForwardStep(from: PackageStatus, to: PackageStatus): boolean {
  return nextStatus(from) === to
}

// ---- DTOs and inputs ----

export type StatusChangeDto = {
  id: string
  assignmentId: string
  from: PackageStatus
  to: PackageStatus
  epoch: number
  at: string
  deviceId: string
}

function toStatusChangeDto(row: StatusChange): StatusChangeDto {
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    from: row.from,
    to: row.to,
    epoch: row.epoch,
    at: row.at,
    deviceId: row.deviceId,
  }
}

export type CanAssembleResult = { canAssemble: boolean; missingRecipes: MissingRecipe[] }

export type PackageStatusRow = {
  id: string
  recipientId: string
  recipientName: string
  packageId: string
  packageName: string
  quantity: number
  status: PackageStatus
  statusEpoch: number
  deliveredTo: string | null
  deliveredAt: string | null
}

export const updateFulfillmentStatusInputSchema = z.strictObject({
  assignmentId: idSchema,
  to: packageStatusSchema,
})

export const updatePackageStatusInputSchema = z.strictObject({
  assignmentId: idSchema,
  to: packageStatusSchema,
  deliveredTo: assignmentSchema.shape.deliveredTo.optional(),
  force: z.boolean().optional(),
})
export type UpdatePackageStatusOptions = Pick<
  z.input<typeof updatePackageStatusInputSchema>,
  'deliveredTo' | 'force'
>

export const getPackagesByStatusInputSchema = z.strictObject({
  eventId: idSchema,
  status: packageStatusSchema.optional(),
})

// ---- The one writer of status ----

type StatusWrite = {
  to: PackageStatus
  epoch: number
  deliveredTo: string | null
  deliveredAt: string | null
}

/** Write the register (whole group, via mutate) and append its StatusChange. */
async function writeStatus(
  tx: Tx,
  assignment: Assignment,
  write: StatusWrite,
): Promise<AssignmentDto> {
  const row = await update(tx, 'assignments', assignment.id, {
    status: write.to,
    statusEpoch: write.epoch,
    deliveredTo: write.deliveredTo,
    deliveredAt: write.deliveredAt,
  })
  if (!row) throw new NotFoundError('assignment', assignment.id)
  await insert(tx, 'statusChanges', {
    assignmentId: assignment.id,
    from: assignment.status,
    to: write.to,
    epoch: write.epoch,
    at: currentInstant(tx),
    deviceId: currentDeviceId(tx),
  })
  return toAssignmentDto(row)
}

/** A forward step: same epoch; `delivered` stamps when (and, if given, who took it). */
function forwardWrite(
  tx: Tx,
  assignment: Assignment,
  to: PackageStatus,
  deliveredTo: string | null,
): StatusWrite {
  const delivered = to === 'delivered'
  return {
    to,
    epoch: assignment.statusEpoch,
    deliveredTo: delivered ? deliveredTo : null,
    deliveredAt: delivered ? currentInstant(tx) : null,
  }
}

function refuseUnlessForward(assignment: Assignment, to: PackageStatus): void {
  if (!isForwardStep(assignment.status, to)) {
    throw new InvalidTransitionError(assignment.status, to, assignment.id)
  }
}

// ---- Services ----

/**
 * The quick tap: move an assignment one step forward (pending→assembled, assembled→delivered)
 * without checking production. Moving to `delivered` stamps `deliveredAt`.
 * @throws ValidationError for an unknown status, NotFoundError for an unknown or deleted
 * assignment, InvalidTransitionError(from, to, id) for anything but one forward step.
 * Tables: assignments, statusChanges.
 * Offline: the status register merges by (epoch, rank); a forward step keeps the epoch, so it
 * wins over lower ranks and a stale device's older step never moves the package back. History is
 * append-only.
 */
export async function updateFulfillmentStatus(
  tx: Tx,
  assignmentId: string,
  to: PackageStatus,
): Promise<AssignmentDto> {
  const values = parseInput(updateFulfillmentStatusInputSchema, { assignmentId, to })
  const assignment = await loadLiveAssignment(tx, values.assignmentId)
  refuseUnlessForward(assignment, values.to)
  return writeStatus(tx, assignment, forwardWrite(tx, assignment, values.to, null))
}

/**
 * Move an assignment one step forward, checking production first when moving to `assembled`
 * (refused while recipes are missing, unless `force`). `deliveredTo` (who actually took it) is
 * stored only when moving to `delivered`, and ignored otherwise.
 * @throws ValidationError, NotFoundError, InvalidTransitionError(from, to, id),
 * IncompleteProductionError(assignmentId, missingRecipes) listing what is missing.
 * Tables: assignments, statusChanges, productionRuns and the catalogue (for the check).
 * Offline: as updateFulfillmentStatus (status register by epoch and rank; history append-only).
 */
export async function updatePackageStatus(
  tx: Tx,
  assignmentId: string,
  to: PackageStatus,
  options: UpdatePackageStatusOptions = {},
): Promise<AssignmentDto> {
  const values = parseInput(updatePackageStatusInputSchema, { assignmentId, to, ...options })
  const assignment = await loadLiveAssignment(tx, values.assignmentId)
  refuseUnlessForward(assignment, values.to)
  if (values.to === 'assembled' && values.force !== true) {
    const check = await canAssemblePackage(tx, assignment.id)
    if (!check.canAssemble) throw new IncompleteProductionError(assignment.id, check.missingRecipes)
  }
  const deliveredTo = values.deliveredTo === undefined ? null : values.deliveredTo || null
  return writeStatus(tx, assignment, forwardWrite(tx, assignment, values.to, deliveredTo))
}

/**
 * Undo the last step: delivered→assembled (clearing deliveredTo/deliveredAt) or assembled→pending,
 * raising `statusEpoch` by one.
 * @throws ValidationError, NotFoundError, InvalidTransitionError('pending', 'pending', id) when
 * the assignment is already pending.
 * Tables: assignments, statusChanges.
 * Offline: the raised epoch makes this correction outrank every forward step made before it on any
 * device (DESIGN §3); it is the only way a status moves backwards. History is append-only.
 */
export async function revertPackageStatus(tx: Tx, assignmentId: string): Promise<AssignmentDto> {
  const id = parseInput(idSchema, assignmentId)
  const assignment = await loadLiveAssignment(tx, id)
  const to = previousStatus(assignment.status)
  if (to === null) throw new InvalidTransitionError(assignment.status, assignment.status, id)
  return writeStatus(tx, assignment, {
    to,
    epoch: assignment.statusEpoch + 1,
    deliveredTo: null,
    deliveredAt: null,
  })
}

/**
 * Whether the event's production covers this one assignment (DOMAIN §3, §9.9): its units are
 * expanded to recipe needs (`batchesRequired` = ceil(units ÷ items per batch)) and compared with
 * ALL batches of the event's live runs of each recipe, counting only runs with an actual yield
 * above 0 (DOMAIN §9.1). Nothing is reserved for other packages. `missingRecipes` is sorted by
 * recipe name; empty when `canAssemble`.
 * @throws NotFoundError for an unknown or deleted assignment.
 * Tables: assignments, productionRuns, ingredients, recipes, finishedUnits, finishedGoods, packages.
 */
export async function canAssemblePackage(tx: Tx, assignmentId: string): Promise<CanAssembleResult> {
  const id = parseInput(idSchema, assignmentId)
  const assignment = await loadLiveAssignment(tx, id)
  const [model, runs] = await Promise.all([
    loadCatalogue(tx),
    tx.productionRuns.where('eventId').equals(assignment.eventId).toArray(),
  ])
  const produced = new Map<string, number>()
  for (const run of runs) {
    if (run.deletedAt !== null || run.actualYield <= 0) continue
    produced.set(run.recipeId, (produced.get(run.recipeId) ?? 0) + run.batches)
  }
  const missingRecipes: MissingRecipe[] = []
  for (const need of model.recipeNeeds(model.unitsForAssignments([assignment]))) {
    const batchesProduced = produced.get(need.recipeId) ?? 0
    if (batchesProduced >= need.batchesNeeded) continue
    missingRecipes.push({
      recipeId: need.recipeId,
      recipeName: need.recipeName,
      batchesRequired: need.batchesNeeded,
      batchesProduced,
      batchesMissing: need.batchesNeeded - batchesProduced,
    })
  }
  return { canAssemble: missingRecipes.length === 0, missingRecipes }
}

/**
 * The event's live assignments with recipient and package names, filtered by status when given,
 * ordered by recipient name, then package name (DOMAIN §9.4).
 * @throws ValidationError for an unknown status, NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, recipients, packages.
 */
export async function getPackagesByStatus(
  tx: Tx,
  eventId: string,
  status?: PackageStatus,
): Promise<PackageStatusRow[]> {
  const values = parseInput(getPackagesByStatusInputSchema, { eventId, status })
  const [, all] = await Promise.all([
    loadLiveEvent(tx, values.eventId),
    loadLiveAssignmentsOfEvent(tx, values.eventId),
  ])
  const rows = values.status === undefined ? all : all.filter((row) => row.status === values.status)
  const named = await nameAndSortAssignments(tx, rows)
  return named.map(({ row, recipientName, packageName }) => ({
    id: row.id,
    recipientId: row.recipientId,
    recipientName,
    packageId: row.packageId,
    packageName,
    quantity: row.quantity,
    status: row.status,
    statusEpoch: row.statusEpoch,
    deliveredTo: row.deliveredTo,
    deliveredAt: row.deliveredAt,
  }))
}

/**
 * Every status change of an assignment, oldest first (by time, then by id, which is time-sortable).
 * @throws NotFoundError for an unknown or deleted assignment.
 * Tables: assignments, statusChanges.
 */
export async function getStatusHistory(tx: Tx, assignmentId: string): Promise<StatusChangeDto[]> {
  const id = parseInput(idSchema, assignmentId)
  const [, rows] = await Promise.all([
    loadLiveAssignment(tx, id),
    tx.statusChanges.where('assignmentId').equals(id).toArray(),
  ])
  return rows
    .filter((row) => row.deletedAt === null)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(toStatusChangeDto)
}
