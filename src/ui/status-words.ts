/**
 * The words the screens use for the package workflow (db/schema/package-workflow.ts), keyed by
 * status so adding a status without words is a type error. The order and the steps themselves
 * come from the workflow, never from here.
 */
import type { PackageStatus } from '../db/schema'

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
