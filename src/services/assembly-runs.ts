/**
 * Assembly runs (DOMAIN §2, §5): the append-only record of finished goods put together. A run
 * snapshots its cost (Σ components' current cost per item × quantity, recursively through nested
 * goods) when it is recorded; later price changes never rewrite it. Runs count toward an event
 * only when `eventId` is set; runs of a finished good deleted later still count and keep its name.
 */
import { z } from 'zod'
import { idSchema, notesSchema, type AssemblyRun } from '../db/schema'
import { currentInstant, insert, softDelete } from '../db/mutate'
import type { Tx } from '../db/tx'
import { idsOf, withActionLog } from './action-log'
import { loadCatalogue } from './catalogue-model'
import { NotFoundError } from './errors'
import { loadLiveEvent } from './events'
import { formatMoney, fromMicros, toMicros } from './money'
import { parseInput } from './validate'
import { liveRowLoader } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type AssemblyRunDto = {
  id: string
  finishedGoodId: string
  finishedGoodName: string
  eventId: string | null
  quantity: number
  assembledAt: string
  /** Cost snapshot at recording time, two decimals. */
  totalCost: string
  notes: string
  createdAt: string
}

export const recordAssemblyRunInputSchema = z.strictObject({
  finishedGoodId: idSchema,
  quantity: z.number().int('Quantity must be a whole number').min(1).max(1_000_000),
  eventId: idSchema.nullable().optional(),
  notes: notesSchema.optional(),
})
export type RecordAssemblyRunInput = z.input<typeof recordAssemblyRunInputSchema>

function toAssemblyRunDto(row: AssemblyRun, finishedGoodName: string): AssemblyRunDto {
  return {
    id: row.id,
    finishedGoodId: row.finishedGoodId,
    finishedGoodName,
    eventId: row.eventId,
    quantity: row.quantity,
    assembledAt: row.assembledAt,
    totalCost: formatMoney(fromMicros(row.totalCost)),
    notes: row.notes,
    createdAt: row.createdAt,
  }
}

/** Newest first: by assembledAt, then id (UUID v7, time-sortable), both descending. */
function newestFirst(a: AssemblyRun, b: AssemblyRun): number {
  if (a.assembledAt !== b.assembledAt) return a.assembledAt < b.assembledAt ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** The event's live assembly runs (one indexed read). */
export async function loadLiveAssemblyRunsOfEvent(tx: Tx, eventId: string): Promise<AssemblyRun[]> {
  const rows = await tx.assemblyRuns.where('eventId').equals(eventId).toArray()
  return rows.filter((row) => row.deletedAt === null)
}
loadLiveAssemblyRunsOfEvent.tables = tablesOf('assemblyRuns')

/**
 * Record that `quantity` of a finished good were assembled: cost snapshot = Σ components' current
 * cost per item × quantity (nested goods included); `assembledAt` = now by the database clock.
 * Logs `{operation, ids, outcome}` after the action settles (action-log.ts).
 * @throws ValidationError for a bad quantity; NotFoundError when the finished good or the given
 * event is missing or deleted; UnitConversionError when a recipe line cannot be priced.
 * Tables: finishedGoods, finishedUnits, recipes, ingredients, packages, events (read);
 * assemblyRuns (write).
 * Offline: append-only; a new row with a fresh id, so runs from two devices add up.
 */
export async function recordAssemblyRun(
  tx: Tx,
  input: RecordAssemblyRunInput,
): Promise<AssemblyRunDto> {
  const ids = idsOf(input, ['finishedGoodId', 'eventId'])
  return withActionLog(tx, 'recordAssemblyRun', ids, async () => {
    const values = parseInput(recordAssemblyRunInputSchema, input)
    const eventId = values.eventId ?? null
    const [model, event] = await Promise.all([
      loadCatalogue(tx),
      eventId === null ? undefined : tx.events.get(eventId),
    ])
    if (eventId !== null && (!event || event.deletedAt !== null))
      throw new NotFoundError('event', eventId)
    const good = model.finishedGoods.get(values.finishedGoodId)
    if (!good || good.deletedAt !== null)
      throw new NotFoundError('finishedGood', values.finishedGoodId)
    const cost = model.finishedGoodCostPerItem(good.id).times(values.quantity)
    const row = await insert(tx, 'assemblyRuns', {
      finishedGoodId: good.id,
      eventId,
      quantity: values.quantity,
      assembledAt: currentInstant(tx),
      totalCost: toMicros(cost),
      notes: values.notes ?? '',
    })
    ids.runId = row.id
    return toAssemblyRunDto(row, good.name)
  })
}
recordAssemblyRun.tables = tablesOf(loadCatalogue, withActionLog, 'events', writes('assemblyRuns'))

/**
 * The event's live assembly runs, newest first, with finished-good names (a good deleted since
 * still lends its name).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, assemblyRuns, finishedGoods (one read each).
 */
export async function getAssemblyRuns(tx: Tx, eventId: string): Promise<AssemblyRunDto[]> {
  const id = parseInput(idSchema, eventId)
  const [, rows] = await Promise.all([loadLiveEvent(tx, id), loadLiveAssemblyRunsOfEvent(tx, id)])
  const goods = await tx.finishedGoods.bulkGet([...new Set(rows.map((row) => row.finishedGoodId))])
  const names = new Map<string, string>()
  for (const good of goods) if (good) names.set(good.id, good.name)
  return [...rows]
    .sort(newestFirst)
    .map((row) => toAssemblyRunDto(row, names.get(row.finishedGoodId) ?? ''))
}
getAssemblyRuns.tables = tablesOf(loadLiveAssemblyRunsOfEvent, loadLiveEvent, 'finishedGoods')

const loadRun = liveRowLoader('assemblyRuns')

async function loadLiveAssemblyRun(tx: Tx, runId: string): Promise<AssemblyRun> {
  const id = parseInput(idSchema, runId)
  return loadRun(tx, id)
}

/**
 * One live assembly run, with its finished good's name (a deleted good still lends its name).
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted run.
 * Tables: assemblyRuns, finishedGoods.
 */
export async function getAssemblyRun(tx: Tx, runId: string): Promise<AssemblyRunDto> {
  const row = await loadLiveAssemblyRun(tx, runId)
  const good = await tx.finishedGoods.get(row.finishedGoodId)
  return toAssemblyRunDto(row, good?.name ?? '')
}
getAssemblyRun.tables = tablesOf('assemblyRuns', 'finishedGoods')

/**
 * Remove an assembly run recorded by mistake (soft delete): it no longer counts toward assembly
 * progress or costs.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted run.
 * Tables: assemblyRuns.
 * Offline: a delete syncs like any other.
 */
export async function deleteAssemblyRun(tx: Tx, runId: string): Promise<void> {
  const row = await loadLiveAssemblyRun(tx, runId)
  await softDelete(tx, 'assemblyRuns', row.id)
}
deleteAssemblyRun.tables = tablesOf(writes('assemblyRuns'))
