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
  buildRecipient,
  softDelete,
} from '../test/builders'
import { describeCatalogueBasics, expectRolledBack } from '../test/catalogue-contract'
import { makeTestDb } from '../test/make-test-db'
import { InUseError, NotFoundError, ValidationError } from './errors'
import { createPackage, deletePackage, getPackage, listPackages, updatePackage } from './packages'

describeCatalogueBasics({
  noun: 'package',
  entity: 'package',
  table: 'packages',
  build: (tx, name) => buildPackage(tx, name === undefined ? {} : { name }),
  get: getPackage,
  list: listPackages,
  remove: deletePackage,
  create: (tx, name) => createPackage(tx, { name, contents: [] }),
})

/** A tin of 6 cookies at 0.25 = 1.50 and a bag of 1 cookie = 0.25. */
async function goods(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 1_000_000 })
  const cookies = await buildRecipe(tx, {
    name: 'Cookies',
    ingredients: [{ ingredientId: flour.id, quantity: 3, unit: 'kg' }],
  })
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const tin = await buildFinishedGood(tx, {
    name: 'Tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const bag = await buildFinishedGood(tx, {
    name: 'Bag',
    components: [{ kind: 'unit', id: cookie.id, quantity: 1 }],
  })
  return { tin, bag }
}

describe('createPackage', () => {
  it('stores 2 tins and 3 bags, named, costing 2 × 1.50 + 3 × 0.25 = 3.75', async () => {
    const { run, read } = makeTestDb()
    const { pkg, g } = await run(async (tx) => {
      const g = await goods(tx)
      const pkg = await createPackage(tx, {
        name: ' Family gift ',
        contents: [
          { finishedGoodId: g.tin.id, quantity: 2 },
          { finishedGoodId: g.bag.id, quantity: 3 },
        ],
        notes: 'ribbon',
      })
      return { pkg, g }
    })
    expect(pkg).toMatchObject({
      name: 'Family gift',
      notes: 'ribbon',
      cost: '3.75',
      contents: [
        { finishedGoodId: g.tin.id, finishedGoodName: 'Tin', quantity: 2 },
        { finishedGoodId: g.bag.id, finishedGoodName: 'Bag', quantity: 3 },
      ],
    })
    expect(await read((tx) => getPackage(tx, pkg.id))).toEqual(pkg)
  })

  it('accepts an empty package costing 0.00 with empty notes', async () => {
    const { run } = makeTestDb()
    const pkg = await run((tx) => createPackage(tx, { name: 'Empty', contents: [] }))
    expect(pkg).toMatchObject({ contents: [], cost: '0.00', notes: '' })
  })

  it.each([0, -1, 2.5])('refuses a content quantity of %s', async (quantity) => {
    const { run } = makeTestDb()
    const g = await run(goods)
    const attempt = run((tx) =>
      createPackage(tx, { name: 'X', contents: [{ finishedGoodId: g.tin.id, quantity }] }),
    )
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'contents.0.quantity' })
  })

  it('refuses the same finished good twice and an empty name', async () => {
    const { run } = makeTestDb()
    const g = await run(goods)
    await expect(
      run((tx) =>
        createPackage(tx, {
          name: 'X',
          contents: [
            { finishedGoodId: g.tin.id, quantity: 1 },
            { finishedGoodId: g.tin.id, quantity: 1 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'contents.1.finishedGoodId' })
    await expect(run((tx) => createPackage(tx, { name: '', contents: [] }))).rejects.toMatchObject({
      field: 'name',
    })
  })

  it('refuses an unknown or deleted finished good with NotFoundError', async () => {
    const { run } = makeTestDb()
    const g = await run(goods)
    await run((tx) => softDelete(tx, 'finishedGoods', g.bag.id))
    for (const finishedGoodId of ['nope', g.bag.id]) {
      await expect(
        run((tx) => createPackage(tx, { name: 'X', contents: [{ finishedGoodId, quantity: 1 }] })),
      ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedGood', id: finishedGoodId })
    }
  })

  it('refuses a name a live package has, ignoring case, but not a deleted one', async () => {
    const { run } = makeTestDb()
    const live = await run(async (tx) => {
      const live = await buildPackage(tx, { name: 'Gift' })
      const gone = await buildPackage(tx, { name: 'Hamper' })
      await softDelete(tx, 'packages', gone.id)
      return live
    })
    await expect(
      run((tx) => createPackage(tx, { name: 'GIFT', contents: [] })),
    ).rejects.toMatchObject({ name: 'DuplicateNameError', entity: 'package', existingId: live.id })
    await run((tx) => createPackage(tx, { name: 'hamper', contents: [] }))
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const g = await testDb.run(goods)
    await expectRolledBack(testDb, (tx) =>
      createPackage(tx, { name: 'Gone', contents: [{ finishedGoodId: g.tin.id, quantity: 1 }] }),
    )
  })
})

describe('updatePackage', () => {
  it('replaces the contents, keeps the other fields and reprices', async () => {
    const { run } = makeTestDb()
    const { pkg, g } = await run(async (tx) => {
      const g = await goods(tx)
      const pkg = await createPackage(tx, {
        name: 'Gift',
        contents: [{ finishedGoodId: g.tin.id, quantity: 1 }],
        notes: 'keep',
      })
      return { pkg, g }
    })
    const updated = await run((tx) =>
      updatePackage(tx, { id: pkg.id, contents: [{ finishedGoodId: g.bag.id, quantity: 4 }] }),
    )
    expect(updated).toMatchObject({
      name: 'Gift',
      notes: 'keep',
      cost: '1.00',
      contents: [{ finishedGoodId: g.bag.id, finishedGoodName: 'Bag', quantity: 4 }],
    })
  })

  it('refuses a taken name, bad contents and an unknown or deleted package', async () => {
    const { run } = makeTestDb()
    const { pkg, other, gone } = await run(async (tx) => {
      const pkg = await buildPackage(tx, { name: 'Gift' })
      const other = await buildPackage(tx, { name: 'Hamper' })
      const gone = await buildPackage(tx, { name: 'Gone' })
      await softDelete(tx, 'packages', gone.id)
      return { pkg, other, gone }
    })
    await expect(
      run((tx) => updatePackage(tx, { id: pkg.id, name: 'hamper' })),
    ).rejects.toMatchObject({ name: 'DuplicateNameError', existingId: other.id })
    await expect(
      run((tx) =>
        updatePackage(tx, { id: pkg.id, contents: [{ finishedGoodId: 'nope', quantity: 1 }] }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedGood', id: 'nope' })
    await expect(run((tx) => updatePackage(tx, { id: gone.id, name: 'X' }))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'package',
      id: gone.id,
    })
    await expect(run((tx) => updatePackage(tx, { id: 'nope', name: 'X' }))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const { pkg, g } = await testDb.run(async (tx) => ({
      g: await goods(tx),
      pkg: await buildPackage(tx, { name: 'Gift' }),
    }))
    await expectRolledBack(testDb, (tx) =>
      updatePackage(tx, {
        id: pkg.id,
        name: 'Hamper',
        contents: [{ finishedGoodId: g.tin.id, quantity: 1 }],
      }),
    )
  })
})

describe('deletePackage', () => {
  it('hides the package', async () => {
    const { db, run, read } = makeTestDb()
    const pkg = await run((tx) => buildPackage(tx))
    await run((tx) => deletePackage(tx, pkg.id))
    expect((await db.packages.get(pkg.id))?.deletedAt).not.toBeNull()
    expect(await read((tx) => listPackages(tx))).toEqual([])
  })

  it('refuses while live assignments use it, naming each live event once; deleted assignments do not count', async () => {
    const { run } = makeTestDb()
    const { pkg, christmas, easter } = await run(async (tx) => {
      const pkg = await buildPackage(tx, { name: 'Gift' })
      const [ann, bob] = [await buildRecipient(tx), await buildRecipient(tx)]
      const christmas = await buildEvent(tx, { name: 'Christmas' })
      const easter = await buildEvent(tx, { name: 'easter' })
      const advent = await buildEvent(tx, { name: 'Advent' })
      await buildAssignment(tx, { eventId: christmas.id, recipientId: ann.id, packageId: pkg.id })
      await buildAssignment(tx, { eventId: christmas.id, recipientId: bob.id, packageId: pkg.id })
      await buildAssignment(tx, { eventId: easter.id, recipientId: ann.id, packageId: pkg.id })
      const old = await buildAssignment(tx, {
        eventId: advent.id,
        recipientId: ann.id,
        packageId: pkg.id,
      })
      await softDelete(tx, 'assignments', old.id)
      return { pkg, christmas, easter }
    })
    const attempt = run((tx) => deletePackage(tx, pkg.id))
    await expect(attempt).rejects.toBeInstanceOf(InUseError)
    await expect(attempt).rejects.toMatchObject({
      entity: 'package',
      id: pkg.id,
      usedBy: [
        { entity: 'event', id: christmas.id, name: 'Christmas' },
        { entity: 'event', id: easter.id, name: 'easter' },
      ],
    })
  })
})
