import { describe, expect, it } from 'vitest'
import { buildIngredient, buildRecipe, softDelete } from '../test/builders'
import { describeCatalogueBasics, expectRolledBack } from '../test/catalogue-contract'
import { makeTestDb } from '../test/make-test-db'
import {
  DuplicateNameError,
  InUseError,
  NotFoundError,
  UnitConversionError,
  ValidationError,
} from './errors'
import {
  createIngredient,
  deleteIngredient,
  getIngredient,
  listIngredients,
  updateIngredient,
} from './ingredients'

describeCatalogueBasics({
  noun: 'ingredient',
  entity: 'ingredient',
  table: 'ingredients',
  build: (tx, name) => buildIngredient(tx, name === undefined ? {} : { name }),
  get: getIngredient,
  list: listIngredients,
  remove: deleteIngredient,
  create: (tx, name) => createIngredient(tx, { name, unit: 'g', unitCost: 0 }),
})

/** Runs `write` and then throws in the same action; asserts rows and change records are unchanged. */
describe('createIngredient', () => {
  it('stores the cost as exact micros and returns it rounded and precise', async () => {
    const { db, run, read } = makeTestDb()
    const sugar = await run((tx) =>
      createIngredient(tx, { name: ' Sugar ', unit: 'g', unitCost: '0.0042', density: 0.85 }),
    )
    expect(sugar).toMatchObject({
      name: 'Sugar',
      unit: 'g',
      unitCost: '0.00',
      unitCostPrecise: '0.0042',
      density: 0.85,
    })
    expect((await db.ingredients.get(sugar.id))?.unitCost).toBe(4200)
    expect(await read((tx) => getIngredient(tx, sugar.id))).toEqual(sugar)
  })

  it('accepts a number as cost and leaves density null when omitted', async () => {
    const { run } = makeTestDb()
    const flour = await run((tx) =>
      createIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2.5 }),
    )
    expect(flour).toMatchObject({ unitCost: '2.50', unitCostPrecise: '2.5', density: null })
  })

  it('rounds a half-cent unit cost half-up: 0.125 → "0.13"', async () => {
    const { run } = makeTestDb()
    const egg = await run((tx) =>
      createIngredient(tx, { name: 'Egg', unit: 'each', unitCost: '0.125' }),
    )
    expect(egg.unitCost).toBe('0.13')
  })

  it.each([
    ['name', { name: ' ', unit: 'g', unitCost: '1' }],
    ['unit', { name: 'X', unit: 'pinch', unitCost: '1' }],
    ['unitCost', { name: 'X', unit: 'g', unitCost: '-1' }],
    ['unitCost', { name: 'X', unit: 'g', unitCost: '0.0000001' }],
    ['density', { name: 'X', unit: 'g', unitCost: '1', density: 0 }],
  ])('refuses a bad %s with a ValidationError naming it', async (field, input) => {
    const { run } = makeTestDb()
    const attempt = run((tx) => createIngredient(tx, input as never))
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field })
  })

  it('refuses a name a live ingredient has, ignoring case', async () => {
    const { run } = makeTestDb()
    const flour = await run((tx) => createIngredient(tx, { name: 'Flour', unit: 'g', unitCost: 0 }))
    await expect(
      run((tx) => createIngredient(tx, { name: 'FLOUR', unit: 'kg', unitCost: 1 })),
    ).rejects.toMatchObject({
      name: 'DuplicateNameError',
      entity: 'ingredient',
      existingId: flour.id,
    })
  })

  it('allows the name of a deleted ingredient', async () => {
    const { run } = makeTestDb()
    const old = await run((tx) => createIngredient(tx, { name: 'Flour', unit: 'g', unitCost: 0 }))
    await run((tx) => deleteIngredient(tx, old.id))
    const again = await run((tx) => createIngredient(tx, { name: 'flour', unit: 'g', unitCost: 0 }))
    expect(again.id).not.toBe(old.id)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    await expectRolledBack(testDb, (tx) =>
      createIngredient(tx, { name: 'Gone', unit: 'g', unitCost: '1' }),
    )
    expect(await testDb.db.changes.count()).toBe(0)
  })
})

describe('updateIngredient', () => {
  it('changes only the given fields and clears density with null', async () => {
    const { run } = makeTestDb()
    const sugar = await run((tx) =>
      createIngredient(tx, { name: 'Sugar', unit: 'g', unitCost: '0.0042', density: 0.85 }),
    )
    const updated = await run((tx) =>
      updateIngredient(tx, { id: sugar.id, unitCost: '0.005', density: null }),
    )
    expect(updated).toMatchObject({
      name: 'Sugar',
      unit: 'g',
      unitCostPrecise: '0.005',
      unitCost: '0.01',
      density: null,
    })
  })

  it('may keep its own name in another case', async () => {
    const { run } = makeTestDb()
    const flour = await run((tx) => createIngredient(tx, { name: 'flour', unit: 'g', unitCost: 0 }))
    expect((await run((tx) => updateIngredient(tx, { id: flour.id, name: 'Flour' }))).name).toBe(
      'Flour',
    )
  })

  it("refuses another live ingredient's name", async () => {
    const { run } = makeTestDb()
    const [, sugar] = await run(async (tx) => [
      await buildIngredient(tx, { name: 'Flour' }),
      await buildIngredient(tx, { name: 'Sugar' }),
    ])
    await expect(
      run((tx) => updateIngredient(tx, { id: sugar.id, name: 'flour' })),
    ).rejects.toBeInstanceOf(DuplicateNameError)
  })

  it('refuses a new unit a recipe line can no longer convert to (cup → g without density)', async () => {
    const { run } = makeTestDb()
    const sugar = await run(async (tx) => {
      const sugar = await buildIngredient(tx, { name: 'Sugar', unit: 'ml' })
      await buildRecipe(tx, { ingredients: [{ ingredientId: sugar.id, quantity: 1, unit: 'cup' }] })
      return sugar
    })
    await expect(
      run((tx) => updateIngredient(tx, { id: sugar.id, unit: 'g' })),
    ).rejects.toMatchObject({
      name: 'UnitConversionError',
      ingredientId: sugar.id,
      fromUnit: 'cup',
      toUnit: 'g',
    })
    // With a density the same change is fine.
    await run((tx) => updateIngredient(tx, { id: sugar.id, unit: 'g', density: 0.85 }))
  })

  it('refuses clearing a density a recipe line needs, but ignores deleted recipes', async () => {
    const { run } = makeTestDb()
    const { sugar, recipe } = await run(async (tx) => {
      const sugar = await buildIngredient(tx, { name: 'Sugar', unit: 'g', density: 0.85 })
      const recipe = await buildRecipe(tx, {
        ingredients: [{ ingredientId: sugar.id, quantity: 1, unit: 'cup' }],
      })
      return { sugar, recipe }
    })
    await expect(
      run((tx) => updateIngredient(tx, { id: sugar.id, density: null })),
    ).rejects.toBeInstanceOf(UnitConversionError)
    await run((tx) => softDelete(tx, 'recipes', recipe.id))
    expect((await run((tx) => updateIngredient(tx, { id: sugar.id, density: null }))).density).toBe(
      null,
    )
  })

  it('refuses a bad cost with a ValidationError on unitCost', async () => {
    const { run } = makeTestDb()
    const row = await run((tx) => buildIngredient(tx))
    await expect(
      run((tx) => updateIngredient(tx, { id: row.id, unitCost: 'abc' })),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'unitCost' })
  })

  it('throws NotFoundError for an unknown or deleted ingredient', async () => {
    const { run } = makeTestDb()
    const row = await run(async (tx) => {
      const row = await buildIngredient(tx)
      await softDelete(tx, 'ingredients', row.id)
      return row
    })
    await expect(
      run((tx) => updateIngredient(tx, { id: row.id, name: 'B' })),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(
      run((tx) => updateIngredient(tx, { id: 'nope', name: 'B' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const row = await testDb.run((tx) => buildIngredient(tx))
    await expectRolledBack(testDb, (tx) =>
      updateIngredient(tx, { id: row.id, name: 'Renamed', unitCost: '9' }),
    )
  })
})

describe('deleteIngredient', () => {
  it('hides the ingredient', async () => {
    const { db, run, read } = makeTestDb()
    const row = await run((tx) => buildIngredient(tx))
    await run((tx) => deleteIngredient(tx, row.id))
    expect((await db.ingredients.get(row.id))?.deletedAt).not.toBeNull()
    expect(await read((tx) => listIngredients(tx))).toEqual([])
  })

  it('refuses while live recipes use it, naming them in name order; deleted recipes do not count', async () => {
    const { run } = makeTestDb()
    const { flour, cake, bread } = await run(async (tx) => {
      const flour = await buildIngredient(tx, { name: 'Flour' })
      const line = { ingredientId: flour.id, quantity: 100, unit: 'g' as const }
      const cake = await buildRecipe(tx, { name: 'cake', ingredients: [line] })
      const bread = await buildRecipe(tx, { name: 'Bread', ingredients: [line] })
      const old = await buildRecipe(tx, { name: 'Old', ingredients: [line] })
      await softDelete(tx, 'recipes', old.id)
      return { flour, cake, bread }
    })
    const attempt = run((tx) => deleteIngredient(tx, flour.id))
    await expect(attempt).rejects.toBeInstanceOf(InUseError)
    await expect(attempt).rejects.toMatchObject({
      entity: 'ingredient',
      id: flour.id,
      usedBy: [
        { entity: 'recipe', id: bread.id, name: 'Bread' },
        { entity: 'recipe', id: cake.id, name: 'cake' },
      ],
    })
  })
})
