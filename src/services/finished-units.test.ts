import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildProductionRun,
  buildRecipe,
  softDelete,
} from '../test/builders'
import { describeCatalogueBasics, expectRolledBack } from '../test/catalogue-contract'
import { makeTestDb } from '../test/make-test-db'
import { InUseError, NotFoundError, ValidationError } from './errors'
import {
  createFinishedUnit,
  deleteFinishedUnit,
  getFinishedUnit,
  listFinishedUnits,
  updateFinishedUnit,
} from './finished-units'

describeCatalogueBasics({
  noun: 'finished unit',
  entity: 'finishedUnit',
  table: 'finishedUnits',
  build: async (tx, name) =>
    buildFinishedUnit(tx, {
      recipeId: (await buildRecipe(tx)).id,
      ...(name === undefined ? {} : { name }),
    }),
  get: getFinishedUnit,
  list: listFinishedUnits,
  remove: deleteFinishedUnit,
  create: async (tx, name) =>
    createFinishedUnit(tx, { name, recipeId: (await buildRecipe(tx)).id, itemsPerBatch: 1 }),
})

/** A 3.00 batch of cookies (1.2 kg flour at 2.50/kg) and a 0.00 batch of fudge. */
async function recipes(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2_500_000 })
  const cookies = await buildRecipe(tx, {
    name: 'Cookies',
    ingredients: [{ ingredientId: flour.id, quantity: 1200, unit: 'g' }],
  })
  const fudge = await buildRecipe(tx, { name: 'Fudge' })
  return { cookies, fudge }
}

describe('createFinishedUnit', () => {
  it('stores the unit and prices one item as batch cost ÷ items per batch: 3.00 ÷ 24 = 0.125 → "0.13"', async () => {
    const { run, read } = makeTestDb()
    const { unit, r } = await run(async (tx) => {
      const r = await recipes(tx)
      const unit = await createFinishedUnit(tx, {
        name: ' Sugar cookie ',
        recipeId: r.cookies.id,
        itemsPerBatch: 24,
        itemUnit: 'cookie',
      })
      return { unit, r }
    })
    expect(unit).toMatchObject({
      name: 'Sugar cookie',
      recipeId: r.cookies.id,
      recipeName: 'Cookies',
      itemsPerBatch: 24,
      itemUnit: 'cookie',
      costPerItem: '0.13',
    })
    expect(await read((tx) => getFinishedUnit(tx, unit.id))).toEqual(unit)
  })

  it("defaults the item unit to ''", async () => {
    const { run } = makeTestDb()
    const unit = await run(async (tx) => {
      const r = await recipes(tx)
      return createFinishedUnit(tx, {
        name: 'Fudge square',
        recipeId: r.fudge.id,
        itemsPerBatch: 1,
      })
    })
    expect(unit).toMatchObject({ itemUnit: '', costPerItem: '0.00' })
  })

  it.each([0, 1.5, -2])(
    'refuses %s items per batch with a ValidationError',
    async (itemsPerBatch) => {
      const { run } = makeTestDb()
      const r = await run(recipes)
      const attempt = run((tx) =>
        createFinishedUnit(tx, { name: 'X', recipeId: r.cookies.id, itemsPerBatch }),
      )
      await expect(attempt).rejects.toBeInstanceOf(ValidationError)
      await expect(attempt).rejects.toMatchObject({ field: 'itemsPerBatch' })
    },
  )

  it('refuses an unknown or deleted recipe with NotFoundError', async () => {
    const { run } = makeTestDb()
    const r = await run(recipes)
    await run((tx) => softDelete(tx, 'recipes', r.fudge.id))
    for (const recipeId of ['nope', r.fudge.id]) {
      await expect(
        run((tx) => createFinishedUnit(tx, { name: 'X', recipeId, itemsPerBatch: 1 })),
      ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'recipe', id: recipeId })
    }
  })

  it('refuses a name a live finished unit has, ignoring case, but not a deleted one', async () => {
    const { run } = makeTestDb()
    const { r, live } = await run(async (tx) => {
      const r = await recipes(tx)
      const live = await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'Cookie' })
      const gone = await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'Biscuit' })
      await softDelete(tx, 'finishedUnits', gone.id)
      return { r, live }
    })
    await expect(
      run((tx) =>
        createFinishedUnit(tx, { name: 'COOKIE', recipeId: r.cookies.id, itemsPerBatch: 1 }),
      ),
    ).rejects.toMatchObject({
      name: 'DuplicateNameError',
      entity: 'finishedUnit',
      existingId: live.id,
    })
    await run((tx) =>
      createFinishedUnit(tx, { name: 'biscuit', recipeId: r.cookies.id, itemsPerBatch: 1 }),
    )
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const r = await testDb.run(recipes)
    await expectRolledBack(testDb, (tx) =>
      createFinishedUnit(tx, { name: 'Gone', recipeId: r.cookies.id, itemsPerBatch: 12 }),
    )
  })
})

describe('listFinishedUnits', () => {
  it('lists only the live units of the recipe asked for', async () => {
    const { run, read } = makeTestDb()
    const r = await run(async (tx) => {
      const r = await recipes(tx)
      await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'sugar cookie' })
      await buildFinishedUnit(tx, { recipeId: r.fudge.id, name: 'Fudge square' })
      await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'Big cookie' })
      const gone = await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'A cookie' })
      await softDelete(tx, 'finishedUnits', gone.id)
      return r
    })
    const names = (await read((tx) => listFinishedUnits(tx, { recipeId: r.cookies.id }))).map(
      (row) => row.name,
    )
    expect(names).toEqual(['Big cookie', 'sugar cookie'])
  })
})

describe('updateFinishedUnit', () => {
  it('changes only the given fields and reprices', async () => {
    const { run } = makeTestDb()
    const unit = await run(async (tx) => {
      const r = await recipes(tx)
      return createFinishedUnit(tx, {
        name: 'Cookie',
        recipeId: r.cookies.id,
        itemsPerBatch: 24,
        itemUnit: 'cookie',
      })
    })
    const updated = await run((tx) => updateFinishedUnit(tx, { id: unit.id, itemsPerBatch: 12 }))
    expect(updated).toMatchObject({ name: 'Cookie', itemUnit: 'cookie', costPerItem: '0.25' })
  })

  it('moves the unit to another live recipe', async () => {
    const { run } = makeTestDb()
    const { unit, r } = await run(async (tx) => {
      const r = await recipes(tx)
      return { r, unit: await buildFinishedUnit(tx, { recipeId: r.cookies.id }) }
    })
    const updated = await run((tx) => updateFinishedUnit(tx, { id: unit.id, recipeId: r.fudge.id }))
    expect(updated).toMatchObject({ recipeId: r.fudge.id, recipeName: 'Fudge' })
  })

  it('refuses a deleted recipe, a taken name, a bad count and an unknown or deleted unit', async () => {
    const { run } = makeTestDb()
    const { unit, other, gone, r } = await run(async (tx) => {
      const r = await recipes(tx)
      const unit = await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'Cookie' })
      const other = await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'Biscuit' })
      const gone = await buildFinishedUnit(tx, { recipeId: r.cookies.id, name: 'Gone' })
      await softDelete(tx, 'finishedUnits', gone.id)
      await softDelete(tx, 'recipes', r.fudge.id)
      return { r, unit, other, gone }
    })
    await expect(
      run((tx) => updateFinishedUnit(tx, { id: unit.id, recipeId: r.fudge.id })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'recipe' })
    await expect(
      run((tx) => updateFinishedUnit(tx, { id: unit.id, name: 'biscuit' })),
    ).rejects.toMatchObject({ name: 'DuplicateNameError', existingId: other.id })
    await expect(
      run((tx) => updateFinishedUnit(tx, { id: unit.id, itemsPerBatch: 0 })),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'itemsPerBatch' })
    await expect(
      run((tx) => updateFinishedUnit(tx, { id: gone.id, name: 'X' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedUnit' })
    await expect(
      run((tx) => updateFinishedUnit(tx, { id: 'nope', name: 'X' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const unit = await testDb.run(async (tx) => {
      const r = await recipes(tx)
      return buildFinishedUnit(tx, { recipeId: r.cookies.id })
    })
    await expectRolledBack(testDb, (tx) =>
      updateFinishedUnit(tx, { id: unit.id, name: 'Renamed', itemsPerBatch: 6 }),
    )
  })
})

describe('deleteFinishedUnit', () => {
  it('hides the unit; its production runs (history) do not block', async () => {
    const { db, run, read } = makeTestDb()
    const unit = await run(async (tx) => {
      const r = await recipes(tx)
      const unit = await buildFinishedUnit(tx, { recipeId: r.cookies.id })
      await buildProductionRun(tx, { recipeId: r.cookies.id, finishedUnitId: unit.id })
      return unit
    })
    await run((tx) => deleteFinishedUnit(tx, unit.id))
    expect((await db.finishedUnits.get(unit.id))?.deletedAt).not.toBeNull()
    expect(await read((tx) => listFinishedUnits(tx))).toEqual([])
  })

  it('refuses while live finished goods contain it, naming them; deleted goods do not count', async () => {
    const { run } = makeTestDb()
    const { unit, tin, box } = await run(async (tx) => {
      const r = await recipes(tx)
      const unit = await buildFinishedUnit(tx, { recipeId: r.cookies.id })
      const components = [{ kind: 'unit' as const, id: unit.id, quantity: 6 }]
      const tin = await buildFinishedGood(tx, { name: 'Tin', components })
      const box = await buildFinishedGood(tx, { name: 'box', components })
      const old = await buildFinishedGood(tx, { name: 'Old', components })
      await softDelete(tx, 'finishedGoods', old.id)
      return { unit, tin, box }
    })
    const attempt = run((tx) => deleteFinishedUnit(tx, unit.id))
    await expect(attempt).rejects.toBeInstanceOf(InUseError)
    await expect(attempt).rejects.toMatchObject({
      entity: 'finishedUnit',
      id: unit.id,
      usedBy: [
        { entity: 'finishedGood', id: box.id, name: 'box' },
        { entity: 'finishedGood', id: tin.id, name: 'Tin' },
      ],
    })
  })
})
