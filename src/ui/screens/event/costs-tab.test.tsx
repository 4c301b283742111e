// @vitest-environment happy-dom
import { cleanup, configure, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
  buildRecipient,
} from '../../../test/builders'
import { runAction } from '../../data/app-data'
import { CostsTab } from './costs-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

afterEach(cleanup)

/** Eggs at 3.10 a dozen, 1 egg per batch; a box of 3 custards needs 3 batches = 0.775. */
async function seed(): Promise<string> {
  const result = await runAction(
    [
      buildIngredient,
      buildRecipe,
      buildFinishedUnit,
      buildFinishedGood,
      buildPackage,
      buildEvent,
      buildRecipient,
      buildAssignment,
    ],
    async (tx) => {
      const eggs = await buildIngredient(tx, { name: 'Eggs', unit: 'dozen', unitCost: 3_100_000 })
      const recipe = await buildRecipe(tx, {
        name: 'Egg custard',
        ingredients: [{ ingredientId: eggs.id, quantity: 1, unit: 'each' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 1 })
      const box = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 3 }],
      })
      const pkg = await buildPackage(tx, {
        name: 'Custard box',
        contents: [{ finishedGoodId: box.id, quantity: 1 }],
      })
      const event = await buildEvent(tx)
      const recipient = await buildRecipient(tx)
      await buildAssignment(tx, { eventId: event.id, recipientId: recipient.id, packageId: pkg.id })
      return event.id
    },
  )
  if (!result.ok) throw result.error
  return result.value
}

describe('CostsTab', () => {
  it('says "Not baked yet" and "0.78 still to come" for an unbaked recipe, never "-100.00 %"', async () => {
    render(<CostsTab eventId={await seed()} />)
    const row = await screen.findByRole('row', { name: /Egg custard/ })
    expect(within(row).getByText('Not baked yet')).toBeTruthy()
    expect(within(row).getByText('0.78 still to come')).toBeTruthy()
    expect(row.textContent).not.toContain('%')
  }, 20_000)

  it('shows what one gift of each package costs: a custard box 0.78', async () => {
    render(<CostsTab eventId={await seed()} />)
    const table = await screen.findByRole('table', { name: 'Cost per gift' })
    expect(within(table).getByRole('row', { name: /Custard box/ }).textContent).toContain('0.78')
  }, 20_000)
})
