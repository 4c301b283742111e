/**
 * What a baker takes back to a spreadsheet: recipients, an event's deliveries (status and delivery
 * time), its shopping list and its cost breakdown, each as a sheet (header + rows of plain cells)
 * for `toCsv`. Reads only, through the same services the screens use, so a sheet says exactly
 * what the screen says. The recipients sheet's headers are ones the import guesses back.
 */
import type { PackageStatus } from '../db/schema'
import type { Tx } from '../db/tx'
import { getDeliveryList } from './delivery'
import { getEvent } from './events'
import { getShoppingList } from './needs'
import { listRecipients } from './recipients'
import { getRecipeCostBreakdown } from './reports'
import { tablesOf } from '../transactions/declared-tables'

export type CsvCell = string | number | null
export type CsvSheet = { fileName: string; headers: string[]; rows: CsvCell[][] }

const DEFAULT_STATUS_LABELS: Record<PackageStatus, string> = {
  pending: 'To do',
  assembled: 'Ready',
  delivered: 'Delivered',
}

/** "Christmas 2026!" + "2026-12-20" → "christmas-2026-2026-12-20-deliveries.csv". */
function fileNameFor(parts: readonly string[]): string {
  const slug = parts
    .join(' ')
    .toLocaleLowerCase('en')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `${slug || 'export'}.csv`
}

/** Every live recipient, by name. Tables: recipients. */
export async function exportRecipientsSheet(tx: Tx): Promise<CsvSheet> {
  const recipients = await listRecipients(tx)
  return {
    fileName: 'recipients.csv',
    headers: ['Name', 'Household', 'Address', 'Route', 'Route order', 'Allergies', 'Notes'],
    rows: recipients.map((row) => [
      row.name,
      row.household,
      row.address,
      row.route,
      row.routeOrder,
      row.exclusions.join(', '),
      row.notes,
    ]),
  }
}
exportRecipientsSheet.tables = tablesOf(listRecipients)

export type ExportDeliveriesInput = {
  eventId: string
  /** The words the screens use for each status (default: To do, Ready, Delivered). */
  statusLabels?: Record<PackageStatus, string>
  /** The IANA time zone delivery times are written in (default: this device's). */
  timeZone?: string
}

/**
 * A stored instant as the wall-clock time a cook saw it, `2026-12-24 16:32` in `timeZone`: a
 * spreadsheet reads it as a date and time, and it sorts as text. The stored value stays UTC.
 */
export function localDeliveryTime(instant: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant))
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}

/**
 * The event's packages in delivery order with status, who took them and when (the device's local
 * time, or `timeZone`'s).
 * @throws NotFoundError for an unknown or deleted event. Tables: as getDeliveryList.
 */
export async function exportDeliveriesSheet(
  tx: Tx,
  input: ExportDeliveriesInput,
): Promise<CsvSheet> {
  const labels = input.statusLabels ?? DEFAULT_STATUS_LABELS
  const [event, rows] = await Promise.all([
    getEvent(tx, input.eventId),
    getDeliveryList(tx, input.eventId),
  ])
  return {
    fileName: fileNameFor([event.name, event.date, 'deliveries']),
    headers: [
      'Route',
      'Route order',
      'Household',
      'Recipient',
      'Address',
      'Package',
      'Quantity',
      'Status',
      'Delivered to',
      'Delivered at',
      'Allergen warnings',
      'Notes',
    ],
    rows: rows.map((row) => [
      row.route,
      row.routeOrder,
      row.household,
      row.recipientName,
      row.address,
      row.packageName,
      row.quantity,
      labels[row.status],
      row.deliveredTo,
      row.deliveredAt && localDeliveryTime(row.deliveredAt, input.timeZone),
      row.conflicts.join(', '),
      row.notes,
    ]),
  }
}
exportDeliveriesSheet.tables = tablesOf(getDeliveryList, getEvent)

/**
 * The event's shopping list (quantities in each ingredient's purchase unit, to 3 decimals) and a
 * total line. @throws as getShoppingList. Tables: as getShoppingList.
 */
export async function exportShoppingListSheet(tx: Tx, eventId: string): Promise<CsvSheet> {
  const [event, list] = await Promise.all([getEvent(tx, eventId), getShoppingList(tx, eventId)])
  return {
    fileName: fileNameFor([event.name, event.date, 'shopping list']),
    headers: ['Ingredient', 'Quantity', 'Unit', 'Estimated cost'],
    rows: [
      ...list.items.map((item) => [
        item.ingredientName,
        Math.round(item.quantity * 1000) / 1000,
        item.unit,
        item.estimatedCost,
      ]),
      ['Total', null, null, list.total],
    ],
  }
}
exportShoppingListSheet.tables = tablesOf(getEvent, getShoppingList)

/** Planned and actual cost per recipe. @throws as getRecipeCostBreakdown. */
export async function exportCostBreakdownSheet(tx: Tx, eventId: string): Promise<CsvSheet> {
  const [event, rows] = await Promise.all([
    getEvent(tx, eventId),
    getRecipeCostBreakdown(tx, eventId),
  ])
  return {
    fileName: fileNameFor([event.name, event.date, 'costs']),
    headers: [
      'Recipe',
      'Batches needed',
      'Batches made',
      'Planned cost',
      'Actual cost',
      'Difference',
      'Difference %',
    ],
    rows: rows.map((row) => [
      row.recipeName,
      row.batchesRequired,
      row.batchesProduced,
      row.plannedCost,
      row.actualCost,
      row.variance,
      row.variancePercent,
    ]),
  }
}
exportCostBreakdownSheet.tables = tablesOf(getEvent, getRecipeCostBreakdown)
