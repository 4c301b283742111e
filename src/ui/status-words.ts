/**
 * The words the screens use for the package workflow (db/schema/package-workflow.ts), keyed by
 * status so adding a status without words is a type error. The order and the steps themselves
 * come from the workflow, never from here.
 */
import type { PackageStatus } from '../db/schema'
import type { StatusChangeDto } from '../services'

/** A status as a chip or filter shows it. */
export const STATUS_LABEL: Record<PackageStatus, string> = {
  pending: 'To do',
  assembled: 'Ready',
  delivered: 'Delivered',
}

/** A status inside a sentence ("can't go from "ready" to …"). */
export const STATUS_WORD: Record<PackageStatus, string> = {
  pending: 'to do',
  assembled: 'ready',
  delivered: 'delivered',
}

/** The button that moves a package INTO a status (none into the first one). */
export const STEP_LABEL: Record<PackageStatus, string | null> = {
  pending: null,
  assembled: 'Mark ready',
  delivered: 'Mark delivered',
}

/**
 * One line of a package's status history. A change the merged history voided says why: a Move
 * back of a step that had already been taken further on another tablet (DESIGN §3), or a step
 * made after such a Move back.
 */
export function describeStatusChange(
  change: Pick<StatusChangeDto, 'from' | 'to' | 'isCorrection' | 'applied'>,
  current: PackageStatus,
): string {
  const what = change.isCorrection
    ? `Move back to ${STATUS_LABEL[change.to]}`
    : `${STEP_LABEL[change.to] ?? STATUS_LABEL[change.to]}`
  if (change.applied) return what
  if (change.isCorrection)
    return current === 'delivered'
      ? `${what} — not applied: it had been delivered on another tablet`
      : `${what} — not applied: it had already been moved further on another tablet`
  return `${what} — not applied: it followed a Move back that was not applied`
}
