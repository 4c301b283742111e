import { describe, expect, it } from 'vitest'
import {
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
} from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { listCatalogueAllergens } from './allergens'
import { deleteRecipe } from './recipes'

describe('listCatalogueAllergens', () => {
  it('rolls allergens up to every recipe, baked item, finished good (nested) and package', async () => {
    const testDb = makeTestDb()
    const c = await testDb.run(async (tx) => {
      const flour = await buildIngredient(tx, { name: 'Flour', allergens: ['gluten'] })
      const butter = await buildIngredient(tx, { name: 'Butter', allergens: ['milk'] })
      const almonds = await buildIngredient(tx, { name: 'Almonds', allergens: ['tree nuts'] })
      const sugar = await buildIngredient(tx, { name: 'Sugar' })
      const ing = (id: string) => ({ ingredientId: id, quantity: 100, unit: 'g' as const })
      const shortbread = await buildRecipe(tx, { ingredients: [ing(flour.id), ing(butter.id)] })
      const marzipan = await buildRecipe(tx, { ingredients: [ing(almonds.id), ing(sugar.id)] })
      const fudge = await buildRecipe(tx, { ingredients: [ing(sugar.id)] })
      const biscuit = await buildFinishedUnit(tx, { recipeId: shortbread.id, itemsPerBatch: 12 })
      const sweet = await buildFinishedUnit(tx, { recipeId: marzipan.id, itemsPerBatch: 20 })
      const tin = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: biscuit.id, quantity: 6 }],
      })
      const hamper = await buildFinishedGood(tx, {
        components: [
          { kind: 'good', id: tin.id, quantity: 1 },
          { kind: 'unit', id: sweet.id, quantity: 4 },
        ],
      })
      const pkg = await buildPackage(tx, {
        contents: [{ finishedGoodId: hamper.id, quantity: 1 }],
      })
      return { shortbread, marzipan, fudge, biscuit, sweet, tin, hamper, pkg }
    })
    const all = await testDb.read((tx) => listCatalogueAllergens(tx))
    expect(all.recipes).toEqual({
      [c.shortbread.id]: ['gluten', 'milk'],
      [c.marzipan.id]: ['tree nuts'],
      [c.fudge.id]: [],
    })
    expect(all.finishedUnits).toEqual({
      [c.biscuit.id]: ['gluten', 'milk'],
      [c.sweet.id]: ['tree nuts'],
    })
    expect(all.finishedGoods).toEqual({
      [c.tin.id]: ['gluten', 'milk'],
      [c.hamper.id]: ['gluten', 'milk', 'tree nuts'],
    })
    expect(all.packages).toEqual({ [c.pkg.id]: ['gluten', 'milk', 'tree nuts'] })
  })

  it('leaves deleted items out of the lists', async () => {
    const testDb = makeTestDb()
    const recipe = await testDb.run((tx) => buildRecipe(tx))
    await testDb.run((tx) => deleteRecipe(tx, recipe.id))
    const all = await testDb.read((tx) => listCatalogueAllergens(tx))
    expect(all.recipes).toEqual({})
  })
})
