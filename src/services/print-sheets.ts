/**
 * What the delivery-day printouts show (DOMAIN §10): the run sheet (routes in delivery order, then
 * households, one line per package with address, notes, allergens and conflicts) and the packing
 * labels (one per unit of an assignment's quantity, numbered "Box n of m"). Both read the same
 * delivery list as the Deliver tab, so paper and screen never disagree about order or conflicts.
 */
import { sortAllergens, type Allergen, type PackageStatus } from '../db/schema'
import type { Tx } from '../db/tx'
import { AllergenIndex } from './allergens'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { getDeliveryList, type DeliveryRow } from './delivery'
import { getEvent } from './events'
import { tablesOf } from '../transactions/declared-tables'

/** One package on the run sheet. */
export type RunSheetLine = {
  assignmentId: string
  recipientName: string
  address: string
  recipientNotes: string
  /** The assignment's own notes. */
  notes: string
  packageName: string
  quantity: number
  status: PackageStatus
  deliveredTo: string | null
  /** Every allergen the package contains, in the law's order. */
  allergens: Allergen[]
  /** The contained allergens the recipient excludes (empty when none). */
  conflicts: Allergen[]
}

export type RunSheetHousehold = { household: string; lines: RunSheetLine[] }
/** `route` is '' for the recipients with no route (always the last section). */
export type RunSheetRoute = { route: string; households: RunSheetHousehold[] }

export type RunSheet = {
  eventName: string
  eventDate: string
  routes: RunSheetRoute[]
  packageCount: number
}

/** One sticker: one unit of an assignment. */
export type PackingLabel = {
  /** Unique per sticker: `<assignmentId>:<boxNumber>`. */
  key: string
  assignmentId: string
  boxNumber: number
  boxCount: number
  recipientName: string
  household: string
  address: string
  route: string
  packageName: string
  /** What one unit holds, e.g. "2 × Cookie tin". */
  contents: string[]
  allergens: Allergen[]
  conflicts: Allergen[]
}

export type PackingLabels = { eventId: string; eventName: string; labels: PackingLabel[] }

function contentsOf(model: CatalogueModel, packageId: string): string[] {
  return (model.packages.get(packageId)?.contents ?? []).map((content) => {
    const name = model.finishedGoods.get(content.finishedGoodId)?.name ?? ''
    return `${content.quantity} × ${name}`
  })
}

/** Consecutive rows of the same route, then of the same household (rows come in delivery order). */
function groupByRouteAndHousehold(
  rows: readonly DeliveryRow[],
  line: (row: DeliveryRow) => RunSheetLine,
): RunSheetRoute[] {
  const routes: RunSheetRoute[] = []
  for (const row of rows) {
    let route = routes[routes.length - 1]
    if (!route || route.route !== row.route) {
      route = { route: row.route, households: [] }
      routes.push(route)
    }
    const household = route.households[route.households.length - 1]
    if (household && household.household === row.household) household.lines.push(line(row))
    else route.households.push({ household: row.household, lines: [line(row)] })
  }
  return routes
}

/**
 * The event's run sheet: every live package in delivery order (route, order in the route,
 * household, recipient; no route last), grouped by route then household, each with everything the
 * package contains and the allergens its recipient excludes. Delivered packages stay on the sheet
 * (with who took them), so the sheet is the whole day's record.
 * @throws NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, recipients, the catalogue.
 */
export async function getRunSheet(tx: Tx, eventId: string): Promise<RunSheet> {
  const [event, rows, model] = await Promise.all([
    getEvent(tx, eventId),
    getDeliveryList(tx, eventId),
    loadCatalogue(tx),
  ])
  const allergens = new AllergenIndex(model)
  const routes = groupByRouteAndHousehold(rows, (row) => ({
    assignmentId: row.id,
    recipientName: row.recipientName,
    address: row.address,
    recipientNotes: row.recipientNotes,
    notes: row.notes,
    packageName: row.packageName,
    quantity: row.quantity,
    status: row.status,
    deliveredTo: row.deliveredTo,
    allergens: sortAllergens(allergens.package(row.packageId)),
    conflicts: row.conflicts,
  }))
  return { eventName: event.name, eventDate: event.date, routes, packageCount: rows.length }
}
getRunSheet.tables = tablesOf(getDeliveryList, getEvent, loadCatalogue)

/**
 * The event's packing labels: for each live assignment in delivery order, one label per unit of
 * its quantity ("Box 1 of 3" … "Box 3 of 3"), with recipient, household, address, what one unit
 * holds, its allergens and the recipient's conflicts.
 * @throws NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, recipients, the catalogue.
 */
export async function getPackingLabels(tx: Tx, eventId: string): Promise<PackingLabels> {
  const [event, rows, model] = await Promise.all([
    getEvent(tx, eventId),
    getDeliveryList(tx, eventId),
    loadCatalogue(tx),
  ])
  const allergens = new AllergenIndex(model)
  const labels: PackingLabel[] = []
  for (const row of rows) {
    const contents = contentsOf(model, row.packageId)
    const contained = sortAllergens(allergens.package(row.packageId))
    for (let box = 1; box <= row.quantity; box += 1) {
      labels.push({
        key: `${row.id}:${box}`,
        assignmentId: row.id,
        boxNumber: box,
        boxCount: row.quantity,
        recipientName: row.recipientName,
        household: row.household,
        address: row.address,
        route: row.route,
        packageName: row.packageName,
        contents,
        allergens: contained,
        conflicts: row.conflicts,
      })
    }
  }
  return { eventId: event.id, eventName: event.name, labels }
}
getPackingLabels.tables = tablesOf(getDeliveryList, getEvent, loadCatalogue)
