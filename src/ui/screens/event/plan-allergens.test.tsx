// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setActionLogSink } from '../../../services/action-log'
import { getEventAssignments } from '../../../services'
import { createRecipient } from '../../../services/recipients'
import {
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
} from '../../../test/builders'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { PlanTab } from './plan-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

let restoreSink: () => void = () => undefined

/** A "Nut tin" (a tin nested in a hamper, made with peanuts) and Pat, who must not get peanuts. */
async function seed(): Promise<string> {
  const result = await runAction(
    [
      buildIngredient,
      buildRecipe,
      buildFinishedUnit,
      buildFinishedGood,
      buildPackage,
      createRecipient,
      buildEvent,
    ],
    async (tx) => {
      const nuts = await buildIngredient(tx, { allergens: ['peanuts'] })
      const recipe = await buildRecipe(tx, {
        ingredients: [{ ingredientId: nuts.id, quantity: 50, unit: 'g' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 10 })
      const tin = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 5 }],
      })
      const hamper = await buildFinishedGood(tx, {
        components: [{ kind: 'good', id: tin.id, quantity: 1 }],
      })
      await buildPackage(tx, {
        name: 'Nut tin',
        contents: [{ finishedGoodId: hamper.id, quantity: 1 }],
      })
      await createRecipient(tx, { name: 'Pat', exclusions: ['peanuts'] })
      return (await buildEvent(tx)).id
    },
  )
  if (!result.ok) throw result.error
  return result.value
}

async function assignments(eventId: string) {
  const result = await runAction([getEventAssignments], (tx) => getEventAssignments(tx, eventId))
  if (!result.ok) throw result.error
  return result.value
}

beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
  useToastStore.setState({ toasts: [] })
})

afterEach(() => {
  cleanup()
  restoreSink()
})

async function tryToAssign() {
  const form = screen.getByRole('form', { name: 'Assign a package' })
  await within(form).findByRole('option', { name: 'Pat' })
  await within(form).findByRole('option', { name: 'Nut tin' })
  fireEvent.change(within(form).getByLabelText('Recipient'), {
    target: { value: within(form).getByRole('option', { name: 'Pat' }).getAttribute('value') },
  })
  fireEvent.change(within(form).getByLabelText('Package'), {
    target: { value: within(form).getByRole('option', { name: 'Nut tin' }).getAttribute('value') },
  })
  fireEvent.click(within(form).getByRole('button', { name: 'Assign package' }))
}

describe('PlanTab allergen warning', () => {
  it('asks before assigning a package with an allergen the recipient must not get; Cancel assigns nothing', async () => {
    const eventId = await seed()
    render(<PlanTab eventId={eventId} />)
    await tryToAssign()
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain('Nut tin contains peanuts, which Pat must not get')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(await assignments(eventId)).toHaveLength(0)

    await tryToAssign()
    fireEvent.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Assign anyway' }),
    )
    await expect.poll(async () => (await assignments(eventId)).length, { timeout: 10_000 }).toBe(1)
  }, 30_000)
})
