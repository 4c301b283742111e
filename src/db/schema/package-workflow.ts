/**
 * The package workflow (DOMAIN §3), defined once: the statuses in order, one forward step at a
 * time (`pending → assembled → delivered`), one step back for a correction, and how a status write
 * maps onto the correction-aware register of the conflict-resolution core (DESIGN §3). Services,
 * the UI, error messages, the merge policy and the simulation all read the workflow from here.
 */
import { z } from 'zod'
import type { RegisterSpec } from '../../crdt/merge'
import {
  correctionEpoch,
  epochDepth,
  legacyEpoch,
  positionOf,
  ROOT_EPOCH,
  type RegisterPosition,
} from '../../crdt/status-register'

/** The statuses in workflow order: a status's index is its rank in the register. */
export const PACKAGE_STATUSES = ['pending', 'assembled', 'delivered'] as const
export const packageStatusSchema = z.enum(PACKAGE_STATUSES)
export type PackageStatus = z.infer<typeof packageStatusSchema>

/** An epoch id of the status register (`""`, `"2"`, `"2.1"`, legacy `"~1"`). */
export const statusLineageSchema = z.string().max(1000)

export function statusRank(status: PackageStatus): number {
  return PACKAGE_STATUSES.indexOf(status)
}

export function statusAtRank(rank: number): PackageStatus | null {
  return PACKAGE_STATUSES[rank] ?? null
}

/** The status one forward step after `from`, or null when `from` is the last (delivered). */
export function nextStatus(from: PackageStatus): PackageStatus | null {
  return statusAtRank(statusRank(from) + 1)
}

/** The status one step before `from`, or null when `from` is the first (pending). */
export function previousStatus(from: PackageStatus): PackageStatus | null {
  return statusRank(from) > 0 ? statusAtRank(statusRank(from) - 1) : null
}

/** Whether `from → to` is an allowed forward step (pending→assembled, assembled→delivered). */
export function isForwardStep(from: PackageStatus, to: PackageStatus): boolean {
  return nextStatus(from) === to
}

/** The register fields of a row or change, as stored (statusLineage absent before it existed). */
export type StatusFields = {
  status: PackageStatus
  statusEpoch: number
  statusLineage?: string | undefined
}

/** The epoch a status was written in: its lineage, or the legacy epoch of its number. */
export function statusLineageOf(fields: StatusFields): string {
  return fields.statusLineage ?? legacyEpoch(fields.statusEpoch)
}

/** The register fields of a new assignment: the first status, in the root epoch. */
export const INITIAL_STATUS_FIELDS = {
  status: PACKAGE_STATUSES[0],
  statusEpoch: 0,
  statusLineage: ROOT_EPOCH,
} as const satisfies Required<StatusFields>

/** The register fields of a forward step to `to` from the row's current status. */
export function forwardStatusFields(row: StatusFields, to: PackageStatus): Required<StatusFields> {
  return { status: to, statusEpoch: row.statusEpoch, statusLineage: statusLineageOf(row) }
}

/**
 * The register fields of a correction of the row's current status (one step back), or null when
 * it is the first: it opens the epoch of "corrected (epoch, rank)", so it undoes exactly that step.
 */
export function correctionStatusFields(row: StatusFields): Required<StatusFields> | null {
  const to = previousStatus(row.status)
  if (to === null) return null
  const statusLineage = correctionEpoch(statusLineageOf(row), statusRank(row.status))
  return { status: to, statusEpoch: epochDepth(statusLineage), statusLineage }
}

/** Where a status write (its `status`, `statusEpoch` and maybe `statusLineage`) sits. */
export function statusPosition(fields: Record<string, unknown>): RegisterPosition | null {
  const parsed = packageStatusSchema.safeParse(fields.status)
  if (!parsed.success) return null
  const rank = statusRank(parsed.data)
  if (typeof fields.statusLineage === 'string') return positionOf(fields.statusLineage, rank)
  const epochNumber = typeof fields.statusEpoch === 'number' ? fields.statusEpoch : 0
  return { kind: 'legacy', epoch: legacyEpoch(epochNumber), rank }
}

/** The assignment's status register: these fields move together and merge as one. */
export const STATUS_REGISTER: RegisterSpec = {
  key: 'status',
  fields: ['status', 'statusEpoch', 'statusLineage', 'deliveredTo', 'deliveredAt'],
  position: statusPosition,
}
