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
import { makeTestDb } from '../test/make-test-db'
import { NotFoundError } from './errors'
import { getPackingLabels, getRunSheet } from './print-sheets'
import { createRecipient } from './recipients'
import { updatePackageStatus } from './status'

/**
 * Shortbread (flour: gluten, butter: milk) in a "Cookie tin", nested in a "Hamper" with brittle
 * (peanuts). Packages: "Hamper" (one hamper) and "Two tins" (2 × Cookie tin). Recipients on two
 * routes and one without; Cat must not get peanuts.
 */
async function deliveryDay(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', allergens: ['gluten'] })
  const butter = await buildIngredient(tx, { name: 'Butter', allergens: ['milk'] })
  const nuts = await buildIngredient(tx, { name: 'Peanuts', allergens: ['peanuts'] })
  const ing = (id: string) => ({ ingredientId: id, quantity: 100, unit: 'g' as const })
  const shortbread = await buildRecipe(tx, { ingredients: [ing(flour.id), ing(butter.id)] })
  const brittle = await buildRecipe(tx, { ingredients: [ing(nuts.id)] })
  const biscuit = await buildFinishedUnit(tx, { recipeId: shortbread.id, itemsPerBatch: 12 })
  const shard = await buildFinishedUnit(tx, { recipeId: brittle.id, itemsPerBatch: 10 })
  const tin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: biscuit.id, quantity: 6 }],
  })
  const hamper = await buildFinishedGood(tx, {
    name: 'Hamper box',
    components: [
      { kind: 'good', id: tin.id, quantity: 1 },
      { kind: 'unit', id: shard.id, quantity: 3 },
    ],
  })
  const hamperPackage = await buildPackage(tx, {
    name: 'Hamper',
    contents: [{ finishedGoodId: hamper.id, quantity: 1 }],
  })
  const tinsPackage = await buildPackage(tx, {
    name: 'Two tins',
    contents: [{ finishedGoodId: tin.id, quantity: 2 }],
  })
  const event = await buildEvent(tx, { name: 'Christmas', date: '2026-12-20' })
  const assign = async (
    recipient: { name: string; household: string; route?: string; routeOrder?: number },
    packageId: string,
    quantity = 1,
  ) => {
    const row = await createRecipient(tx, {
      ...recipient,
      address: `${recipient.name} Street 1`,
      ...(recipient.name === 'Cat' ? { exclusions: ['peanuts'], notes: 'Ring twice' } : {}),
    })
    return buildAssignment(tx, {
      eventId: event.id,
      recipientId: row.id,
      packageId,
      quantity,
      notes: `${recipient.name}'s note`,
    })
  }
  const zed = await assign({ name: 'Zed', household: 'Zed house' }, tinsPackage.id)
  const kim = await assign(
    { name: 'Kim', household: 'Kim house', route: 'South', routeOrder: 1 },
    tinsPackage.id,
    3,
  )
  const amy = await assign(
    { name: 'Amy', household: 'Smiths', route: 'North', routeOrder: 2 },
    tinsPackage.id,
  )
  const bob = await assign(
    { name: 'Bob', household: 'Smiths', route: 'North', routeOrder: 2 },
    hamperPackage.id,
  )
  const cat = await assign(
    { name: 'Cat', household: 'Jones', route: 'North', routeOrder: 1 },
    hamperPackage.id,
  )
  return { event, zed, kim, amy, bob, cat }
}

describe('getRunSheet', () => {
  it('groups packages by route in delivery order, then household, with no route last', async () => {
    const testDb = makeTestDb()
    const day = await testDb.run(deliveryDay)
    const sheet = await testDb.read((tx) => getRunSheet(tx, day.event.id))
    expect(sheet).toMatchObject({ eventName: 'Christmas', eventDate: '2026-12-20' })
    expect(sheet.packageCount).toBe(5)
    expect(
      sheet.routes.map(
        (route) =>
          `${route.route}: ${route.households
            .map(
              (household) =>
                `${household.household} (${household.lines.map((line) => line.recipientName).join(', ')})`,
            )
            .join('; ')}`,
      ),
    ).toEqual([
      'North: Jones (Cat); Smiths (Amy, Bob)',
      'South: Kim house (Kim)',
      ': Zed house (Zed)',
    ])
  })

  it('lists each package with address, both notes, what it contains and what its recipient must not get', async () => {
    const testDb = makeTestDb()
    const day = await testDb.run(deliveryDay)
    const sheet = await testDb.read((tx) => getRunSheet(tx, day.event.id))
    const cat = sheet.routes[0]?.households[0]?.lines[0]
    expect(cat).toEqual({
      assignmentId: day.cat.id,
      recipientName: 'Cat',
      address: 'Cat Street 1',
      recipientNotes: 'Ring twice',
      notes: "Cat's note",
      packageName: 'Hamper',
      quantity: 1,
      status: 'pending',
      deliveredTo: null,
      // Rolled up through the nested tin and the brittle.
      allergens: ['gluten', 'peanuts', 'milk'],
      conflicts: ['peanuts'],
    })
    const amy = sheet.routes[0]?.households[1]?.lines[0]
    expect(amy).toMatchObject({ allergens: ['gluten', 'milk'], conflicts: [] })
  })

  it('keeps delivered packages on the sheet with who took them', async () => {
    const testDb = makeTestDb()
    const day = await testDb.run(deliveryDay)
    await testDb.run(async (tx) => {
      await updatePackageStatus(tx, day.amy.id, 'assembled', { force: true })
      await updatePackageStatus(tx, day.amy.id, 'delivered', { deliveredTo: 'Neighbour' })
    })
    const sheet = await testDb.read((tx) => getRunSheet(tx, day.event.id))
    expect(sheet.routes[0]?.households[1]?.lines[0]).toMatchObject({
      recipientName: 'Amy',
      status: 'delivered',
      deliveredTo: 'Neighbour',
    })
  })

  it('refuses an unknown event', async () => {
    const testDb = makeTestDb()
    await expect(
      testDb.read((tx) => getRunSheet(tx, '01900000-0000-7000-8000-000000000000')),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('getPackingLabels', () => {
  it('prints one label per unit of the quantity, numbered Box 1 of 3 to 3 of 3', async () => {
    const testDb = makeTestDb()
    const day = await testDb.run(deliveryDay)
    const { labels, eventName } = await testDb.read((tx) => getPackingLabels(tx, day.event.id))
    expect(eventName).toBe('Christmas')
    // Delivery order: Cat, Amy, Bob (North), Kim ×3 (South), Zed (no route).
    expect(
      labels.map((label) => `${label.recipientName} ${label.boxNumber}/${label.boxCount}`),
    ).toEqual(['Cat 1/1', 'Amy 1/1', 'Bob 1/1', 'Kim 1/3', 'Kim 2/3', 'Kim 3/3', 'Zed 1/1'])
    expect(new Set(labels.map((label) => label.key)).size).toBe(labels.length)
    expect(labels.filter((label) => label.assignmentId === day.kim.id)).toHaveLength(3)
  })

  it('puts recipient, household, address, contents, allergens and conflicts on each label', async () => {
    const testDb = makeTestDb()
    const day = await testDb.run(deliveryDay)
    const { labels } = await testDb.read((tx) => getPackingLabels(tx, day.event.id))
    expect(labels[0]).toEqual({
      key: `${day.cat.id}:1`,
      assignmentId: day.cat.id,
      boxNumber: 1,
      boxCount: 1,
      recipientName: 'Cat',
      household: 'Jones',
      address: 'Cat Street 1',
      route: 'North',
      packageName: 'Hamper',
      contents: ['1 × Hamper box'],
      allergens: ['gluten', 'peanuts', 'milk'],
      conflicts: ['peanuts'],
    })
    expect(labels[3]).toMatchObject({ contents: ['2 × Cookie tin'], conflicts: [] })
  })
})
