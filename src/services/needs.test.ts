import { describe, expect, it } from 'vitest'
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
import { NotFoundError, UnitConversionError, ValidationError } from './errors'
import { getRecipeNeeds, getShoppingList } from './needs'

/**
 * Sugar cookies: 12 per batch; per batch 500 g flour (kg, 2.00/kg) + 250 g butter (g, 0.01/g).
 * Brownies: 9 per batch; per batch 200 g flour + 100 g butter + 150 g chocolate (g, 0.02/g).
 * Cookie tin = 6 cookies. Brownie box = 9 brownies. Gift crate = 2 Cookie tins + 1 Brownie box.
 * Package "Tin" = 1 Cookie tin; package "Crate" = 1 Gift crate.
 */
async function bakery(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2_000_000 })
  const butter = await buildIngredient(tx, { name: 'butter', unit: 'g', unitCost: 10_000 })
  const chocolate = await buildIngredient(tx, { name: 'Chocolate', unit: 'g', unitCost: 20_000 })
  const cookies = await buildRecipe(tx, {
    name: 'Sugar cookies',
    ingredients: [
      { ingredientId: flour.id, quantity: 500, unit: 'g' },
      { ingredientId: butter.id, quantity: 250, unit: 'g' },
    ],
  })
  const brownies = await buildRecipe(tx, {
    name: 'Brownies',
    ingredients: [
      { ingredientId: flour.id, quantity: 200, unit: 'g' },
      { ingredientId: butter.id, quantity: 100, unit: 'g' },
      { ingredientId: chocolate.id, quantity: 150, unit: 'g' },
    ],
  })
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const brownie = await buildFinishedUnit(tx, { recipeId: brownies.id, itemsPerBatch: 9 })
  const cookieTin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const brownieBox = await buildFinishedGood(tx, {
    name: 'Brownie box',
    components: [{ kind: 'unit', id: brownie.id, quantity: 9 }],
  })
  const crate = await buildFinishedGood(tx, {
    name: 'Gift crate',
    components: [
      { kind: 'good', id: cookieTin.id, quantity: 2 },
      { kind: 'good', id: brownieBox.id, quantity: 1 },
    ],
  })
  const tinPackage = await buildPackage(tx, {
    name: 'Tin',
    contents: [{ finishedGoodId: cookieTin.id, quantity: 1 }],
  })
  const cratePackage = await buildPackage(tx, {
    name: 'Crate',
    contents: [{ finishedGoodId: crate.id, quantity: 1 }],
  })
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const otherEvent = await buildEvent(tx, { name: 'Advent 2026' })
  const alice = await buildRecipient(tx, { name: 'Alice' })
  const bob = await buildRecipient(tx, { name: 'Bob' })
  return {
    flour,
    butter,
    chocolate,
    cookies,
    brownies,
    cookie,
    brownie,
    tinPackage,
    cratePackage,
    event,
    otherEvent,
    alice,
    bob,
  }
}

describe('getRecipeNeeds', () => {
  it('sums units first, then rounds: two Tins of 6 cookies need 12 cookies = 1 batch, not 2', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const b = await bakery(tx)
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.alice.id,
        packageId: b.tinPackage.id,
      })
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.tinPackage.id,
      })
      return b
    })
    expect(await read((tx) => getRecipeNeeds(tx, b.event.id))).toEqual([
      {
        recipeId: b.cookies.id,
        recipeName: 'Sugar cookies',
        totalUnitsNeeded: 12,
        itemsPerBatch: 12,
        batchesNeeded: 1,
      },
    ])
  })

  it('expands nested goods and quantities, by recipe name, ignoring deleted assignments and other events', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const b = await bakery(tx)
      // 3 Crates: cookies 3 × 2 × 6 = 36, brownies 3 × 1 × 9 = 27.
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.alice.id,
        packageId: b.cratePackage.id,
        quantity: 3,
      })
      // 1 Tin: 6 more cookies → 42 cookies = ceil(42 ÷ 12) = 4 batches.
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.tinPackage.id,
      })
      const deleted = await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.cratePackage.id,
        quantity: 10,
      })
      await softDelete(tx, 'assignments', deleted.id)
      await buildAssignment(tx, {
        eventId: b.otherEvent.id,
        recipientId: b.bob.id,
        packageId: b.cratePackage.id,
        quantity: 10,
      })
      return b
    })
    expect(await read((tx) => getRecipeNeeds(tx, b.event.id))).toEqual([
      {
        recipeId: b.brownies.id,
        recipeName: 'Brownies',
        totalUnitsNeeded: 27,
        itemsPerBatch: 9,
        batchesNeeded: 3,
      },
      {
        recipeId: b.cookies.id,
        recipeName: 'Sugar cookies',
        totalUnitsNeeded: 42,
        itemsPerBatch: 12,
        batchesNeeded: 4,
      },
    ])
  })

  it('is empty for an event without assignments', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    expect(await read((tx) => getRecipeNeeds(tx, b.event.id))).toEqual([])
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getRecipeNeeds(tx, 'nope'))).rejects.toBeInstanceOf(NotFoundError)
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getRecipeNeeds(tx, b.event.id))).rejects.toBeInstanceOf(NotFoundError)
    await expect(read((tx) => getRecipeNeeds(tx, ''))).rejects.toBeInstanceOf(ValidationError)
  })
})

describe('getShoppingList', () => {
  it('buys for the batches still to make, in each ingredient’s unit, by ingredient name', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const b = await bakery(tx)
      // 1 Crate + 1 Tin: cookies 12 + 6 = 18 → 2 batches; brownies 9 → 1 batch.
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.alice.id,
        packageId: b.cratePackage.id,
      })
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.tinPackage.id,
      })
      const cookieRun = { recipeId: b.cookies.id, finishedUnitId: b.cookie.id }
      // Produced: 1 cookie batch counts; a total loss and a deleted run do not; another event's
      // run does not. Brownies: 2 produced for 1 needed → 0 to make, never −1.
      await buildProductionRun(tx, { ...cookieRun, eventId: b.event.id, batches: 1 })
      await buildProductionRun(tx, {
        ...cookieRun,
        eventId: b.event.id,
        batches: 1,
        actualYield: 0,
      })
      const deleted = await buildProductionRun(tx, {
        ...cookieRun,
        eventId: b.event.id,
        batches: 5,
      })
      await softDelete(tx, 'productionRuns', deleted.id)
      await buildProductionRun(tx, { ...cookieRun, eventId: b.otherEvent.id, batches: 5 })
      await buildProductionRun(tx, {
        recipeId: b.brownies.id,
        finishedUnitId: b.brownie.id,
        eventId: b.event.id,
        batches: 2,
      })
      return b
    })
    // Cookies still to make: 2 − 1 = 1 batch → 0.5 kg flour (1.00) + 250 g butter (2.50).
    expect(await read((tx) => getShoppingList(tx, b.event.id))).toEqual({
      items: [
        {
          ingredientId: b.butter.id,
          ingredientName: 'butter',
          quantity: 250,
          unit: 'g',
          estimatedCost: '2.50',
        },
        {
          ingredientId: b.flour.id,
          ingredientName: 'Flour',
          quantity: 0.5,
          unit: 'kg',
          estimatedCost: '1.00',
        },
      ],
      total: '3.50',
    })
  })

  it('sums an ingredient over recipes: 3 cookie + 3 brownie batches of flour = 1.5 + 0.6 kg', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const b = await bakery(tx)
      await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.alice.id,
        packageId: b.cratePackage.id,
        quantity: 3,
      })
      return b
    })
    // 3 Crates: cookies 36 → 3 batches; brownies 27 → 3 batches.
    // Flour 3 × 0.5 + 3 × 0.2 = 2.1 kg → 4.20; butter 3 × 250 + 3 × 100 = 1050 g → 10.50;
    // chocolate 3 × 150 = 450 g → 9.00; total 23.70.
    const list = await read((tx) => getShoppingList(tx, b.event.id))
    expect(
      list.items.map((item) => [item.ingredientName, item.quantity, item.estimatedCost]),
    ).toEqual([
      ['butter', 1050, '10.50'],
      ['Chocolate', 450, '9.00'],
      ['Flour', 2.1, '4.20'],
    ])
    expect(list.total).toBe('23.70')
  })

  it('is empty with total 0.00 when everything is made or nothing is needed', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    expect(await read((tx) => getShoppingList(tx, b.event.id))).toEqual({
      items: [],
      total: '0.00',
    })
  })

  it('refuses an unknown, deleted or malformed event, and an unconvertible recipe line', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getShoppingList(tx, 'nope'))).rejects.toBeInstanceOf(NotFoundError)
    await expect(read((tx) => getShoppingList(tx, ''))).rejects.toBeInstanceOf(ValidationError)
    await run(async (tx) => {
      const recipe = await buildRecipe(tx, {
        ingredients: [{ ingredientId: b.flour.id, quantity: 1, unit: 'cup' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 1 })
      const good = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 1 }],
      })
      const pkg = await buildPackage(tx, { contents: [{ finishedGoodId: good.id, quantity: 1 }] })
      await buildAssignment(tx, {
        eventId: b.otherEvent.id,
        recipientId: b.alice.id,
        packageId: pkg.id,
      })
    })
    await expect(read((tx) => getShoppingList(tx, b.otherEvent.id))).rejects.toBeInstanceOf(
      UnitConversionError,
    )
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getShoppingList(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})
