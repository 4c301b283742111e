// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setActionLogSink } from '../../../services/action-log'
import { getProductionRuns } from '../../../services'
import {
  buildEvent,
  buildFinishedUnit,
  buildProductionTarget,
  buildRecipe,
} from '../../../test/builders'
import { Toaster } from '../../components/toaster'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { MakeTab } from './make-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })
const POLL = { timeout: 10_000 }

let restoreSink: () => void = () => undefined

/** Sugar cookies (24 per batch) and Truffles (30 per batch), a target of 2 batches each. */
async function seed(): Promise<string> {
  const result = await runAction(
    [buildEvent, buildRecipe, buildFinishedUnit, buildProductionTarget],
    async (tx) => {
      const event = await buildEvent(tx)
      for (const [name, perBatch] of [
        ['Sugar cookies', 24],
        ['Truffles', 30],
      ] as const) {
        const recipe = await buildRecipe(tx, { name })
        await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: perBatch, name })
        await buildProductionTarget(tx, {
          eventId: event.id,
          recipeId: recipe.id,
          targetBatches: 2,
        })
      }
      return event.id
    },
  )
  if (!result.ok) throw result.error
  return result.value
}

async function runsOf(eventId: string) {
  const result = await runAction([getProductionRuns], (tx) => getProductionRuns(tx, eventId))
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

function renderMake(eventId: string) {
  render(
    <>
      <MakeTab eventId={eventId} />
      <Toaster />
    </>,
  )
  return screen.getByRole('form', { name: 'Record baking' })
}

async function chooseRecipe(form: HTMLElement, label: string) {
  const select = within(form).getByLabelText('Recipe')
  await within(form).findByRole('option', { name: label })
  fireEvent.change(select, {
    target: { value: within(form).getByRole<HTMLOptionElement>('option', { name: label }).value },
  })
  // The recipe's one baked item is chosen by itself once it has been read.
  await within(form).findByRole('option', { name: new RegExp(`per batch`) })
}

describe('MakeTab record baking', () => {
  it('records 12 batches after Backspace then 12 (never 112)', async () => {
    const eventId = await seed()
    const form = renderMake(eventId)
    await chooseRecipe(form, 'Sugar cookies (planned)')
    const batches = within(form).getByRole('textbox', { name: 'Batches' })
    fireEvent.change(batches, { target: { value: '' } })
    fireEvent.change(batches, { target: { value: '1' } })
    fireEvent.change(batches, { target: { value: '12' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Record baking' }))
    await screen.findByText('Recorded 12 batches of Sugar cookies')
    expect((await runsOf(eventId)).map((run) => run.batches)).toEqual([12])
  }, 20_000)

  it('accepts a yield above the expected one, as the service does: 30 good items from 24', async () => {
    const eventId = await seed()
    const form = renderMake(eventId)
    await chooseRecipe(form, 'Sugar cookies (planned)')
    fireEvent.change(within(form).getByRole('textbox', { name: 'Good items' }), {
      target: { value: '30' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Record baking' }))
    await screen.findByText('Recorded 1 batch of Sugar cookies')
    expect((await runsOf(eventId)).map((run) => run.actualYield)).toEqual([30])
  }, 20_000)

  it('starts "Good items" afresh when the recipe changes', async () => {
    const eventId = await seed()
    const form = renderMake(eventId)
    await chooseRecipe(form, 'Sugar cookies (planned)')
    const good = within(form).getByRole<HTMLInputElement>('textbox', { name: 'Good items' })
    fireEvent.change(good, { target: { value: '20' } })
    await chooseRecipe(form, 'Truffles (planned)')
    expect(good.value).toBe('')
    await expect.poll(() => good.placeholder, POLL).toBe('30')
  }, 20_000)

  it('says "Enter 1 or more" for 0 batches, in words, and records nothing', async () => {
    const eventId = await seed()
    const form = renderMake(eventId)
    await chooseRecipe(form, 'Sugar cookies (planned)')
    fireEvent.change(within(form).getByRole('textbox', { name: 'Batches' }), {
      target: { value: '0' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Record baking' }))
    expect(await within(form).findByText('Enter 1 or more')).toBeTruthy()
    expect(await runsOf(eventId)).toEqual([])
  }, 20_000)
})

describe('MakeTab progress rows', () => {
  it('records one batch with "+1 batch" and takes it back with Undo', async () => {
    const eventId = await seed()
    renderMake(eventId)
    fireEvent.click(await screen.findByRole('button', { name: 'Record 1 batch of Truffles' }))
    const toast = await screen.findByText('Recorded 1 batch of Truffles')
    expect((await runsOf(eventId)).map((run) => run.recipeName)).toEqual(['Truffles'])
    const toastElement = toast.closest('.toast')
    if (!(toastElement instanceof HTMLElement)) throw new Error('expected a toast')
    fireEvent.click(within(toastElement).getByRole('button', { name: 'Undo' }))
    await expect.poll(async () => (await runsOf(eventId)).length, POLL).toBe(0)
  }, 20_000)

  it('opens the full form on the row’s recipe with "More…"', async () => {
    const eventId = await seed()
    const form = renderMake(eventId)
    fireEvent.click(
      await screen.findByRole('button', { name: 'Record Truffles with yield or losses' }),
    )
    const select = within(form).getByLabelText<HTMLSelectElement>('Recipe')
    await expect
      .poll(() => select.selectedOptions[0]?.textContent ?? '', POLL)
      .toBe('Truffles (planned)')
  }, 20_000)
})
