import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildEvent,
  buildFinishedUnit,
  buildIngredient,
  buildProductionRun,
  buildProductionTarget,
  buildRecipe,
  softDelete,
} from '../test/builders'
import { describeCatalogueBasics, expectRolledBack } from '../test/catalogue-contract'
import { makeTestDb } from '../test/make-test-db'
import { InUseError, NotFoundError, UnitConversionError, ValidationError } from './errors'
import { createRecipe, deleteRecipe, getRecipe, listRecipes, updateRecipe } from './recipes'

describeCatalogueBasics({
  noun: 'recipe',
  entity: 'recipe',
  table: 'recipes',
  build: (tx, name) => buildRecipe(tx, name === undefined ? {} : { name }),
  get: getRecipe,
  list: listRecipes,
  remove: deleteRecipe,
  create: (tx, name) => createRecipe(tx, { name, ingredients: [] }),
})

/** Flour 2.50/kg, sugar 0.0042/g with density 0.85, butter 0.60 each (see catalogue-model.test). */
async function pantry(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2_500_000 })
  const sugar = await buildIngredient(tx, {
    name: 'Sugar',
    unit: 'g',
    unitCost: 4_200,
    density: 0.85,
  })
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'each', unitCost: 600_000 })
  const salt = await buildIngredient(tx, { name: 'Salt', unit: 'g', unitCost: 1_000 })
  return { flour, sugar, butter, salt }
}

describe('createRecipe', () => {
  it('stores the lines and costs a sugar-cookie batch at 3.29 (500 g flour, 1 cup sugar, 2 butter)', async () => {
    const { run, read } = makeTestDb()
    const { recipe, p } = await run(async (tx) => {
      const p = await pantry(tx)
      const recipe = await createRecipe(tx, {
        name: ' Sugar cookies ',
        ingredients: [
          { ingredientId: p.flour.id, quantity: 500, unit: 'g' },
          { ingredientId: p.sugar.id, quantity: 1, unit: 'cup' },
          { ingredientId: p.butter.id, quantity: 2, unit: 'each' },
        ],
        notes: 'Chill the dough',
      })
      return { recipe, p }
    })
    expect(recipe).toMatchObject({
      name: 'Sugar cookies',
      notes: 'Chill the dough',
      costPerBatch: '3.29',
      ingredients: [
        { ingredientId: p.flour.id, ingredientName: 'Flour', quantity: 500, unit: 'g' },
        { ingredientId: p.sugar.id, ingredientName: 'Sugar', quantity: 1, unit: 'cup' },
        { ingredientId: p.butter.id, ingredientName: 'Butter', quantity: 2, unit: 'each' },
      ],
    })
    expect(await read((tx) => getRecipe(tx, recipe.id))).toEqual(recipe)
  })

  it('accepts no lines (cost 0.00) and the same ingredient on two lines', async () => {
    const { run } = makeTestDb()
    const { empty, twice } = await run(async (tx) => {
      const p = await pantry(tx)
      const empty = await createRecipe(tx, { name: 'Empty', ingredients: [] })
      const twice = await createRecipe(tx, {
        name: 'Twice',
        ingredients: [
          { ingredientId: p.butter.id, quantity: 1, unit: 'each' },
          { ingredientId: p.butter.id, quantity: 1, unit: 'dozen' },
        ],
      })
      return { empty, twice }
    })
    expect(empty).toMatchObject({ costPerBatch: '0.00', notes: '', ingredients: [] })
    // 13 × 0.60
    expect(twice.costPerBatch).toBe('7.80')
  })

  it('refuses a quantity of 0 with a ValidationError on that line', async () => {
    const { run } = makeTestDb()
    const p = await run(pantry)
    await expect(
      run((tx) =>
        createRecipe(tx, {
          name: 'X',
          ingredients: [
            { ingredientId: p.flour.id, quantity: 1, unit: 'g' },
            { ingredientId: p.flour.id, quantity: 0, unit: 'g' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'ingredients.1.quantity' })
  })

  it('refuses an empty name and an unknown unit', async () => {
    const { run } = makeTestDb()
    const p = await run(pantry)
    await expect(
      run((tx) => createRecipe(tx, { name: '', ingredients: [] })),
    ).rejects.toMatchObject({ field: 'name' })
    const attempt = run((tx) =>
      createRecipe(tx, {
        name: 'X',
        ingredients: [{ ingredientId: p.flour.id, quantity: 1, unit: 'pinch' as never }],
      }),
    )
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'ingredients.0.unit' })
  })

  it('refuses an unknown or deleted ingredient with NotFoundError naming it', async () => {
    const { run } = makeTestDb()
    const p = await run(pantry)
    await run((tx) => softDelete(tx, 'ingredients', p.salt.id))
    for (const ingredientId of ['nope', p.salt.id]) {
      await expect(
        run((tx) =>
          createRecipe(tx, { name: 'X', ingredients: [{ ingredientId, quantity: 1, unit: 'g' }] }),
        ),
      ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'ingredient', id: ingredientId })
    }
  })

  it('refuses mass → volume without a density and count → mass with UnitConversionError', async () => {
    const { run } = makeTestDb()
    const p = await run(pantry)
    await expect(
      run((tx) =>
        createRecipe(tx, {
          name: 'X',
          ingredients: [{ ingredientId: p.salt.id, quantity: 1, unit: 'tsp' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'UnitConversionError',
      ingredientId: p.salt.id,
      fromUnit: 'tsp',
      toUnit: 'g',
    })
    await expect(
      run((tx) =>
        createRecipe(tx, {
          name: 'X',
          ingredients: [{ ingredientId: p.butter.id, quantity: 100, unit: 'g' }],
        }),
      ),
    ).rejects.toBeInstanceOf(UnitConversionError)
  })

  it('refuses a name a live recipe has, ignoring case, but not one of a deleted recipe', async () => {
    const { run } = makeTestDb()
    const [live, gone] = await run(async (tx) => [
      await buildRecipe(tx, { name: 'Brownies' }),
      await buildRecipe(tx, { name: 'Fudge' }),
    ])
    await run((tx) => softDelete(tx, 'recipes', gone.id))
    await expect(
      run((tx) => createRecipe(tx, { name: 'brownies', ingredients: [] })),
    ).rejects.toMatchObject({ name: 'DuplicateNameError', entity: 'recipe', existingId: live.id })
    await run((tx) => createRecipe(tx, { name: 'FUDGE', ingredients: [] }))
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const p = await testDb.run(pantry)
    await expectRolledBack(testDb, (tx) =>
      createRecipe(tx, {
        name: 'Gone',
        ingredients: [{ ingredientId: p.flour.id, quantity: 1, unit: 'kg' }],
      }),
    )
  })
})

describe('getRecipe', () => {
  it('shows the current price after an ingredient cost changes', async () => {
    const { run, read } = makeTestDb()
    const recipe = await run(async (tx) => {
      const p = await pantry(tx)
      const recipe = await createRecipe(tx, {
        name: 'Bread',
        ingredients: [{ ingredientId: p.flour.id, quantity: 1, unit: 'kg' }],
      })
      await tx.ingredients.update(p.flour.id, { unitCost: 3_000_000 })
      return recipe
    })
    expect(recipe.costPerBatch).toBe('2.50')
    expect((await read((tx) => getRecipe(tx, recipe.id))).costPerBatch).toBe('3.00')
  })
})

describe('updateRecipe', () => {
  it('replaces the lines, keeps the other fields and reprices', async () => {
    const { run } = makeTestDb()
    const { recipe, p } = await run(async (tx) => {
      const p = await pantry(tx)
      const recipe = await createRecipe(tx, {
        name: 'Bread',
        ingredients: [{ ingredientId: p.flour.id, quantity: 1, unit: 'kg' }],
        notes: 'keep',
      })
      return { recipe, p }
    })
    const updated = await run((tx) =>
      updateRecipe(tx, {
        id: recipe.id,
        ingredients: [{ ingredientId: p.flour.id, quantity: 2, unit: 'kg' }],
      }),
    )
    expect(updated).toMatchObject({ name: 'Bread', notes: 'keep', costPerBatch: '5.00' })
    expect(updated.ingredients).toEqual([
      { ingredientId: p.flour.id, ingredientName: 'Flour', quantity: 2, unit: 'kg' },
    ])
  })

  it('refuses bad lines, a taken name and an unknown or deleted recipe', async () => {
    const { run } = makeTestDb()
    const { recipe, other, gone, p } = await run(async (tx) => ({
      p: await pantry(tx),
      recipe: await buildRecipe(tx, { name: 'Bread' }),
      other: await buildRecipe(tx, { name: 'Cake' }),
      gone: await buildRecipe(tx, { name: 'Gone' }),
    }))
    await run((tx) => softDelete(tx, 'recipes', gone.id))
    await expect(
      run((tx) =>
        updateRecipe(tx, {
          id: recipe.id,
          ingredients: [{ ingredientId: p.salt.id, quantity: 1, unit: 'cup' }],
        }),
      ),
    ).rejects.toBeInstanceOf(UnitConversionError)
    await expect(
      run((tx) =>
        updateRecipe(tx, {
          id: recipe.id,
          ingredients: [{ ingredientId: 'nope', quantity: 1, unit: 'g' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'ingredient', id: 'nope' })
    await expect(
      run((tx) =>
        updateRecipe(tx, {
          id: recipe.id,
          ingredients: [{ ingredientId: p.salt.id, quantity: -1, unit: 'g' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'ingredients.0.quantity' })
    await expect(
      run((tx) => updateRecipe(tx, { id: recipe.id, name: 'CAKE' })),
    ).rejects.toMatchObject({ name: 'DuplicateNameError', existingId: other.id })
    await expect(run((tx) => updateRecipe(tx, { id: gone.id, name: 'X' }))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'recipe',
      id: gone.id,
    })
    await expect(run((tx) => updateRecipe(tx, { id: 'nope', name: 'X' }))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('lets a recipe keep its own name', async () => {
    const { run } = makeTestDb()
    const recipe = await run((tx) => buildRecipe(tx, { name: 'Bread' }))
    expect((await run((tx) => updateRecipe(tx, { id: recipe.id, name: 'BREAD' }))).name).toBe(
      'BREAD',
    )
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const { recipe, p } = await testDb.run(async (tx) => ({
      p: await pantry(tx),
      recipe: await buildRecipe(tx, { name: 'Bread' }),
    }))
    await expectRolledBack(testDb, (tx) =>
      updateRecipe(tx, {
        id: recipe.id,
        name: 'Rye',
        ingredients: [{ ingredientId: p.flour.id, quantity: 1, unit: 'kg' }],
      }),
    )
  })
})

describe('deleteRecipe', () => {
  it('hides the recipe; its production runs (history) do not block', async () => {
    const { db, run, read } = makeTestDb()
    const recipe = await run(async (tx) => {
      const recipe = await buildRecipe(tx)
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id })
      await buildProductionRun(tx, { recipeId: recipe.id, finishedUnitId: unit.id })
      await softDelete(tx, 'finishedUnits', unit.id)
      return recipe
    })
    await run((tx) => deleteRecipe(tx, recipe.id))
    expect((await db.recipes.get(recipe.id))?.deletedAt).not.toBeNull()
    expect(await read((tx) => listRecipes(tx))).toEqual([])
  })

  it('refuses while a live finished unit or production target uses it, naming them', async () => {
    const { run } = makeTestDb()
    const { recipe, unit, target } = await run(async (tx) => {
      const recipe = await buildRecipe(tx, { name: 'Cookies' })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, name: 'Cookie' })
      const old = await buildFinishedUnit(tx, { recipeId: recipe.id, name: 'Old cookie' })
      await softDelete(tx, 'finishedUnits', old.id)
      const event = await buildEvent(tx, { name: 'Christmas 2026' })
      const target = await buildProductionTarget(tx, { eventId: event.id, recipeId: recipe.id })
      const past = await buildEvent(tx, { name: 'Christmas 2025' })
      const gone = await buildProductionTarget(tx, { eventId: past.id, recipeId: recipe.id })
      await softDelete(tx, 'productionTargets', gone.id)
      return { recipe, unit, target }
    })
    const attempt = run((tx) => deleteRecipe(tx, recipe.id))
    await expect(attempt).rejects.toBeInstanceOf(InUseError)
    await expect(attempt).rejects.toMatchObject({
      entity: 'recipe',
      id: recipe.id,
      usedBy: [
        { entity: 'finishedUnit', id: unit.id, name: 'Cookie' },
        { entity: 'productionTarget', id: target.id, name: 'Christmas 2026' },
      ],
    })
  })
})
