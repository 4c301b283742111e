/**
 * The per-event summary read model: for each event, the sums its progress, dashboard and report
 * rows need (assignments per status and package units per package, runs per recipe and finished
 * good, live targets), maintained by delta in the SAME transaction as every write (local or
 * remote) through `applyEventSummaryDeltas`. Invariant: the table equals `recomputeEventSummaries`
 * over the rows at every commit; an event with nothing to count has no row. Every delta is exact:
 * counts are integers and cost is a BigInt of micro-units kept as a decimal string.
 */
import type { Transaction } from 'dexie'
import { z } from 'zod'
import { countsTowardBatches } from './schema/runs'
import { idSchema } from './schema/common'
import type { DomainTableName, RowOf } from './tables'

export const eventSummarySchema = z.strictObject({
  eventId: idSchema,
  /** Live assignments by status (one per assignment, DOMAIN §9.7). */
  packages: z.strictObject({
    pending: z.number().int(),
    assembled: z.number().int(),
    delivered: z.number().int(),
    total: z.number().int(),
  }),
  /** Σ quantity of live assignments per package id: needs are expanded from these at read time. */
  packageUnits: z.record(z.string(), z.number().int()),
  /** Live production runs attributed to the event, per recipe id. */
  recipes: z.record(
    z.string(),
    z.strictObject({
      runs: z.number().int(),
      /** Σ batches of runs with an actual yield above 0 (DOMAIN §9.1). */
      batches: z.number().int(),
      yield: z.number().int(),
      /** Σ totalCost in micro-units, a BigInt as a decimal string (exact at any size). */
      costMicros: z.string(),
    }),
  ),
  /** Live assembly runs attributed to the event, per finished-good id. */
  goods: z.record(
    z.string(),
    z.strictObject({ runs: z.number().int(), quantity: z.number().int() }),
  ),
  /** Live production targets by target row id. */
  productionTargets: z.record(
    z.string(),
    z.strictObject({ recipeId: idSchema, targetBatches: z.number() }),
  ),
  /** Live assembly targets by target row id. */
  assemblyTargets: z.record(
    z.string(),
    z.strictObject({ finishedGoodId: idSchema, targetQuantity: z.number() }),
  ),
})
export type EventSummary = z.infer<typeof eventSummarySchema>

/** The tables whose rows feed the summary; writes to any other table leave it alone. */
export const SUMMARY_SOURCE_TABLES = [
  'assignments',
  'productionRuns',
  'assemblyRuns',
  'productionTargets',
  'assemblyTargets',
] as const satisfies readonly DomainTableName[]
type SourceTable = (typeof SUMMARY_SOURCE_TABLES)[number]

export function isSummarySource(table: DomainTableName): table is SourceTable {
  return (SUMMARY_SOURCE_TABLES as readonly string[]).includes(table)
}

export function emptySummary(eventId: string): EventSummary {
  return {
    eventId,
    packages: { pending: 0, assembled: 0, delivered: 0, total: 0 },
    packageUnits: {},
    recipes: {},
    goods: {},
    productionTargets: {},
    assemblyTargets: {},
  }
}

function isEmpty(summary: EventSummary): boolean {
  return (
    summary.packages.total === 0 &&
    Object.keys(summary.packageUnits).length === 0 &&
    Object.keys(summary.recipes).length === 0 &&
    Object.keys(summary.goods).length === 0 &&
    Object.keys(summary.productionTargets).length === 0 &&
    Object.keys(summary.assemblyTargets).length === 0
  )
}

type SourceRow = RowOf<SourceTable>

/** The event a row counts toward, or null when it counts toward none (deleted, or no event). */
function eventOf(row: SourceRow | undefined): string | null {
  if (!row || row.deletedAt !== null) return null
  return row.eventId ?? null
}

/** Add (sign 1) or remove (sign −1) one live row's contribution to its event's summary. */
function contribute(summary: EventSummary, table: SourceTable, row: SourceRow, sign: 1 | -1): void {
  switch (table) {
    case 'assignments': {
      const assignment = row as RowOf<'assignments'>
      summary.packages[assignment.status] += sign
      summary.packages.total += sign
      const units = (summary.packageUnits[assignment.packageId] ?? 0) + sign * assignment.quantity
      if (units === 0) delete summary.packageUnits[assignment.packageId]
      else summary.packageUnits[assignment.packageId] = units
      return
    }
    case 'productionRuns': {
      const run = row as RowOf<'productionRuns'>
      const entry = summary.recipes[run.recipeId] ?? {
        runs: 0,
        batches: 0,
        yield: 0,
        costMicros: '0',
      }
      entry.runs += sign
      if (countsTowardBatches(run)) entry.batches += sign * run.batches
      entry.yield += sign * run.actualYield
      entry.costMicros = String(BigInt(entry.costMicros) + BigInt(sign) * BigInt(run.totalCost))
      if (entry.runs === 0) delete summary.recipes[run.recipeId]
      else summary.recipes[run.recipeId] = entry
      return
    }
    case 'assemblyRuns': {
      const run = row as RowOf<'assemblyRuns'>
      const entry = summary.goods[run.finishedGoodId] ?? { runs: 0, quantity: 0 }
      entry.runs += sign
      entry.quantity += sign * run.quantity
      if (entry.runs === 0) delete summary.goods[run.finishedGoodId]
      else summary.goods[run.finishedGoodId] = entry
      return
    }
    case 'productionTargets': {
      const target = row as RowOf<'productionTargets'>
      if (sign === 1)
        summary.productionTargets[target.id] = {
          recipeId: target.recipeId,
          targetBatches: target.targetBatches,
        }
      else delete summary.productionTargets[target.id]
      return
    }
    case 'assemblyTargets': {
      const target = row as RowOf<'assemblyTargets'>
      if (sign === 1)
        summary.assemblyTargets[target.id] = {
          finishedGoodId: target.finishedGoodId,
          targetQuantity: target.targetQuantity,
        }
      else delete summary.assemblyTargets[target.id]
      return
    }
  }
}

export type RowWrite<TName extends DomainTableName = DomainTableName> = {
  before: RowOf<TName> | undefined
  after: RowOf<TName> | undefined
}

/**
 * The summaries loaded (or created) by this transaction, by event id. Every delta of a
 * transaction goes through the same in-memory object, and each write stores a copy of it, so
 * writes issued concurrently in one transaction (`Promise.all`) never lose each other's deltas.
 */
const loadedByTransaction = new WeakMap<Transaction, Map<string, PromiseLike<EventSummary>>>()

function summariesTable(tx: Transaction) {
  return tx.table<EventSummary, string>('eventSummaries')
}

function loadSummary(tx: Transaction, eventId: string): PromiseLike<EventSummary> {
  let loaded = loadedByTransaction.get(tx)
  if (!loaded) {
    loaded = new Map()
    loadedByTransaction.set(tx, loaded)
  }
  let summary = loaded.get(eventId)
  if (!summary) {
    summary = summariesTable(tx)
      .get(eventId)
      .then((row) => row ?? emptySummary(eventId))
    loaded.set(eventId, summary)
  }
  return summary
}

/**
 * Apply the writes of rows of `table` (each row before → after; undefined when absent) to the
 * summaries of the events they count toward, in the caller's transaction. Awaits only Dexie.
 */
export async function applyEventSummaryDeltas(
  tx: Transaction,
  table: DomainTableName,
  writes: readonly RowWrite[],
): Promise<void> {
  if (!isSummarySource(table)) return
  const eventIds = new Set<string>()
  for (const { before, after } of writes) {
    const from = eventOf(before as SourceRow | undefined)
    const to = eventOf(after as SourceRow | undefined)
    if (from !== null) eventIds.add(from)
    if (to !== null) eventIds.add(to)
  }
  if (eventIds.size === 0) return
  const ids = [...eventIds]
  const summaries = await Promise.all(ids.map((eventId) => loadSummary(tx, eventId)))
  const byEvent = new Map(summaries.map((summary) => [summary.eventId, summary]))
  for (const { before, after } of writes) {
    const from = eventOf(before as SourceRow | undefined)
    const to = eventOf(after as SourceRow | undefined)
    if (from !== null) contribute(byEvent.get(from)!, table, before as SourceRow, -1)
    if (to !== null) contribute(byEvent.get(to)!, table, after as SourceRow, 1)
  }
  const toPut = summaries.filter((summary) => !isEmpty(summary)).map((s) => structuredClone(s))
  const toDelete = summaries.filter(isEmpty).map((summary) => summary.eventId)
  await Promise.all([
    toPut.length > 0 ? summariesTable(tx).bulkPut(toPut) : undefined,
    toDelete.length > 0 ? summariesTable(tx).bulkDelete(toDelete) : undefined,
  ])
}

/** Every summary computed from scratch from the source tables (rebuilds and test checks). */
export async function recomputeEventSummaries(tx: Transaction): Promise<EventSummary[]> {
  const byEvent = new Map<string, EventSummary>()
  for (const table of SUMMARY_SOURCE_TABLES) {
    const rows = await tx.table<SourceRow, string>(table).toArray()
    for (const row of rows) {
      const eventId = eventOf(row)
      if (eventId === null) continue
      let summary = byEvent.get(eventId)
      if (!summary) {
        summary = emptySummary(eventId)
        byEvent.set(eventId, summary)
      }
      contribute(summary, table, row, 1)
    }
  }
  return [...byEvent.values()]
    .filter((summary) => !isEmpty(summary))
    .sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0))
}

/**
 * Replace every summary by its recomputation (schema upgrade, backup import, repair). Runs in the
 * caller's read-write transaction over the source tables and `eventSummaries`.
 */
export async function rebuildEventSummaries(tx: Transaction): Promise<void> {
  const summaries = await recomputeEventSummaries(tx)
  loadedByTransaction.delete(tx)
  await summariesTable(tx).clear()
  await summariesTable(tx).bulkAdd(summaries)
}
