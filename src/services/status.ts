/**
 * Package status (DOMAIN §3): `pending → assembled → delivered`, forward one step at a time, and
 * an explicit one-step correction of a mistaken tap. The status is the correction-aware register
 * of DESIGN §3 (db/schema/package-workflow.ts defines the workflow and the register's fields):
 * a forward step keeps the epoch, so a stale device can never move a package back; a correction
 * opens the epoch of exactly the (epoch, status) it saw, so it undoes that step only and is void
 * when another tablet had moved the package further. Every change appends a StatusChange.
 */
import { z } from 'zod'
import {
  assignmentSchema,
  correctionStatusFields,
  forwardStatusFields,
  idSchema,
  isForwardStep,
  packageStatusSchema,
  statusPosition,
  statusRank,
  type Assignment,
  type PackageStatus,
  type StatusChange,
} from '../db/schema'
import {
  isVoidWrite,
  registerFromWrites,
  registerValue,
  type RegisterWrite,
} from '../crdt/status-register'
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
import { tablesOf, writes } from '../transactions/declared-tables'

export { PACKAGE_STATUSES, isForwardStep, nextStatus, previousStatus } from '../db/schema'

// ---- DTOs and inputs ----

export type StatusChangeDto = {
  id: string
  assignmentId: string
  from: PackageStatus
  to: PackageStatus
  epoch: number
  at: string
  deviceId: string
  /** A correction (Move back / Undo) rather than a forward step. */
  isCorrection: boolean
  /**
   * False for a change that had no effect once every tablet's changes were merged: a correction
   * of a step that had already been taken further on another tablet (and steps made after it).
   */
  applied: boolean
}

function toStatusChangeDto(row: StatusChange, applied: boolean): StatusChangeDto {
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    from: row.from,
    to: row.to,
    epoch: row.epoch,
    at: row.at,
    deviceId: row.deviceId,
    isCorrection: statusRank(row.to) < statusRank(row.from),
    applied,
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
  lineage: string
  deliveredTo: string | null
  deliveredAt: string | null
}

/**
 * Write the register (whole group, via mutate) and append its StatusChange. `assignment` is the
 * row as read in this transaction: mutate reuses it instead of reading it again, and the two
 * writes are issued together (a tap is a handful of requests, not a round trip each).
 */
async function writeStatus(
  tx: Tx,
  assignment: Assignment,
  write: StatusWrite,
): Promise<AssignmentDto> {
  const [row] = await Promise.all([
    update(
      tx,
      'assignments',
      assignment.id,
      {
        status: write.to,
        statusEpoch: write.epoch,
        statusLineage: write.lineage,
        deliveredTo: write.deliveredTo,
        deliveredAt: write.deliveredAt,
      },
      { existing: assignment },
    ),
    insert(tx, 'statusChanges', {
      assignmentId: assignment.id,
      from: assignment.status,
      to: write.to,
      epoch: write.epoch,
      lineage: write.lineage,
      at: currentInstant(tx),
      deviceId: currentDeviceId(tx),
    }),
  ])
  if (!row) throw new NotFoundError('assignment', assignment.id)
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
  const fields = forwardStatusFields(assignment, to)
  return {
    to,
    epoch: fields.statusEpoch,
    lineage: fields.statusLineage,
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
 * Offline: a forward step keeps the epoch, so it wins over lower ranks in it and a stale device's
 * older step never moves the package back (DESIGN §3). History is append-only.
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
updateFulfillmentStatus.tables = tablesOf(
  loadLiveAssignment,
  writes('assignments', 'statusChanges'),
)

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
    // The row this action has just read in this transaction: not read again for the check.
    const check = await canAssembleAssignment(tx, assignment)
    if (!check.canAssemble) throw new IncompleteProductionError(assignment.id, check.missingRecipes)
  }
  const deliveredTo = values.deliveredTo === undefined ? null : values.deliveredTo || null
  return writeStatus(tx, assignment, forwardWrite(tx, assignment, values.to, deliveredTo))
}
updatePackageStatus.tables = tablesOf(
  loadCatalogue,
  loadLiveAssignment,
  'productionRuns',
  writes('assignments', 'statusChanges'),
)

/**
 * Undo the last step: delivered→assembled (clearing deliveredTo/deliveredAt) or assembled→pending.
 * The correction records the (epoch, status) it was made from by opening that step's epoch
 * (`statusLineage`; `statusEpoch` becomes the number of corrections on the lineage).
 * @throws ValidationError, NotFoundError, InvalidTransitionError('pending', 'pending', id) when
 * the assignment is already pending.
 * Tables: assignments, statusChanges.
 * Offline: the correction undoes exactly the step this device saw (DESIGN §3). If another tablet
 * had meanwhile moved the package further (e.g. delivered it), the correction is void once the
 * changes meet, and the further step stands; two tablets correcting the same step undo it once.
 * It is the only way a status moves backwards. History is append-only.
 */
export async function revertPackageStatus(tx: Tx, assignmentId: string): Promise<AssignmentDto> {
  const id = parseInput(idSchema, assignmentId)
  const assignment = await loadLiveAssignment(tx, id)
  const fields = correctionStatusFields(assignment)
  if (fields === null) throw new InvalidTransitionError(assignment.status, assignment.status, id)
  return writeStatus(tx, assignment, {
    to: fields.status,
    epoch: fields.statusEpoch,
    lineage: fields.statusLineage,
    deliveredTo: null,
    deliveredAt: null,
  })
}
revertPackageStatus.tables = tablesOf(loadLiveAssignment, writes('assignments', 'statusChanges'))

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
  return canAssembleAssignment(tx, await loadLiveAssignment(tx, id))
}
canAssemblePackage.tables = tablesOf(loadCatalogue, loadLiveAssignment, 'productionRuns')

/** canAssemblePackage for a live assignment row the caller has read in this same transaction. */
async function canAssembleAssignment(tx: Tx, assignment: Assignment): Promise<CanAssembleResult> {
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
getPackagesByStatus.tables = tablesOf(
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  nameAndSortAssignments,
)

/**
 * Every status change of an assignment, oldest first (by time, then by id, which is time-sortable),
 * each marked `applied: false` when the merged history voids it (a correction of a step another
 * tablet had taken further, or a step made after such a correction): the register is folded from
 * the history itself, with the same rule as the status (DESIGN §3).
 * @throws NotFoundError for an unknown or deleted assignment.
 * Tables: assignments, statusChanges.
 */
export async function getStatusHistory(tx: Tx, assignmentId: string): Promise<StatusChangeDto[]> {
  const id = parseInput(idSchema, assignmentId)
  const [, rows] = await Promise.all([
    loadLiveAssignment(tx, id),
    tx.statusChanges.where('assignmentId').equals(id).toArray(),
  ])
  const live = rows.filter((row) => row.deletedAt === null)
  const writes: RegisterWrite<StatusChange>[] = []
  for (const row of live) {
    const position = statusPosition({
      status: row.to,
      statusEpoch: row.epoch,
      statusLineage: row.lineage,
    })
    if (position) writes.push({ ...position, hlc: row.at, id: row.id, payload: row })
  }
  const value = registerValue(registerFromWrites(writes))
  const voidIds = new Set(
    writes.filter((write) => isVoidWrite(value, write)).map((write) => write.payload.id),
  )
  return live
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row) => toStatusChangeDto(row, !voidIds.has(row.id)))
}
getStatusHistory.tables = tablesOf(loadLiveAssignment, 'statusChanges')
