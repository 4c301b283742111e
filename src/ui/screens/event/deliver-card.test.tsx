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
import { getDeliveryList } from '../../../services'
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
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { useUiStore } from '../../stores/ui-store'
import { DeliverTab } from './deliver-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

let restoreSink: () => void = () => undefined

/** Alice (Okafor household, 3 Elm St) has a ready cookie box; Ben one still to do. */
async function seed() {
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
      const alice = await buildRecipient(tx, {
        name: 'Alice',
        household: 'Okafor household',
        address: '3 Elm St',
        notes: 'Back door',
      })
      const ben = await buildRecipient(tx, { name: 'Ben' })
      const aliceBox = await buildAssignment(tx, {
        eventId: event.id,
        recipientId: alice.id,
        packageId: pkg.id,
        status: 'assembled',
        notes: 'Gluten-free note inside',
      })
      const benBox = await buildAssignment(tx, {
        eventId: event.id,
        recipientId: ben.id,
        packageId: pkg.id,
      })
      return { eventId: event.id, aliceBox, benBox }
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
  window.history.replaceState(null, '', '/')
  useUiStore.setState({ deliverFilter: 'all', deliverSearch: '' })
})

function cardOf(name: string): HTMLElement {
  const item = within(screen.getByRole('list', { name: 'Packages' }))
    .getAllByRole('listitem')
    .find((entry) => entry.textContent?.includes(name))
  if (!item) throw new Error(`no card for ${name}`)
  return item
}

describe('Deliver card', () => {
  it('shows household, address, the recipient’s notes and the package’s notes', async () => {
    const { eventId } = await seed()
    render(<DeliverTab eventId={eventId} />)
    await screen.findByRole('button', { name: 'Mark delivered: Alice, Cookie box' })
    const card = cardOf('Alice')
    expect(within(card).getByText(/^Okafor household/)).toBeTruthy()
    expect(within(card).getByText('3 Elm St')).toBeTruthy()
    expect(within(card).getByText('Back door')).toBeTruthy()
    expect(within(card).getByText('Note: Gluten-free note inside')).toBeTruthy()
  }, 20_000)

  it('records who took the package when "Taken by" is filled in before Mark delivered', async () => {
    const { eventId, aliceBox } = await seed()
    render(<DeliverTab eventId={eventId} />)
    fireEvent.click(
      await screen.findByRole('button', { name: 'Taken by someone else: Alice, Cookie box' }),
    )
    fireEvent.change(within(cardOf('Alice')).getByLabelText('Taken by (optional)'), {
      target: { value: '  Mrs Patel next door ' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Mark delivered: Alice, Cookie box' }))
    await waitFor(() =>
      expect(within(cardOf('Alice')).getByText(/taken by Mrs Patel next door$/)).toBeTruthy(),
    )
    const stored = await runAction([getDeliveryList], (tx) => getDeliveryList(tx, eventId))
    expect(stored.ok && stored.value.find((row) => row.id === aliceBox.id)?.deliveredTo).toBe(
      'Mrs Patel next door',
    )
    // Only a package whose next step is delivery offers it.
    expect(
      screen.queryByRole('button', { name: 'Taken by someone else: Ben, Cookie box' }),
    ).toBeNull()
  }, 20_000)

  it('opens on the card a packing label names, showing every package whatever the filter', async () => {
    const { eventId, benBox } = await seed()
    useUiStore.setState({ deliverFilter: 'delivered', deliverSearch: 'Alice' })
    window.history.replaceState(null, '', `/events/${eventId}/deliver?assignment=${benBox.id}`)
    render(<DeliverTab eventId={eventId} />)
    await screen.findByRole('button', { name: 'Mark ready: Ben, Cookie box' })
    await waitFor(() => expect(document.activeElement).toBe(cardOf('Ben')))
    expect(cardOf('Ben').getAttribute('aria-current')).toBe('true')
    expect(cardOf('Alice').getAttribute('aria-current')).toBeNull()
    expect(useUiStore.getState()).toMatchObject({ deliverFilter: 'all', deliverSearch: '' })
  }, 20_000)
})
