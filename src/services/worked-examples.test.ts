/**
 * Worked examples from DOMAIN.md §4 and §9, with the arithmetic done by hand in comments and the
 * exact outputs asserted. If one of these fails, either the code or the spec changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
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
import { makeTestDb } from '../test/make-test-db'
import { setActionLogSink } from './action-log'
import { getRecipeNeeds, getShoppingList } from './needs'
import { recordAssemblyRun } from './assembly-runs'
import { getEventSummary } from './event-plans'
import { getFinishedGood } from './finished-goods'
import { getPackage } from './packages'
import { getProductionTotal, recordProductionRun } from './production-runs'
import { getEventOverallProgress, getProductionProgress } from './progress'
import { getDashboardSummary, getEventProductionSummary, getRecipeCostBreakdown } from './reports'

let restoreSink: () => void = () => undefined
beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
})
afterEach(() => restoreSink())

describe('worked example: needs are summed over the event, then rounded up', () => {
  it('needs 5 gingerbread batches for 41 items (not 7) and 2 truffle batches for 30 truffles', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx: Tx) => {
      const gingerbreadRecipe = await buildRecipe(tx, { name: 'Gingerbread' })
      const trufflesRecipe = await buildRecipe(tx, { name: 'Truffles' })
      const gingerbread = await buildFinishedUnit(tx, {
        recipeId: gingerbreadRecipe.id,
        itemsPerBatch: 10,
      })
      const truffle = await buildFinishedUnit(tx, {
        recipeId: trufflesRecipe.id,
        itemsPerBatch: 24,
      })
      // Small tin = 4 gingerbread. Gift crate = 2 Small tins + 3 gingerbread + 10 truffles
      // = 2 × 4 + 3 = 11 gingerbread, 10 truffles (nested finished good).
      const smallTin = await buildFinishedGood(tx, {
        name: 'Small tin',
        components: [{ kind: 'unit', id: gingerbread.id, quantity: 4 }],
      })
      const crate = await buildFinishedGood(tx, {
        name: 'Gift crate',
        components: [
          { kind: 'good', id: smallTin.id, quantity: 2 },
          { kind: 'unit', id: gingerbread.id, quantity: 3 },
          { kind: 'unit', id: truffle.id, quantity: 10 },
        ],
      })
      const cratePackage = await buildPackage(tx, {
        name: 'Crate',
        contents: [{ finishedGoodId: crate.id, quantity: 1 }],
      })
      // Tin package = 1 Small tin: 4 gingerbread.
      const tinPackage = await buildPackage(tx, {
        name: 'Tin',
        contents: [{ finishedGoodId: smallTin.id, quantity: 1 }],
      })
      const event = await buildEvent(tx, { name: 'Christmas 2026' })
      const [alice, bob, carol] = await Promise.all(
        ['Alice', 'Bob', 'Carol'].map((name) => buildRecipient(tx, { name })),
      )
      // Alice: 2 Crates. Bob: 1 Tin. Carol: 1 Tin and 1 Crate.
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: alice!.id,
        packageId: cratePackage.id,
        quantity: 2,
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: bob!.id,
        packageId: tinPackage.id,
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: carol!.id,
        packageId: tinPackage.id,
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: carol!.id,
        packageId: cratePackage.id,
      })
      return { event, gingerbreadRecipe, trufflesRecipe }
    })
    // Gingerbread: Alice 2 × 11 = 22, Bob 4, Carol 4 + 11 = 15 → 22 + 4 + 15 = 41 items.
    //   Summed then rounded: ceil(41 ÷ 10) = 5 batches.
    //   Rounded per assignment it would be ceil(22/10) + ceil(4/10) + ceil(4/10) + ceil(11/10)
    //   = 3 + 1 + 1 + 2 = 7 batches: the wrong answer.
    // Truffles: Alice 2 × 10 = 20, Carol 10 → 30 items → ceil(30 ÷ 24) = 2 batches
    //   (per assignment: ceil(20/24) + ceil(10/24) = 1 + 1 = 2, here the same).
    expect(await read((tx) => getRecipeNeeds(tx, b.event.id))).toEqual([
      {
        recipeId: b.gingerbreadRecipe.id,
        recipeName: 'Gingerbread',
        totalUnitsNeeded: 41,
        itemsPerBatch: 10,
        batchesNeeded: 5,
      },
      {
        recipeId: b.trufflesRecipe.id,
        recipeName: 'Truffles',
        totalUnitsNeeded: 30,
        itemsPerBatch: 24,
        batchesNeeded: 2,
      },
    ])
  })
})

describe('worked example: production progress may pass 100 %', () => {
  it('reports 3 of 2 batches as 150 % complete and 1 of 3 as 33.33… % (unrounded)', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const event = await buildEvent(tx)
      const cookies = await buildRecipe(tx, { name: 'Cookies' })
      const fudge = await buildRecipe(tx, { name: 'Fudge' })
      const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
      const fudgePiece = await buildFinishedUnit(tx, { recipeId: fudge.id, itemsPerBatch: 20 })
      await buildProductionTarget(tx, { eventId: event.id, recipeId: cookies.id, targetBatches: 2 })
      await buildProductionTarget(tx, { eventId: event.id, recipeId: fudge.id, targetBatches: 3 })
      // Cookies: 2 + 1 = 3 batches, yield 24 + 10 (a short batch still counts as a batch).
      await buildProductionRun(tx, {
        eventId: event.id,
        recipeId: cookies.id,
        finishedUnitId: cookie.id,
        batches: 2,
      })
      await buildProductionRun(tx, {
        eventId: event.id,
        recipeId: cookies.id,
        finishedUnitId: cookie.id,
        batches: 1,
        actualYield: 10,
      })
      // Fudge: 1 batch of 20.
      await buildProductionRun(tx, {
        eventId: event.id,
        recipeId: fudge.id,
        finishedUnitId: fudgePiece.id,
        batches: 1,
        expectedYield: 20,
      })
      return { event, cookies, fudge }
    })
    expect(await read((tx) => getProductionProgress(tx, b.event.id))).toEqual([
      {
        // 3 ÷ 2 × 100 = 150.
        recipeId: b.cookies.id,
        recipeName: 'Cookies',
        targetBatches: 2,
        producedBatches: 3,
        producedYield: 34,
        progressPct: 150,
        isComplete: true,
      },
      {
        // 1 ÷ 3 × 100 = 33.333…, left unrounded for the UI to round.
        recipeId: b.fudge.id,
        recipeName: 'Fudge',
        targetBatches: 3,
        producedBatches: 1,
        producedYield: 20,
        progressPct: (1 / 3) * 100,
        isComplete: false,
      },
    ])
  })
})

describe('worked example: overall progress with no targets', () => {
  it('is complete for production and assembly, and still counts 3 packages (assignments)', async () => {
    const { run, read } = makeTestDb()
    const event = await run(async (tx) => {
      const event = await buildEvent(tx)
      const pkg = await buildPackage(tx)
      const [alice, bob, carol] = await Promise.all(
        ['Alice', 'Bob', 'Carol'].map((name) => buildRecipient(tx, { name })),
      )
      // Quantities 5, 1, 2: still three packages to hand out by status (DOMAIN §9.7).
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: alice!.id,
        packageId: pkg.id,
        quantity: 5,
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: bob!.id,
        packageId: pkg.id,
        status: 'assembled',
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: carol!.id,
        packageId: pkg.id,
        quantity: 2,
        status: 'delivered',
      })
      return event
    })
    expect(await read((tx) => getEventOverallProgress(tx, event.id))).toEqual({
      productionTargetsCount: 0,
      productionCompleteCount: 0,
      productionComplete: true,
      assemblyTargetsCount: 0,
      assemblyCompleteCount: 0,
      assemblyComplete: true,
      packagesPending: 1,
      packagesAssembled: 1,
      packagesDelivered: 1,
      packagesTotal: 3,
    })
  })
})

describe('worked example: dashboard order', () => {
  it('orders by date, then name with Intl.Collator: "apple fair" < "Bake sale"; "Event 2" < "Event 10"', async () => {
    const { run, read } = makeTestDb()
    await run(async (tx) => {
      const pkg = await buildPackage(tx)
      const recipient = await buildRecipient(tx)
      const events = [
        { name: 'Event 10', date: '2026-12-24' },
        { name: 'Bake sale', date: '2026-12-01' },
        { name: 'Event 2', date: '2026-12-24' },
        { name: 'apple fair', date: '2026-12-01' },
        { name: 'Harvest', date: '2026-10-31' },
        { name: 'Nothing planned', date: '2026-09-01' },
      ]
      for (const values of events) {
        const event = await buildEvent(tx, values)
        if (values.name === 'Nothing planned') continue
        await buildAssignment(tx, {
          eventId: event.id,
          recipientId: recipient.id,
          packageId: pkg.id,
        })
      }
    })
    const rows = await read((tx) => getDashboardSummary(tx))
    expect(rows.map((row) => `${row.eventDate} ${row.eventName}`)).toEqual([
      '2026-10-31 Harvest',
      '2026-12-01 apple fair',
      '2026-12-01 Bake sale',
      '2026-12-24 Event 2',
      '2026-12-24 Event 10',
    ])
  })
})

describe('worked example: cost breakdown with planned cost 0', () => {
  it('gives 0 % when actual is also 0, 100 % when something was spent without a plan', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const sugar = await buildIngredient(tx, { name: 'Sugar', unit: 'g', unitCost: 4_000 })
      // Candied peel: no priced ingredients, so planned = 0.00 × 1 batch = 0.00; actual 0.00.
      const peel = await buildRecipe(tx, { name: 'Candied peel' })
      // Meringues: 500 g sugar × 0.004 = 2.00 per batch, baked for the event but in no package:
      // required 0 → planned 0.00; actual 2.00 (one run).
      const meringues = await buildRecipe(tx, {
        name: 'Meringues',
        ingredients: [{ ingredientId: sugar.id, quantity: 500, unit: 'g' }],
      })
      const peelUnit = await buildFinishedUnit(tx, { recipeId: peel.id, itemsPerBatch: 10 })
      const meringue = await buildFinishedUnit(tx, { recipeId: meringues.id, itemsPerBatch: 30 })
      const good = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: peelUnit.id, quantity: 10 }],
      })
      const pkg = await buildPackage(tx, { contents: [{ finishedGoodId: good.id, quantity: 1 }] })
      const event = await buildEvent(tx)
      const recipient = await buildRecipient(tx)
      await buildAssignment(tx, { eventId: event.id, recipientId: recipient.id, packageId: pkg.id })
      return { event, peel, meringues, meringue }
    })
    await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.meringues.id,
        finishedUnitId: b.meringue.id,
        batches: 1,
        eventId: b.event.id,
      }),
    )
    expect(await read((tx) => getRecipeCostBreakdown(tx, b.event.id))).toEqual([
      {
        recipeId: b.peel.id,
        recipeName: 'Candied peel',
        batchesRequired: 1,
        batchesProduced: 0,
        actualCost: '0.00',
        plannedCost: '0.00',
        variance: '0.00',
        variancePercent: 0,
      },
      {
        recipeId: b.meringues.id,
        recipeName: 'Meringues',
        batchesRequired: 0,
        batchesProduced: 1,
        actualCost: '2.00',
        plannedCost: '0.00',
        variance: '2.00',
        variancePercent: 100,
      },
    ])
  })
})

describe('worked example: half-up rounding of an exact x.xx5', () => {
  it('prices 80.4 g of butter at 0.0125/g as exactly 1.005 → "1.01" (a float would say 1.00)', async () => {
    // 80.4 × 0.0125 = 1.005 exactly; in binary floating point 1.005 is 1.00499999…, so
    // (1.005).toFixed(2) === '1.00'. Exact arithmetic rounds half-up to "1.01".
    expect((1.005).toFixed(2)).toBe('1.00')
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 12_500 })
      const recipe = await buildRecipe(tx, {
        name: 'Shortbread',
        ingredients: [{ ingredientId: butter.id, quantity: 80.4, unit: 'g' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 8 })
      const good = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 8 }],
      })
      const pkg = await buildPackage(tx, { contents: [{ finishedGoodId: good.id, quantity: 1 }] })
      const event = await buildEvent(tx)
      const recipient = await buildRecipient(tx)
      // 3 packages × 8 = 24 shortbread = 3 batches.
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: recipient.id,
        packageId: pkg.id,
        quantity: 3,
      })
      return { event, recipe, unit }
    })
    // One batch: cost 1.005 → "1.01". Actual yield 4 of 8: loss cost 1.005 × 4 ÷ 8 = 0.5025 → "0.50".
    const recorded = await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.recipe.id,
        finishedUnitId: b.unit.id,
        batches: 1,
        actualYield: 4,
        eventId: b.event.id,
      }),
    )
    expect(recorded).toMatchObject({ totalCost: '1.01', lossCost: '0.50' })
    // Planned: 3 batches × 1.005 = 3.015 → "3.02" (summed exactly, rounded once; rounding each
    // batch first would give 3 × 1.01 = 3.03). Actual 1.005 → "1.01".
    // Variance 1.005 − 3.015 = −2.01 → "-2.01"; −2.01 ÷ 3.015 × 100 = −66.666… → −66.67.
    const summary = await read((tx) => getEventProductionSummary(tx, b.event.id))
    expect(summary.costs).toEqual({ actualTotal: '1.01', plannedTotal: '3.02' })
    expect(await read((tx) => getRecipeCostBreakdown(tx, b.event.id))).toEqual([
      {
        recipeId: b.recipe.id,
        recipeName: 'Shortbread',
        batchesRequired: 3,
        batchesProduced: 1,
        actualCost: '1.01',
        plannedCost: '3.02',
        variance: '-2.01',
        variancePercent: -66.67,
      },
    ])
    // Still to make: 3 − 1 = 2 batches → 160.8 g butter × 0.0125 = 2.01 exactly → "2.01".
    expect(await read((tx) => getShoppingList(tx, b.event.id))).toEqual({
      items: [
        {
          ingredientId: expect.any(String) as unknown,
          ingredientName: 'Butter',
          quantity: 160.8,
          unit: 'g',
          estimatedCost: '2.01',
        },
      ],
      total: '2.01',
    })
  })
})

describe('worked example: a division first, then exact rounding (DOMAIN §4 Money)', () => {
  it('prices eggs at 3.10 a dozen, 1 egg per batch, 3 batches at exactly 0.775 → "0.78" wherever a cost leaves a service', async () => {
    // 3.10 ÷ 12 = 0.258333… per egg; × 3 = 0.775 exactly. Dividing first into a finite decimal
    // gives 0.774999…, which rounds to "0.77"; exact fractions round the true 0.775 up to "0.78".
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const eggs = await buildIngredient(tx, { name: 'Eggs', unit: 'dozen', unitCost: 3_100_000 })
      const recipe = await buildRecipe(tx, {
        name: 'Egg custard',
        ingredients: [{ ingredientId: eggs.id, quantity: 1, unit: 'each' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 1 })
      // One box of 3 custards: 3 items from 1-item batches = 3 batches.
      const box = await buildFinishedGood(tx, {
        name: 'Custard box',
        components: [{ kind: 'unit', id: unit.id, quantity: 3 }],
      })
      const pkg = await buildPackage(tx, { contents: [{ finishedGoodId: box.id, quantity: 1 }] })
      const event = await buildEvent(tx)
      const recipient = await buildRecipient(tx)
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: recipient.id,
        packageId: pkg.id,
        quantity: 1,
      })
      return { event, recipe, unit, box, pkg }
    })
    // Planned, before anything is baked: summary, dashboard, breakdown, event summary, shopping list.
    const summary = await read((tx) => getEventProductionSummary(tx, b.event.id))
    expect(summary.costs.plannedTotal).toBe('0.78')
    expect(summary.recipes[0]?.plannedCost).toBe('0.78')
    const dashboard = await read((tx) => getDashboardSummary(tx))
    expect(dashboard.find((row) => row.eventId === b.event.id)?.plannedCost).toBe('0.78')
    const breakdown = await read((tx) => getRecipeCostBreakdown(tx, b.event.id))
    expect(breakdown[0]?.plannedCost).toBe('0.78')
    expect((await read((tx) => getEventSummary(tx, b.event.id))).plannedCost).toBe('0.78')
    const shopping = await read((tx) => getShoppingList(tx, b.event.id))
    expect(shopping.items[0]?.estimatedCost).toBe('0.78')
    expect(shopping.total).toBe('0.78')
    // The box and the package cost 3 eggs each.
    expect((await read((tx) => getFinishedGood(tx, b.box.id))).costPerItem).toBe('0.78')
    expect((await read((tx) => getPackage(tx, b.pkg.id))).cost).toBe('0.78')
    // Recorded: the run's snapshot, the event total, and the assembly of the box.
    const recorded = await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.recipe.id,
        finishedUnitId: b.unit.id,
        batches: 3,
        eventId: b.event.id,
      }),
    )
    expect(recorded.totalCost).toBe('0.78')
    const total = await read((tx) => getProductionTotal(tx, b.event.id, b.recipe.id))
    expect(total.totalActualCost).toBe('0.78')
    const assembled = await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.box.id, quantity: 1, eventId: b.event.id }),
    )
    expect(assembled.totalCost).toBe('0.78')
    const after = await read((tx) => getRecipeCostBreakdown(tx, b.event.id))
    expect(after[0]).toMatchObject({ actualCost: '0.78', plannedCost: '0.78', variance: '0.00' })
  })
})
