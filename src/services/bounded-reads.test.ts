/**
 * No N+1 (DOMAIN §4): the multi-event reads and the per-event progress reads issue the same table
 * reads whatever the number of events, targets, assignments and runs. A DBCore middleware counts
 * every request (src/test/count-requests.ts) per table; the counts with 1 event
 * and with 50 events (each with targets, assignments and runs) must be identical.
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
} from './progress'
import { getDashboardSummary } from './reports'

/** `eventCount` events, each with 2 production targets, 1 assembly target, 2 assignments (one
 * nested package), 3 production runs (one a total loss) and 2 assembly runs. */
async function seed(tx: Tx, eventCount: number): Promise<string> {
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
    const day = String(1 + (index % 28)).padStart(2, '0')
    const event = await buildEvent(tx, { name: `Event ${index}`, date: `2026-12-${day}` })
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
    // The exact counts (one read per table touched), so a regression shows what changed.
    expect(one.getEventsWithProgress?.counts).toEqual({
      'assemblyRuns.query': 1,
      'assemblyTargets.query': 1,
      'assignments.query': 1,
      'events.query': 1,
      'finishedGoods.query': 1,
      'productionRuns.query': 1,
      'productionTargets.query': 1,
      'recipes.query': 1,
    })
    expect(one.getDashboardSummary?.counts).toEqual({
      'assignments.query': 1,
      'events.query': 1,
      'finishedGoods.query': 1,
      'finishedUnits.query': 1,
      'ingredients.query': 1,
      'packages.query': 1,
      'productionRuns.query': 1,
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
  })
})
