import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import {
  getAllergenConflicts,
  getAssignmentAllergenWarning,
  getItemAllergens,
  getPackageAllergens,
  listPackageAllergens,
} from './allergens'
import { deliverHousehold, getDeliveryList, undoDeliverySteps } from './delivery'
import { NotFoundError } from './errors'
import { createIngredient, updateIngredient } from './ingredients'
import { createRecipient, updateRecipient } from './recipients'
import { revertPackageStatus, updateFulfillmentStatus } from './status'

/**
 * Shortbread (flour: gluten; butter: milk) → Shortbread finished unit → "Cookie tin" → nested in
 * "Hamper" together with Peanut brittle (peanuts); the "Hamper" package holds one hamper, the
 * "Plain tin" package one cookie tin.
 */
async function catalogue(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', allergens: ['gluten'] })
  const butter = await buildIngredient(tx, { name: 'Butter', allergens: ['milk'] })
  const nuts = await buildIngredient(tx, { name: 'Peanuts', allergens: ['peanuts'] })
  const sugar = await buildIngredient(tx, { name: 'Sugar' })
  const ing = (id: string) => ({ ingredientId: id, quantity: 100, unit: 'g' as const })
  const shortbread = await buildRecipe(tx, {
    name: 'Shortbread',
    ingredients: [ing(flour.id), ing(butter.id), ing(sugar.id)],
  })
  const brittle = await buildRecipe(tx, {
    name: 'Brittle',
    ingredients: [ing(nuts.id), ing(sugar.id)],
  })
  const biscuit = await buildFinishedUnit(tx, { recipeId: shortbread.id, itemsPerBatch: 12 })
  const shard = await buildFinishedUnit(tx, { recipeId: brittle.id, itemsPerBatch: 10 })
  const tin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: biscuit.id, quantity: 6 }],
  })
  const hamper = await buildFinishedGood(tx, {
    name: 'Hamper',
    components: [
      { kind: 'good', id: tin.id, quantity: 1 },
      { kind: 'unit', id: shard.id, quantity: 3 },
    ],
  })
  const hamperPackage = await buildPackage(tx, {
    name: 'Hamper',
    contents: [{ finishedGoodId: hamper.id, quantity: 1 }],
  })
  const tinPackage = await buildPackage(tx, {
    name: 'Plain tin',
    contents: [{ finishedGoodId: tin.id, quantity: 1 }],
  })
  return { flour, shortbread, biscuit, tin, hamper, hamperPackage, tinPackage }
}

describe('allergens', () => {
  it('rolls a package up through nested finished goods, units, recipes and ingredients', async () => {
    const testDb = makeTestDb()
    const c = await testDb.run(catalogue)
    const result = await testDb.read(async (tx) => ({
      hamper: await getPackageAllergens(tx, c.hamperPackage.id),
      tin: await getPackageAllergens(tx, c.tinPackage.id),
      recipe: await getItemAllergens(tx, { kind: 'recipe', id: c.shortbread.id }),
      good: await getItemAllergens(tx, { kind: 'good', id: c.hamper.id }),
    }))
    expect(result.hamper).toEqual(['gluten', 'peanuts', 'milk'])
    expect(result.tin).toEqual(['gluten', 'milk'])
    expect(result.recipe).toEqual(['gluten', 'milk'])
    expect(result.good).toEqual(['gluten', 'peanuts', 'milk'])
  })

  it('lists every live package with its allergens for the catalogue', async () => {
    const testDb = makeTestDb()
    const c = await testDb.run(catalogue)
    expect(await testDb.read((tx) => listPackageAllergens(tx))).toEqual({
      [c.hamperPackage.id]: ['gluten', 'peanuts', 'milk'],
      [c.tinPackage.id]: ['gluten', 'milk'],
    })
  })

  it('follows an ingredient tag changed later', async () => {
    const testDb = makeTestDb()
    const c = await testDb.run(catalogue)
    await testDb.run((tx) => updateIngredient(tx, { id: c.flour.id, allergens: ['sesame'] }))
    expect(await testDb.read((tx) => getPackageAllergens(tx, c.tinPackage.id))).toEqual([
      'milk',
      'sesame',
    ])
  })

  it('refuses an unknown package with NotFoundError', async () => {
    const testDb = makeTestDb()
    await expect(testDb.read((tx) => getPackageAllergens(tx, 'nope'))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('lists the assignments whose package holds an allergen the recipient excludes', async () => {
    const testDb = makeTestDb()
    const setUp = await testDb.run(async (tx) => {
      const c = await catalogue(tx)
      const event = await buildEvent(tx)
      const ann = await createRecipient(tx, { name: 'Ann', exclusions: ['peanuts', 'eggs'] })
      const bea = await createRecipient(tx, { name: 'Bea', exclusions: ['peanuts'] })
      const cal = await createRecipient(tx, { name: 'Cal' })
      const annHamper = await buildAssignment(tx, {
        eventId: event.id,
        recipientId: ann.id,
        packageId: c.hamperPackage.id,
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: bea.id,
        packageId: c.tinPackage.id,
      })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: cal.id,
        packageId: c.hamperPackage.id,
      })
      return { c, event, ann, annHamper }
    })
    const result = await testDb.read(async (tx) => ({
      conflicts: await getAllergenConflicts(tx, setUp.event.id),
      warning: await getAssignmentAllergenWarning(tx, {
        recipientId: setUp.ann.id,
        packageId: setUp.c.tinPackage.id,
      }),
    }))
    expect(result.conflicts).toEqual([
      {
        assignmentId: setUp.annHamper.id,
        recipientId: setUp.ann.id,
        recipientName: 'Ann',
        packageId: setUp.c.hamperPackage.id,
        packageName: 'Hamper',
        allergens: ['peanuts'],
      },
    ])
    expect(result.warning).toEqual([])
  })

  it('stores tags and exclusions in the law order, once each, and refuses unknown ones in words', async () => {
    const testDb = makeTestDb()
    const ingredient = await testDb.run((tx) =>
      createIngredient(tx, {
        name: 'Praline',
        unit: 'g',
        unitCost: 1,
        allergens: ['milk', 'tree nuts', 'eggs'],
      }),
    )
    expect(ingredient.allergens).toEqual(['eggs', 'milk', 'tree nuts'])
    const result = await testDb.runAction([createRecipient], (tx) =>
      // @ts-expect-error an allergen the law does not name
      createRecipient(tx, { name: 'Dee', exclusions: ['chocolate'] }),
    )
    expect(result.ok).toBe(false)
  })
})

/** Two households on two routes and one without a route; each recipient has a pending tin. */
async function street(tx: Tx) {
  const c = await catalogue(tx)
  const event = await buildEvent(tx)
  const make = async (name: string, household: string, route?: string, routeOrder?: number) => {
    const recipient = await createRecipient(tx, {
      name,
      household,
      ...(route === undefined ? {} : { route }),
      ...(routeOrder === undefined ? {} : { routeOrder }),
    })
    const assignment = await buildAssignment(tx, {
      eventId: event.id,
      recipientId: recipient.id,
      packageId: c.tinPackage.id,
    })
    return { recipient, assignment }
  }
  const zed = await make('Zed', 'Zed house')
  const kim = await make('Kim', 'Kim house', 'South', 1)
  const amy = await make('Amy', 'Smiths', 'North', 2)
  const bob = await make('Bob', 'Smiths', 'North', 2)
  const cat = await make('Cat', 'Jones', 'North', 1)
  const dan = await make('Dan', 'Late', 'North')
  return { c, event, zed, kim, amy, bob, cat, dan }
}

describe('delivery order', () => {
  it('lists by route name, order within the route, household, recipient; no route last', async () => {
    const testDb = makeTestDb()
    const s = await testDb.run(street)
    const rows = await testDb.read((tx) => getDeliveryList(tx, s.event.id))
    expect(rows.map((row) => `${row.route}|${row.household}|${row.recipientName}`)).toEqual([
      'North|Jones|Cat',
      'North|Smiths|Amy',
      'North|Smiths|Bob',
      'North|Late|Dan',
      'South|Kim house|Kim',
      '|Zed house|Zed',
    ])
  })

  it('keeps route, order and exclusions through updates, and clears the order with null', async () => {
    const testDb = makeTestDb()
    const s = await testDb.run(street)
    const updated = await testDb.run((tx) =>
      updateRecipient(tx, { id: s.cat.recipient.id, routeOrder: null, exclusions: ['milk'] }),
    )
    expect(updated).toMatchObject({ route: 'North', routeOrder: null, exclusions: ['milk'] })
    const rows = await testDb.read((tx) => getDeliveryList(tx, s.event.id))
    expect(rows.find((row) => row.recipientName === 'Cat')?.conflicts).toEqual(['milk'])
  })
})

describe('deliverHousehold', () => {
  it('moves every open package of the household one step, and Undo reverts exactly those', async () => {
    const testDb = makeTestDb()
    const s = await testDb.run(street)
    // Bob's tin is already ready: only Amy's moves to ready; then both to delivered.
    await testDb.run((tx) => updateFulfillmentStatus(tx, s.bob.assignment.id, 'assembled'))
    const ready = await testDb.run((tx) =>
      deliverHousehold(tx, {
        eventId: s.event.id,
        household: 'smiths',
        to: 'assembled',
        force: true,
      }),
    )
    expect(ready).toEqual([{ assignmentId: s.amy.assignment.id, to: 'assembled' }])
    const delivered = await testDb.run((tx) =>
      deliverHousehold(tx, {
        eventId: s.event.id,
        household: 'Smiths',
        to: 'delivered',
        deliveredTo: 'Neighbour',
      }),
    )
    expect(delivered.map((step) => step.assignmentId)).toEqual([
      s.amy.assignment.id,
      s.bob.assignment.id,
    ])
    const after = await testDb.read((tx) => getDeliveryList(tx, s.event.id))
    expect(
      after.filter((row) => row.household === 'Smiths').map((r) => [r.status, r.deliveredTo]),
    ).toEqual([
      ['delivered', 'Neighbour'],
      ['delivered', 'Neighbour'],
    ])
    expect(
      after.filter((row) => row.household !== 'Smiths').every((r) => r.status === 'pending'),
    ).toBe(true)

    // Bob's delivery is corrected by hand first; Undo must not move Bob back a second step.
    await testDb.run((tx) => revertPackageStatus(tx, s.bob.assignment.id))
    const reverted = await testDb.run((tx) => undoDeliverySteps(tx, delivered))
    expect(reverted.map((row) => row.id)).toEqual([s.amy.assignment.id])
    const undone = await testDb.read((tx) => getDeliveryList(tx, s.event.id))
    expect(
      undone.filter((row) => row.household === 'Smiths').map((r) => [r.status, r.deliveredTo]),
    ).toEqual([
      ['assembled', null],
      ['assembled', null],
    ])
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const s = await testDb.run(street)
    const before = await snapshotAll(testDb.db)
    const result = await testDb.runAction([deliverHousehold], async (tx) => {
      const steps = await deliverHousehold(tx, {
        eventId: s.event.id,
        household: 'Smiths',
        to: 'assembled',
        force: true,
      })
      expect(steps).toHaveLength(2)
      throw new NotFoundError('event', 'boom')
    })
    expect(result.ok).toBe(false)
    expect(await snapshotAll(testDb.db)).toEqual(before)
  })

  it('refuses to mark ready when production is missing, moving nothing', async () => {
    const testDb = makeTestDb()
    const s = await testDb.run(street)
    const before = await snapshotAll(testDb.db)
    const result = await testDb.runAction([deliverHousehold], (tx) =>
      deliverHousehold(tx, { eventId: s.event.id, household: 'Smiths', to: 'assembled' }),
    )
    expect(result.ok).toBe(false)
    expect(await snapshotAll(testDb.db)).toEqual(before)
  })
})
