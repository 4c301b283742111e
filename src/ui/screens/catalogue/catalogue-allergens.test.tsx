// @vitest-environment happy-dom
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildRecipe,
} from '../../../test/builders'
import { runAction } from '../../data/app-data'
import { FinishedGoodsTab } from './finished-goods-tab'
import { FinishedUnitsTab } from './finished-units-tab'
import { RecipesTab } from './recipes-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

/** Shortbread (flour: gluten, butter: milk) in a tin, nested in a hamper with marzipan (almonds). */
beforeAll(async () => {
  const result = await runAction(
    [buildIngredient, buildRecipe, buildFinishedUnit, buildFinishedGood],
    async (tx) => {
      const flour = await buildIngredient(tx, { name: 'Flour', allergens: ['gluten'] })
      const butter = await buildIngredient(tx, { name: 'Butter', allergens: ['milk'] })
      const almonds = await buildIngredient(tx, { name: 'Almonds', allergens: ['tree nuts'] })
      const ing = (id: string) => ({ ingredientId: id, quantity: 100, unit: 'g' as const })
      const shortbread = await buildRecipe(tx, {
        name: 'Shortbread',
        ingredients: [ing(flour.id), ing(butter.id)],
      })
      const marzipan = await buildRecipe(tx, { name: 'Marzipan', ingredients: [ing(almonds.id)] })
      const biscuit = await buildFinishedUnit(tx, {
        name: 'Shortbread finger',
        recipeId: shortbread.id,
        itemsPerBatch: 12,
      })
      const sweet = await buildFinishedUnit(tx, {
        name: 'Marzipan fruit',
        recipeId: marzipan.id,
        itemsPerBatch: 20,
      })
      const tin = await buildFinishedGood(tx, {
        name: 'Shortbread tin',
        components: [{ kind: 'unit', id: biscuit.id, quantity: 6 }],
      })
      await buildFinishedGood(tx, {
        name: 'Hamper',
        components: [
          { kind: 'good', id: tin.id, quantity: 1 },
          { kind: 'unit', id: sweet.id, quantity: 4 },
        ],
      })
    },
  )
  if (!result.ok) throw result.error
})

afterEach(cleanup)

async function row(list: string, name: string): Promise<HTMLElement> {
  const rows = within(await screen.findByRole('list', { name: list }))
  return waitFor(() => {
    const item = rows.getAllByRole('listitem').find((entry) => entry.textContent?.includes(name))
    if (!item) throw new Error(`no row ${name} in ${list}`)
    return item
  })
}

describe('catalogue lists show what each item contains, rolled up', () => {
  it('says which allergens a recipe contains', async () => {
    render(<RecipesTab />)
    expect(
      await within(await row('Recipes', 'Shortbread')).findByText(/contains gluten, milk$/),
    ).toBeTruthy()
  }, 20_000)

  it('says which allergens a baked item contains, through its recipe', async () => {
    render(<FinishedUnitsTab />)
    expect(
      await within(await row('Baked items', 'Marzipan fruit')).findByText(/contains tree nuts$/),
    ).toBeTruthy()
  }, 20_000)

  it('says which allergens a finished good contains, through nested goods', async () => {
    render(<FinishedGoodsTab />)
    expect(
      await within(await row('Finished goods', 'Hamper')).findByText(
        /contains gluten, milk, tree nuts$/,
      ),
    ).toBeTruthy()
  }, 20_000)
})
