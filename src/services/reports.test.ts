import { describe, expect, it } from 'vitest'
import { update } from '../db/mutate'
import type { Tx } from '../db/tx'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildProductionRun,
  buildRecipe,
  buildRecipient,
  softDelete,
} from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { createDemoDataset } from './demo/demo-data'
import { NotFoundError, UnitConversionError, ValidationError } from './errors'
import { Exact } from './money'
import {
  getDashboardSummary,
  getEventProductionSummary,
  getRecipeCostBreakdown,
  variancePercentOf,
} from './reports'

/**
 * Butter 0.01/g. Sugar cookies: 300 g butter = 3.00 per batch of 12. Brownies: 180 g = 1.80 per
 * batch of 9. Fudge: 250 g = 2.50 per batch (needed by nobody).
 * Cookie tin = 6 cookies, Brownie box = 9 brownies; packages Tin and Box hold one each.
 *
 * Christmas (2026-12-24): Alice Tin × 3 (pending), Carol Tin × 1 (assembled), Bob Box (delivered),
 * a deleted assignment. Cookies 18 + 6 = 24 → 2 batches (planned 6.00); brownies 9 → 1 batch
 * (planned 1.80). Runs: cookies 1 batch at 3.00 and a total loss at the old price 2.00 (actual
 * 5.00, 1 batch produced); brownies 2 batches 3.60; fudge 1 batch 2.50; a deleted cookie run.
 */
async function bakery(tx: Tx) {
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
  const recipe = (name: string, grams: number) =>
    buildRecipe(tx, {
      name,
      ingredients: [{ ingredientId: butter.id, quantity: grams, unit: 'g' }],
    })
  const cookies = await recipe('Sugar cookies', 300)
  const brownies = await recipe('Brownies', 180)
  const fudge = await recipe('fudge', 250)
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const brownie = await buildFinishedUnit(tx, { recipeId: brownies.id, itemsPerBatch: 9 })
  const fudgePiece = await buildFinishedUnit(tx, { recipeId: fudge.id, itemsPerBatch: 20 })
  const tinGood = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const boxGood = await buildFinishedGood(tx, {
    name: 'Brownie box',
    components: [{ kind: 'unit', id: brownie.id, quantity: 9 }],
  })
  const tin = await buildPackage(tx, {
    name: 'Tin',
    contents: [{ finishedGoodId: tinGood.id, quantity: 1 }],
  })
  const box = await buildPackage(tx, {
    name: 'Box',
    contents: [{ finishedGoodId: boxGood.id, quantity: 1 }],
  })
  const alice = await buildRecipient(tx, { name: 'Alice' })
  const bob = await buildRecipient(tx, { name: 'Bob' })
  const carol = await buildRecipient(tx, { name: 'Carol' })
  const dan = await buildRecipient(tx, { name: 'Dan' })
  const event = await buildEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
  const eventId = event.id
  await buildAssignment(tx, { eventId, recipientId: alice.id, packageId: tin.id, quantity: 3 })
  await buildAssignment(tx, {
    eventId,
    recipientId: carol.id,
    packageId: tin.id,
    status: 'assembled',
  })
  await buildAssignment(tx, {
    eventId,
    recipientId: bob.id,
    packageId: box.id,
    status: 'delivered',
  })
  const gone = await buildAssignment(tx, { eventId, recipientId: dan.id, packageId: tin.id })
  await softDelete(tx, 'assignments', gone.id)
  const cookieRun = { eventId, recipeId: cookies.id, finishedUnitId: cookie.id }
  await buildProductionRun(tx, { ...cookieRun, batches: 1, totalCost: 3_000_000 })
  await buildProductionRun(tx, { ...cookieRun, batches: 1, actualYield: 0, totalCost: 2_000_000 })
  const deletedRun = await buildProductionRun(tx, { ...cookieRun, batches: 5, totalCost: 1 })
  await softDelete(tx, 'productionRuns', deletedRun.id)
  await buildProductionRun(tx, {
    eventId,
    recipeId: brownies.id,
    finishedUnitId: brownie.id,
    batches: 2,
    totalCost: 3_600_000,
  })
  await buildProductionRun(tx, {
    eventId,
    recipeId: fudge.id,
    finishedUnitId: fudgePiece.id,
    batches: 1,
    totalCost: 2_500_000,
  })
  return { butter, cookies, brownies, fudge, tin, box, alice, bob, carol, dan, event }
}

describe('getEventProductionSummary', () => {
  it('summarises recipes needed or baked, packages by status and exact cost totals', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    expect(await read((tx) => getEventProductionSummary(tx, b.event.id))).toEqual({
      eventId: b.event.id,
      eventName: 'Christmas 2026',
      eventDate: '2026-12-24',
      recipes: [
        {
          recipeId: b.brownies.id,
          recipeName: 'Brownies',
          batchesRequired: 1,
          batchesProduced: 2,
          isComplete: true,
          actualCost: '3.60',
          plannedCost: '1.80',
        },
        {
          // Baked without being needed: required 0, planned 0.00, still costs what it cost.
          recipeId: b.fudge.id,
          recipeName: 'fudge',
          batchesRequired: 0,
          batchesProduced: 1,
          isComplete: true,
          actualCost: '2.50',
          plannedCost: '0.00',
        },
        {
          // 1 batch produced (the total loss does not count) of 2; 3.00 + 2.00 spent.
          recipeId: b.cookies.id,
          recipeName: 'Sugar cookies',
          batchesRequired: 2,
          batchesProduced: 1,
          isComplete: false,
          actualCost: '5.00',
          plannedCost: '6.00',
        },
      ],
      packages: { total: 3, pending: 1, assembled: 1, delivered: 1 },
      // 3.60 + 2.50 + 5.00 = 11.10; 1.80 + 0 + 6.00 = 7.80.
      costs: { actualTotal: '11.10', plannedTotal: '7.80' },
      isComplete: false,
    })
  })

  it('is complete when it has packages and all are delivered; an empty event is not', async () => {
    const { run, read } = makeTestDb()
    const { b, empty, done } = await run(async (tx) => {
      const b = await bakery(tx)
      const empty = await buildEvent(tx, { name: 'Empty' })
      const done = await buildEvent(tx, { name: 'Done' })
      await buildAssignment(tx, {
        eventId: done.id,
        recipientId: b.alice.id,
        packageId: b.box.id,
        status: 'delivered',
        quantity: 4,
      })
      return { b, empty, done }
    })
    expect(await read((tx) => getEventProductionSummary(tx, empty.id))).toMatchObject({
      recipes: [],
      packages: { total: 0, pending: 0, assembled: 0, delivered: 0 },
      costs: { actualTotal: '0.00', plannedTotal: '0.00' },
      isComplete: false,
    })
    // 4 boxes = 36 brownies = 4 batches × 1.80 = 7.20 planned; one assignment, delivered.
    expect(await read((tx) => getEventProductionSummary(tx, done.id))).toMatchObject({
      recipes: [{ recipeName: 'Brownies', batchesRequired: 4, plannedCost: '7.20' }],
      packages: { total: 1, delivered: 1 },
      isComplete: true,
    })
    expect(b.event.id).not.toBe(done.id)
  })

  it('refuses an unknown, deleted or malformed event, and an unpriceable needed recipe', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getEventProductionSummary(tx, 'nope'))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getEventProductionSummary(tx, ''))).rejects.toBeInstanceOf(
      ValidationError,
    )
    await run((tx) =>
      update(tx, 'recipes', b.cookies.id, {
        ingredients: [{ ingredientId: b.butter.id, quantity: 1, unit: 'cup' }],
      }),
    )
    await expect(read((tx) => getEventProductionSummary(tx, b.event.id))).rejects.toBeInstanceOf(
      UnitConversionError,
    )
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getEventProductionSummary(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('getDashboardSummary', () => {
  it('lists live events with live assignments by date, then name, with counts and costs', async () => {
    const { run, read } = makeTestDb()
    const { b, advent, sameDay } = await run(async (tx) => {
      const b = await bakery(tx)
      const advent = await buildEvent(tx, { name: 'Advent', date: '2026-12-01' })
      const sameDay = await buildEvent(tx, { name: 'a party', date: '2026-12-24' })
      const noPlan = await buildEvent(tx, { name: 'No plan', date: '2026-11-01' })
      const onlyDeleted = await buildEvent(tx, { name: 'Only deleted', date: '2026-11-02' })
      const deleted = await buildEvent(tx, { name: 'Deleted', date: '2026-11-03' })
      for (const event of [advent, sameDay, onlyDeleted, deleted]) {
        const row = await buildAssignment(tx, {
          eventId: event.id,
          recipientId: b.dan.id,
          packageId: b.box.id,
          status: 'delivered',
        })
        if (event === onlyDeleted) await softDelete(tx, 'assignments', row.id)
      }
      await softDelete(tx, 'events', deleted.id)
      expect(noPlan.id).toBeTruthy()
      return { b, advent, sameDay }
    })
    const rows = await read((tx) => getDashboardSummary(tx))
    expect(rows).toEqual([
      {
        eventId: advent.id,
        eventName: 'Advent',
        eventDate: '2026-12-01',
        recipesComplete: 0,
        recipesTotal: 1,
        packagesPending: 0,
        packagesAssembled: 0,
        packagesDelivered: 1,
        packagesTotal: 1,
        actualCost: '0.00',
        plannedCost: '1.80',
        isComplete: true,
      },
      {
        eventId: sameDay.id,
        eventName: 'a party',
        eventDate: '2026-12-24',
        recipesComplete: 0,
        recipesTotal: 1,
        packagesPending: 0,
        packagesAssembled: 0,
        packagesDelivered: 1,
        packagesTotal: 1,
        actualCost: '0.00',
        plannedCost: '1.80',
        isComplete: true,
      },
      {
        eventId: b.event.id,
        eventName: 'Christmas 2026',
        eventDate: '2026-12-24',
        recipesComplete: 2,
        recipesTotal: 3,
        packagesPending: 1,
        packagesAssembled: 1,
        packagesDelivered: 1,
        packagesTotal: 3,
        actualCost: '11.10',
        plannedCost: '7.80',
        isComplete: false,
      },
    ])
  })

  it('is empty without events', async () => {
    const { read } = makeTestDb()
    expect(await read((tx) => getDashboardSummary(tx))).toEqual([])
  })

  it("agrees with each event's production summary on a seeded dataset (recipes, packages, exact costs)", async () => {
    const { run, read } = makeTestDb()
    await run((tx) =>
      createDemoDataset(tx, {
        seed: 7,
        today: '2026-12-01',
        events: 6,
        recipes: 12,
        targetsPerEvent: 14,
        recipients: 30,
        assignmentsPerEvent: 25,
        runsPerEvent: 9,
      }),
    )
    const rows = await read((tx) => getDashboardSummary(tx))
    expect(rows).toHaveLength(6)
    expect(
      rows.filter((row) => row.actualCost !== '0.00' && row.plannedCost !== '0.00'),
    ).not.toEqual([])
    for (const row of rows) {
      const summary = await read((tx) => getEventProductionSummary(tx, row.eventId))
      expect(row).toEqual({
        eventId: summary.eventId,
        eventName: summary.eventName,
        eventDate: summary.eventDate,
        recipesComplete: summary.recipes.filter((recipe) => recipe.isComplete).length,
        recipesTotal: summary.recipes.length,
        packagesPending: summary.packages.pending,
        packagesAssembled: summary.packages.assembled,
        packagesDelivered: summary.packages.delivered,
        packagesTotal: summary.packages.total,
        actualCost: summary.costs.actualTotal,
        plannedCost: summary.costs.plannedTotal,
        isComplete: summary.isComplete,
      })
    }
  }, 60_000)
})

describe('getRecipeCostBreakdown', () => {
  it('reports variance and its percentage per recipe of the summary', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    expect(await read((tx) => getRecipeCostBreakdown(tx, b.event.id))).toEqual([
      {
        // 3.60 − 1.80 = 1.80 → 1.80 ÷ 1.80 × 100 = 100.
        recipeId: b.brownies.id,
        recipeName: 'Brownies',
        batchesRequired: 1,
        batchesProduced: 2,
        actualCost: '3.60',
        plannedCost: '1.80',
        variance: '1.80',
        variancePercent: 100,
      },
      {
        // Planned 0, actual 2.50 → 100.
        recipeId: b.fudge.id,
        recipeName: 'fudge',
        batchesRequired: 0,
        batchesProduced: 1,
        actualCost: '2.50',
        plannedCost: '0.00',
        variance: '2.50',
        variancePercent: 100,
      },
      {
        // 5.00 − 6.00 = −1.00 → −1 ÷ 6 × 100 = −16.666… → −16.67.
        recipeId: b.cookies.id,
        recipeName: 'Sugar cookies',
        batchesRequired: 2,
        batchesProduced: 1,
        actualCost: '5.00',
        plannedCost: '6.00',
        variance: '-1.00',
        variancePercent: -16.67,
      },
    ])
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getRecipeCostBreakdown(tx, 'nope'))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getRecipeCostBreakdown(tx, ''))).rejects.toBeInstanceOf(
      ValidationError,
    )
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getRecipeCostBreakdown(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('variancePercentOf', () => {
  it('rounds half-up to 2 places and never returns -0', () => {
    // (1.00125 − 1) ÷ 1 × 100 = 0.125 → 0.13; (0.99875 − 1) × 100 = −0.125 → −0.13 (away from 0).
    expect(variancePercentOf(new Exact('1.00125'), new Exact(1))).toBe(0.13)
    expect(variancePercentOf(new Exact('0.99875'), new Exact(1))).toBe(-0.13)
    // −0.00001 % rounds to 0, not −0.
    expect(Object.is(variancePercentOf(new Exact('0.9999999'), new Exact(1)), 0)).toBe(true)
    expect(variancePercentOf(new Exact(0), new Exact(0))).toBe(0)
    expect(variancePercentOf(new Exact(3), new Exact(0))).toBe(100)
  })
})
