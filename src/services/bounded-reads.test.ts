/**
 * Reads of what is on screen only (DOMAIN §4, DESIGN §2): the multi-event reads and the per-event
 * progress reads issue the same requests whatever the number of events, targets, assignments and
 * runs (no N+1), AND the rows they read grow with what they show, never with the history: Today
 * with 200 past events reads the rows of its 3 upcoming ones. A DBCore middleware counts every
 * request and every row returned, per table (src/test/count-requests.ts).
 */
import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildAssemblyRun,
  buildAssemblyTarget,
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildProductionRun,
  buildProductionTarget,
  buildRecipe,
  buildRecipient,
} from '../test/builders'
import { countRequests, type RequestCounts } from '../test/count-requests'
import { makeTestDb } from '../test/make-test-db'
import {
  getAssemblyProgress,
  getEventOverallProgress,
  getEventsWithProgress,
  getProductionProgress,
  listEventsInRange,
} from './progress'
import { getDashboardSummary } from './reports'
import {
  getAssemblyNeeds,
  getEventAssignments,
  getPackagesByStatus,
  getRecipeNeeds,
  getShoppingList,
  listAssemblyTargets,
  listProductionTargets,
} from './index'

/** `eventCount` events, each with 2 production targets, 1 assembly target, 2 assignments (one
 * nested package), 3 production runs (one a total loss) and 2 assembly runs. */
async function seed(
  tx: Tx,
  eventCount: number,
  dateOf: (index: number) => string = (index) =>
    `2026-12-${String(1 + (index % 28)).padStart(2, '0')}`,
): Promise<string> {
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
  const cookies = await buildRecipe(tx, {
    name: 'Cookies',
    ingredients: [{ ingredientId: butter.id, quantity: 300, unit: 'g' }],
  })
  const brownies = await buildRecipe(tx, {
    name: 'Brownies',
    ingredients: [{ ingredientId: butter.id, quantity: 180, unit: 'g' }],
  })
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const brownie = await buildFinishedUnit(tx, { recipeId: brownies.id, itemsPerBatch: 9 })
  const tin = await buildFinishedGood(tx, {
    name: 'Tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const crate = await buildFinishedGood(tx, {
    name: 'Crate',
    components: [
      { kind: 'good', id: tin.id, quantity: 2 },
      { kind: 'unit', id: brownie.id, quantity: 9 },
    ],
  })
  const tinPackage = await buildPackage(tx, { contents: [{ finishedGoodId: tin.id, quantity: 1 }] })
  const cratePackage = await buildPackage(tx, {
    contents: [{ finishedGoodId: crate.id, quantity: 1 }],
  })
  const alice = await buildRecipient(tx, { name: 'Alice' })
  const bob = await buildRecipient(tx, { name: 'Bob' })
  let firstEventId = ''
  for (let index = 0; index < eventCount; index += 1) {
    const event = await buildEvent(tx, { name: `Event ${index}`, date: dateOf(index) })
    if (index === 0) firstEventId = event.id
    const eventId = event.id
    await buildProductionTarget(tx, { eventId, recipeId: cookies.id, targetBatches: 3 })
    await buildProductionTarget(tx, { eventId, recipeId: brownies.id, targetBatches: 2 })
    await buildAssemblyTarget(tx, { eventId, finishedGoodId: tin.id, targetQuantity: 4 })
    await buildAssignment(tx, { eventId, recipientId: alice.id, packageId: tinPackage.id })
    await buildAssignment(tx, {
      eventId,
      recipientId: bob.id,
      packageId: cratePackage.id,
      status: 'assembled',
    })
    const cookieRun = { eventId, recipeId: cookies.id, finishedUnitId: cookie.id }
    await buildProductionRun(tx, { ...cookieRun, batches: 2, totalCost: 6_000_000 })
    await buildProductionRun(tx, { ...cookieRun, batches: 1, actualYield: 0 })
    await buildProductionRun(tx, {
      eventId,
      recipeId: brownies.id,
      finishedUnitId: brownie.id,
      batches: 1,
      expectedYield: 9,
    })
    await buildAssemblyRun(tx, { eventId, finishedGoodId: tin.id, quantity: 2 })
    await buildAssemblyRun(tx, { eventId, finishedGoodId: crate.id, quantity: 1 })
  }
  return firstEventId
}

const READS: Record<string, (tx: Tx, eventId: string) => Promise<unknown>> = {
  getEventsWithProgress: (tx) => getEventsWithProgress(tx, { filter: 'all', today: '2026-11-01' }),
  getDashboardSummary: (tx) => getDashboardSummary(tx),
  getProductionProgress: (tx, eventId) => getProductionProgress(tx, eventId),
  getAssemblyProgress: (tx, eventId) => getAssemblyProgress(tx, eventId),
  getEventOverallProgress: (tx, eventId) => getEventOverallProgress(tx, eventId),
}

async function measure(
  eventCount: number,
): Promise<Record<string, { counts: RequestCounts; resultSize: number }>> {
  const { db, run, read } = makeTestDb()
  const counter = countRequests(db)
  const eventId = await run((tx) => seed(tx, eventCount))
  const measured: Record<string, { counts: RequestCounts; resultSize: number }> = {}
  for (const [name, fn] of Object.entries(READS)) {
    counter.reset()
    const result = await read((tx) => fn(tx, eventId))
    measured[name] = {
      counts: counter.snapshot(),
      resultSize: Array.isArray(result) ? result.length : 1,
    }
  }
  return measured
}

describe('bounded reads', () => {
  it('reads each table the same number of times for 1 event and for 50 events', async () => {
    const one = await measure(1)
    const fifty = await measure(50)
    // The 50-event database really is bigger where it matters.
    expect(fifty.getEventsWithProgress?.resultSize).toBe(50)
    expect(fifty.getDashboardSummary?.resultSize).toBe(50)
    expect(one.getEventsWithProgress?.resultSize).toBe(1)
    for (const name of Object.keys(READS)) {
      expect({ name, counts: fifty[name]?.counts }).toEqual({ name, counts: one[name]?.counts })
    }
    // The exact counts, so a regression shows what changed. The multi-event reads use the
    // per-event summaries and never read an assignment, target or run.
    // Summaries: one read of the key range spanning the events shown.
    expect(one.getEventsWithProgress?.counts).toEqual({
      'eventSummaries.query': 1,
      'events.query': 1,
      'finishedGoods.getMany': 1,
      'recipes.getMany': 1,
    })
    expect(one.getDashboardSummary?.counts).toEqual({
      'eventSummaries.query': 1,
      'events.query': 1,
      'finishedGoods.query': 1,
      'finishedUnits.query': 1,
      'ingredients.query': 1,
      'packages.query': 1,
      'recipes.query': 1,
    })
    expect(one.getProductionProgress?.counts).toEqual({
      'events.get': 1,
      'productionRuns.query': 1,
      'productionTargets.query': 1,
      'recipes.getMany': 1,
    })
    expect(one.getAssemblyProgress?.counts).toEqual({
      'assemblyRuns.query': 1,
      'assemblyTargets.query': 1,
      'events.get': 1,
      'finishedGoods.getMany': 1,
    })
    expect(one.getEventOverallProgress?.counts).toEqual({
      'assemblyRuns.query': 1,
      'assemblyTargets.query': 1,
      'assignments.query': 1,
      'events.get': 1,
      'productionRuns.query': 1,
      'productionTargets.query': 1,
    })
  }, 60_000)

  it('Today with 200 past events and 3 upcoming ones reads the rows of the 3 upcoming events only', async () => {
    const { db, run, read } = makeTestDb()
    const counter = countRequests(db)
    // Events 0–2 are upcoming (December 2026); events 3–202 are past seasons.
    const dateOf = (index: number) =>
      index < 3
        ? `2026-12-${String(20 + index).padStart(2, '0')}`
        : `${2020 + (index % 6)}-12-${String(1 + (index % 28)).padStart(2, '0')}`
    const firstEventId = await run((tx) => seed(tx, 203, dateOf))
    const today = '2026-11-30'

    counter.reset()
    const listed = await read((tx) => listEventsInRange(tx, { filter: 'active_future', today }))
    expect(listed.map((event) => event.name)).toEqual(['Event 0', 'Event 1', 'Event 2'])
    expect(counter.rowsRead()).toEqual({ events: 3 })

    counter.reset()
    const progress = await read((tx) =>
      getEventsWithProgress(tx, { filter: 'active_future', today }),
    )
    expect(progress.map((event) => event.overallProgress.packagesTotal)).toEqual([2, 2, 2])
    expect(progress[0]?.productionProgress.map((row) => row.producedBatches)).toEqual([1, 2])
    // 3 events, their 3 summaries, and the names of the 2 recipes and 1 finished good targeted.
    expect(counter.rowsRead()).toEqual({
      eventSummaries: 3,
      events: 3,
      finishedGoods: 1,
      recipes: 2,
    })

    // One event's progress reads that event's rows only, by index.
    counter.reset()
    await read((tx) => getEventOverallProgress(tx, firstEventId))
    expect(counter.rowsRead()).toEqual({
      assemblyRuns: 2,
      assemblyTargets: 1,
      assignments: 2,
      events: 1,
      productionRuns: 3,
      productionTargets: 2,
    })

    // The dashboard covers every event with packages, from summaries: no assignment, target or
    // run is read, however many seasons of them there are.
    counter.reset()
    const dashboard = await read((tx) => getDashboardSummary(tx))
    expect(dashboard).toHaveLength(203)
    const rows = counter.rowsRead()
    for (const table of [
      'assignments',
      'productionRuns',
      'assemblyRuns',
      'productionTargets',
      'assemblyTargets',
      'statusChanges',
    ])
      expect(rows[table], table).toBeUndefined()
    expect(rows.eventSummaries).toBe(203)
  }, 120_000)

  it('Today reads only the summaries of the events shown when their ids span 200 past seasons', async () => {
    const { db, run, read } = makeTestDb()
    const counter = countRequests(db)
    // The first and the last event made are upcoming; the 201 made between them are past.
    const dateOf = (index: number) =>
      index === 0 || index === 202
        ? `2026-12-${String(20 + (index % 7)).padStart(2, '0')}`
        : `${2020 + (index % 6)}-12-${String(1 + (index % 28)).padStart(2, '0')}`
    await run((tx) => seed(tx, 203, dateOf))

    counter.reset()
    const progress = await read((tx) =>
      getEventsWithProgress(tx, { filter: 'active_future', today: '2026-11-30' }),
    )
    expect(progress.map((event) => event.overallProgress.packagesTotal)).toEqual([2, 2])
    // The range read stops after 2 × 2 + 1 summaries; then one get per event shown.
    expect(counter.rowsRead().eventSummaries).toBeLessThanOrEqual(2 * 2 + 1 + 2)
  }, 120_000)

  it("the Plan and Deliver tabs read one event's assignments, targets and runs by index, not 200 seasons of them", async () => {
    const { db, run, read } = makeTestDb()
    const counter = countRequests(db)
    const eventId = await run((tx) => seed(tx, 203))
    // What one seeded event holds (the rest is other events' history).
    const ONE_EVENT: Record<string, number> = {
      assignments: 2,
      productionTargets: 2,
      assemblyTargets: 1,
      productionRuns: 3,
      assemblyRuns: 2,
      statusChanges: 0,
    }
    const tabReads: Record<string, (tx: Tx) => Promise<unknown>> = {
      getRecipeNeeds: (tx) => getRecipeNeeds(tx, eventId),
      getAssemblyNeeds: (tx) => getAssemblyNeeds(tx, eventId),
      listProductionTargets: (tx) => listProductionTargets(tx, eventId),
      listAssemblyTargets: (tx) => listAssemblyTargets(tx, eventId),
      getShoppingList: (tx) => getShoppingList(tx, eventId),
      getEventAssignments: (tx) => getEventAssignments(tx, eventId),
      getPackagesByStatus: (tx) => getPackagesByStatus(tx, eventId),
    }
    for (const [name, fn] of Object.entries(tabReads)) {
      counter.reset()
      await read(fn)
      const rows = counter.rowsRead()
      for (const [table, most] of Object.entries(ONE_EVENT))
        expect(rows[table] ?? 0, `${name} read ${table}`).toBeLessThanOrEqual(most)
      expect(rows.events ?? 0, `${name} read events`).toBeLessThanOrEqual(1)
    }
  }, 120_000)
})
