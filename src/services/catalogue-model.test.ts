import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
} from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { exactBatches, loadCatalogue } from './catalogue-model'
import { formatMoney } from './money'

/**
 * Sugar cookies, worked by hand:
 *   flour 500 g, bought per kg at 2.50       → 0.5 kg × 2.50                     = 1.25
 *   sugar 1 cup, bought per g at 0.0042, density 0.85 g/ml
 *                                            → 236.5882365 ml × 0.85 = 201.100001025 g
 *                                              × 0.0042                          = 0.844620004305
 *   butter 2 each at 0.60                    → 1.20
 *   batch                                    = 3.294620004305 → "3.29"
 *   24 cookies per batch                     → 0.137275833512708… per cookie
 */
async function sugarCookies(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2_500_000 })
  const sugar = await buildIngredient(tx, {
    name: 'Sugar',
    unit: 'g',
    unitCost: 4_200,
    density: 0.85,
  })
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'each', unitCost: 600_000 })
  const recipe = await buildRecipe(tx, {
    name: 'Sugar cookies',
    ingredients: [
      { ingredientId: flour.id, quantity: 500, unit: 'g' },
      { ingredientId: sugar.id, quantity: 1, unit: 'cup' },
      { ingredientId: butter.id, quantity: 2, unit: 'each' },
    ],
  })
  const cookie = await buildFinishedUnit(tx, {
    name: 'Sugar cookie',
    recipeId: recipe.id,
    itemsPerBatch: 24,
  })
  return { flour, sugar, butter, recipe, cookie }
}

describe('CatalogueModel costs', () => {
  it('costs a sugar-cookie batch at exactly 3.294620004305 (3.29) across g/kg, cup→g by density and each', async () => {
    const { run } = makeTestDb()
    const cost = await run(async (tx) => {
      const { recipe } = await sugarCookies(tx)
      return (await loadCatalogue(tx)).recipeCostPerBatch(recipe.id)
    })
    expect(cost.toFixed()).toBe('3.294620004305')
    expect(formatMoney(cost)).toBe('3.29')
  })

  it('costs a tin of 6 cookies and a 4-cookie mini box nested inside at 10 × cookie cost = 1.37', async () => {
    const { run } = makeTestDb()
    const cost = await run(async (tx) => {
      const { cookie } = await sugarCookies(tx)
      const mini = await buildFinishedGood(tx, {
        name: 'Mini box',
        components: [{ kind: 'unit', id: cookie.id, quantity: 4 }],
      })
      const tin = await buildFinishedGood(tx, {
        name: 'Tin',
        components: [
          { kind: 'unit', id: cookie.id, quantity: 6 },
          { kind: 'good', id: mini.id, quantity: 1 },
        ],
      })
      return (await loadCatalogue(tx)).finishedGoodCostPerItem(tin.id)
    })
    // 3.294620004305 ÷ 24 × 10 = 1.37275833512708…
    expect(formatMoney(cost)).toBe('1.37')
    expect(cost.times(24).toFixed()).toBe('32.94620004305')
  })
})

describe('CatalogueModel needs', () => {
  it('sums units per recipe before rounding up: two packages of 6 cookies from a 12-cookie recipe need 1 batch', async () => {
    const { run } = makeTestDb()
    const needs = await run(async (tx) => {
      const recipe = await buildRecipe(tx, { name: 'Gingerbread' })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
      const bag = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 6 }],
      })
      const pkgA = await buildPackage(tx, { contents: [{ finishedGoodId: bag.id, quantity: 1 }] })
      const pkgB = await buildPackage(tx, { contents: [{ finishedGoodId: bag.id, quantity: 1 }] })
      const model = await loadCatalogue(tx)
      return model.recipeNeeds(
        model.unitsForAssignments([
          { packageId: pkgA.id, quantity: 1 },
          { packageId: pkgB.id, quantity: 1 },
        ]),
      )
    })
    expect(needs).toHaveLength(1)
    expect(needs[0]).toMatchObject({
      recipeName: 'Gingerbread',
      totalUnitsNeeded: 12,
      itemsPerBatch: 12,
      batchesNeeded: 1,
    })
  })

  it('expands 3 packages × 2 tins × (6 cookies + 1 mini box of 4) to 60 cookies = 3 batches of 24', async () => {
    const { run } = makeTestDb()
    const needs = await run(async (tx) => {
      const { cookie } = await sugarCookies(tx)
      const mini = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: cookie.id, quantity: 4 }],
      })
      const tin = await buildFinishedGood(tx, {
        components: [
          { kind: 'unit', id: cookie.id, quantity: 6 },
          { kind: 'good', id: mini.id, quantity: 1 },
        ],
      })
      const pkg = await buildPackage(tx, { contents: [{ finishedGoodId: tin.id, quantity: 2 }] })
      const model = await loadCatalogue(tx)
      return model.recipeNeeds(model.unitsForAssignments([{ packageId: pkg.id, quantity: 3 }]))
    })
    expect(needs[0]).toMatchObject({
      recipeName: 'Sugar cookies',
      totalUnitsNeeded: 60,
      itemsPerBatch: 24,
      batchesNeeded: 3,
    })
  })

  it('rounds a recipe with two finished units of different yields once: 10 of 12/batch + 30 of 36/batch = 2 batches', async () => {
    const { run } = makeTestDb()
    const need = await run(async (tx) => {
      const recipe = await buildRecipe(tx, { name: 'Shortbread' })
      const large = await buildFinishedUnit(tx, {
        name: 'Large',
        recipeId: recipe.id,
        itemsPerBatch: 12,
      })
      const small = await buildFinishedUnit(tx, {
        name: 'Small',
        recipeId: recipe.id,
        itemsPerBatch: 36,
      })
      const model = await loadCatalogue(tx)
      return model.recipeNeeds(
        new Map([
          [large.id, 10],
          [small.id, 30],
        ]),
      )[0]
    })
    // 10/12 + 30/36 = 5/6 + 5/6 = 10/6 → 2 batches; the main unit is Small (30 items).
    expect(need).toMatchObject({ totalUnitsNeeded: 40, itemsPerBatch: 36, batchesNeeded: 2 })
  })

  it('sorts needs by recipe name', async () => {
    const { run } = makeTestDb()
    const names = await run(async (tx) => {
      const b = await buildRecipe(tx, { name: 'brownies' })
      const a = await buildRecipe(tx, { name: 'Almond rings' })
      const ub = await buildFinishedUnit(tx, { recipeId: b.id })
      const ua = await buildFinishedUnit(tx, { recipeId: a.id })
      const model = await loadCatalogue(tx)
      return model
        .recipeNeeds(
          new Map([
            [ub.id, 1],
            [ua.id, 1],
          ]),
        )
        .map((need) => need.recipeName)
    })
    expect(names).toEqual(['Almond rings', 'brownies'])
  })
})

describe('exactBatches', () => {
  it('rounds a sum of thirds exactly: 1/3 + 1/3 + 1/3 of a batch is 1 batch, not 2', () => {
    expect(exactBatches([1, 1, 1].map((units) => ({ units, perBatch: 3 })))).toBe(1)
    expect(
      exactBatches([
        { units: 12, perBatch: 12 },
        { units: 1, perBatch: 7 },
      ]),
    ).toBe(2)
    expect(exactBatches([])).toBe(0)
  })
})
