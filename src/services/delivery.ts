/**
 * Delivery day (DOMAIN §10): the event's packages in delivery order (route, order within the
 * route, household, recipient; recipients with no route last), and "Deliver all for this
 * household": every open package of one household one step forward through the status service, in
 * the caller's ONE transaction, returning exactly the steps taken so one Undo reverts those and
 * nothing else (a package moved again since is left alone).
 */
import { z } from 'zod'
import { idSchema, nextStatus, packageStatusSchema, type Allergen } from '../db/schema'
import type { Tx } from '../db/tx'
import type { AssignmentDto } from './assignments'
import { AllergenIndex, loadEventAssignmentsWithRecipients } from './allergens'
import { compareNames, sameName } from './order'
import { revertPackageStatus, updatePackageStatus, type PackageStatusRow } from './status'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

/** One assignment as the driver sees it: the Deliver card's row plus address, route and notes. */
export type DeliveryRow = PackageStatusRow & {
  household: string
  address: string
  recipientNotes: string
  route: string
  routeOrder: number | null
  /** The assignment's own notes. */
  notes: string
  /** Excluded allergens the package contains (empty when none). */
  conflicts: Allergen[]
}

type Orderable = {
  route: string
  routeOrder: number | null
  household: string
  recipientName: string
  packageName: string
  id: string
}

/**
 * Delivery order: rows with a route first, by route name, then order within the route (rows
 * without an order after those with one), then household, recipient and package name.
 */
export function compareForDelivery(a: Orderable, b: Orderable): number {
  const aRouted = a.route !== ''
  const bRouted = b.route !== ''
  if (aRouted !== bRouted) return aRouted ? -1 : 1
  const route = compareNames(a.route, b.route)
  if (route !== 0) return route
  if (a.routeOrder !== b.routeOrder) {
    if (a.routeOrder === null) return 1
    if (b.routeOrder === null) return -1
    return a.routeOrder - b.routeOrder
  }
  return (
    compareNames(a.household, b.household) ||
    compareNames(a.recipientName, b.recipientName) ||
    compareNames(a.packageName, b.packageName) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/**
 * The event's live assignments in delivery order, with the recipient's address, route and notes
 * and any allergen conflict.
 * @throws NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, recipients, the catalogue.
 */
export async function getDeliveryList(tx: Tx, eventId: string): Promise<DeliveryRow[]> {
  const { assignments, model, recipients } = await loadEventAssignmentsWithRecipients(tx, eventId)
  const byId = new Map(recipients.flatMap((row) => (row ? [[row.id, row] as const] : [])))
  const allergens = new AllergenIndex(model)
  const rows = assignments.map((row): DeliveryRow => {
    const recipient = byId.get(row.recipientId)
    const excluded = new Set(recipient?.exclusions ?? [])
    return {
      id: row.id,
      recipientId: row.recipientId,
      recipientName: recipient?.name ?? '',
      household: recipient?.household ?? '',
      address: recipient?.address ?? '',
      recipientNotes: recipient?.notes ?? '',
      route: recipient?.route ?? '',
      routeOrder: recipient?.routeOrder ?? null,
      packageId: row.packageId,
      packageName: model.packages.get(row.packageId)?.name ?? '',
      quantity: row.quantity,
      notes: row.notes,
      status: row.status,
      statusEpoch: row.statusEpoch,
      deliveredTo: row.deliveredTo,
      deliveredAt: row.deliveredAt,
      conflicts:
        excluded.size === 0
          ? []
          : [...allergens.package(row.packageId)].filter((allergen) => excluded.has(allergen)),
    }
  })
  return rows.sort(compareForDelivery)
}
getDeliveryList.tables = tablesOf(loadEventAssignmentsWithRecipients)

export const deliverHouseholdInputSchema = z.strictObject({
  eventId: idSchema,
  household: z.string().trim().min(1, 'Choose a household'),
  to: packageStatusSchema.exclude(['pending']),
  /** Who took the packages (stored only when moving to delivered). */
  deliveredTo: z.string().trim().max(200).optional(),
  /** Mark ready even where production is missing. */
  force: z.boolean().optional(),
})
export type DeliverHouseholdInput = z.input<typeof deliverHouseholdInputSchema>

/** One step taken, as Undo needs it: the assignment and the status it was moved to. */
export type DeliveryStep = { assignmentId: string; to: AssignmentDto['status'] }

/**
 * Move every live assignment of the household (same household, case-insensitive) in the event
 * whose next step is `to` one step forward, through `updatePackageStatus` (so moving to assembled
 * checks production unless `force`). Packages already there or further are left alone.
 * @returns the steps taken, in delivery order (empty when nothing was open).
 * @throws ValidationError, NotFoundError for the event, IncompleteProductionError (nothing moves).
 * Tables: events, assignments, recipients, statusChanges, productionRuns, the catalogue.
 * Offline: each step is an ordinary forward step of the status register (DESIGN §3).
 */
export async function deliverHousehold(
  tx: Tx,
  input: DeliverHouseholdInput,
): Promise<DeliveryStep[]> {
  const values = parseInput(deliverHouseholdInputSchema, input)
  const rows = await getDeliveryList(tx, values.eventId)
  const steps: DeliveryStep[] = []
  for (const row of rows) {
    if (!sameName(row.household, values.household)) continue
    if (nextStatus(row.status) !== values.to) continue
    await updatePackageStatus(tx, row.id, values.to, {
      ...(values.deliveredTo === undefined ? {} : { deliveredTo: values.deliveredTo }),
      ...(values.force === undefined ? {} : { force: values.force }),
    })
    steps.push({ assignmentId: row.id, to: values.to })
  }
  return steps
}
deliverHousehold.tables = tablesOf(getDeliveryList, updatePackageStatus)

export const undoDeliveryStepsInputSchema = z.array(
  z.strictObject({ assignmentId: idSchema, to: packageStatusSchema }),
)

/**
 * Undo the steps `deliverHousehold` returned: a correction (`revertPackageStatus`) of each
 * assignment still at the status that step moved it to; one moved since is left alone.
 * @returns the assignments corrected.
 * Tables: assignments, statusChanges.
 */
export async function undoDeliverySteps(
  tx: Tx,
  steps: readonly DeliveryStep[],
): Promise<AssignmentDto[]> {
  const values = parseInput(undoDeliveryStepsInputSchema, steps)
  const rows = await tx.assignments.bulkGet(values.map((step) => step.assignmentId))
  const reverted: AssignmentDto[] = []
  for (const [index, step] of values.entries()) {
    const row = rows[index]
    if (!row || row.deletedAt !== null || row.status !== step.to) continue
    reverted.push(await revertPackageStatus(tx, step.assignmentId))
  }
  return reverted
}
undoDeliverySteps.tables = tablesOf(revertPackageStatus, 'assignments')
