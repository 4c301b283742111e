// @vitest-environment happy-dom
import {
  cleanup,
  configure,
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setActionLogSink } from '../../../services/action-log'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildPackage,
  buildRecipe,
  buildRecipient,
} from '../../../test/builders'
import { Toaster } from '../../components/toaster'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { DeliverTab } from './deliver-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

let restoreSink: () => void = () => undefined

/** Alice gets a box of 12 cookies; nothing is baked yet. Each test seeds its own event. */
async function seed(): Promise<string> {
  const result = await runAction(
    [
      buildRecipe,
      buildFinishedUnit,
      buildFinishedGood,
      buildPackage,
      buildEvent,
      buildRecipient,
      buildAssignment,
    ],
    async (tx) => {
      const recipe = await buildRecipe(tx, { name: 'Sugar cookies' })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
      const good = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 12 }],
      })
      const pkg = await buildPackage(tx, {
        name: 'Cookie box',
        contents: [{ finishedGoodId: good.id, quantity: 1 }],
      })
      const event = await buildEvent(tx)
      const alice = await buildRecipient(tx, { name: 'Alice' })
      await buildAssignment(tx, { eventId: event.id, recipientId: alice.id, packageId: pkg.id })
      return event.id
    },
  )
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

function card() {
  return within(screen.getByRole('list', { name: 'Packages' })).getByRole('listitem')
}

describe('DeliverTab package card', () => {
  it('lists what is missing, then "Assemble anyway" marks it ready at once and Undo takes it back', async () => {
    const eventId = await seed()
    render(
      <>
        <DeliverTab eventId={eventId} />
        <Toaster />
      </>,
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Mark ready: Alice, Cookie box' }))
    const missing = await screen.findByRole('alert')
    expect(missing.textContent).toContain('Sugar cookies: 1 batch missing (0 of 1 baked)')
    fireEvent.click(within(missing).getByRole('button', { name: 'Assemble anyway' }))
    // The card shows its next step as soon as its own step commits.
    const deliver = await screen.findByRole('button', { name: 'Mark delivered: Alice, Cookie box' })
    expect(deliver.className).toContain('button-step-deliver')
    expect(within(card()).getByText('Ready')).toBeTruthy()
    const toast = await screen.findByRole('status')
    expect(toast.textContent).toContain('Alice: Cookie box ready')
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }))
    expect(
      await screen.findByRole('button', { name: 'Mark ready: Alice, Cookie box' }),
    ).toBeTruthy()
  }, 20_000)

  it('offers Undo after Move back, and drops the earlier toast whose step no longer holds', async () => {
    const eventId = await seed()
    render(
      <>
        <DeliverTab eventId={eventId} />
        <Toaster />
      </>,
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Mark ready: Alice, Cookie box' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Assemble anyway' }))
    await screen.findByText(/Alice: Cookie box ready/)
    fireEvent.click(
      await screen.findByRole('button', { name: 'Move back to To do: Alice, Cookie box' }),
    )
    const moved = await screen.findByText(/moved back to To do/)
    // The "ready" toast's Undo would undo a step that is no longer there: it is gone.
    await waitFor(() => expect(screen.queryByText(/Alice: Cookie box ready/)).toBeNull())
    const toast = moved.closest('.toast')
    if (!(toast instanceof HTMLElement)) throw new Error('the move-back toast should be a toast')
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }))
    expect(
      await screen.findByRole('button', { name: 'Mark delivered: Alice, Cookie box' }),
    ).toBeTruthy()
  }, 20_000)
})
