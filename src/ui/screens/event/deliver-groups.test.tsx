// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setActionLogSink } from '../../../services/action-log'
import { createRecipient } from '../../../services/recipients'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
} from '../../../test/builders'
import { Toaster } from '../../components/toaster'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { DeliverTab } from './deliver-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

let restoreSink: () => void = () => undefined

/**
 * Amy and Bob (Smiths, North, order 2), Cat (Jones, North, order 1, avoids milk) and Zed (no
 * route); everyone's Shortbread tin (butter: milk) is at `status` (ready unless told), and
 * nothing is baked yet.
 */
async function seed(status: 'pending' | 'assembled' = 'assembled'): Promise<string> {
  const result = await runAction(
    [
      buildIngredient,
      buildRecipe,
      buildFinishedUnit,
      buildFinishedGood,
      buildPackage,
      buildEvent,
      createRecipient,
      buildAssignment,
    ],
    async (tx) => {
      const butter = await buildIngredient(tx, { allergens: ['milk'] })
      const recipe = await buildRecipe(tx, {
        ingredients: [{ ingredientId: butter.id, quantity: 100, unit: 'g' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
      const good = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: unit.id, quantity: 6 }],
      })
      const pkg = await buildPackage(tx, {
        name: 'Shortbread tin',
        contents: [{ finishedGoodId: good.id, quantity: 1 }],
      })
      const event = await buildEvent(tx)
      const people = [
        { name: 'Amy', household: 'Smiths', route: 'North', routeOrder: 2, address: '2 High St' },
        { name: 'Bob', household: 'Smiths', route: 'North', routeOrder: 2, address: '2 High St' },
        {
          name: 'Cat',
          household: 'Jones',
          route: 'North',
          routeOrder: 1,
          exclusions: ['milk' as const],
        },
        { name: 'Zed', household: 'Zeds' },
      ]
      for (const person of people) {
        const recipient = await createRecipient(tx, person)
        await buildAssignment(tx, {
          eventId: event.id,
          recipientId: recipient.id,
          packageId: pkg.id,
          status,
        })
      }
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

describe('DeliverTab grouped by route', () => {
  it('lists routes in order with the address and allergen flag, and delivers one household in one action with one Undo', async () => {
    const eventId = await seed()
    render(
      <>
        <DeliverTab eventId={eventId} />
        <Toaster />
      </>,
    )
    fireEvent.click(await screen.findByRole('button', { name: 'Route' }))
    const north = await screen.findByRole('region', { name: 'North' })
    const lists = within(north).getAllByRole('list')
    expect(lists.map((list) => list.getAttribute('aria-label'))).toEqual([
      'Packages: Jones',
      'Packages: Smiths',
    ])
    expect(screen.getByRole('region', { name: 'No route' })).toBeTruthy()
    expect(within(lists[0]!).getByText(/Contains milk: Cat avoids it/)).toBeTruthy()
    expect(within(lists[1]!).getAllByText('2 High St')).toHaveLength(2)

    fireEvent.click(
      within(north).getByRole('button', { name: 'Deliver all for this household: Smiths' }),
    )
    const toast = await screen.findByRole('status')
    expect(toast.textContent).toContain('Smiths: 2 packages delivered')
    expect(
      await screen.findByRole('button', { name: 'Move back to Ready: Amy, Shortbread tin' }),
    ).toBeTruthy()
    expect(
      screen.getByRole('button', { name: 'Move back to Ready: Bob, Shortbread tin' }),
    ).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Mark delivered: Cat, Shortbread tin' })).toBeTruthy()

    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }))
    expect(
      await screen.findByRole('button', { name: 'Mark delivered: Amy, Shortbread tin' }),
    ).toBeTruthy()
    expect(
      await screen.findByRole('button', { name: 'Mark delivered: Bob, Shortbread tin' }),
    ).toBeTruthy()
  }, 30_000)

  it('delivers a household to the person named under "Taken by…", on every package it delivers', async () => {
    const eventId = await seed()
    render(<DeliverTab eventId={eventId} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Household' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Taken by someone else: Smiths' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'Taken by (optional)' }), {
      target: { value: 'Neighbour at no. 4' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Deliver all for this household: Smiths' }))
    const smiths = await screen.findByRole('list', { name: 'Packages: Smiths' })
    await within(smiths).findByRole('button', { name: 'Move back to Ready: Amy, Shortbread tin' })
    await within(smiths).findByRole('button', { name: 'Move back to Ready: Bob, Shortbread tin' })
    expect(within(smiths).getAllByText(/taken by Neighbour at no\. 4/)).toHaveLength(2)
  }, 30_000)

  it('shows what is not baked when a household is marked ready too early, and marks it ready anyway on request', async () => {
    const eventId = await seed('pending')
    render(<DeliverTab eventId={eventId} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Household' }))
    fireEvent.click(
      await screen.findByRole('button', { name: 'Mark all ready for this household: Smiths' }),
    )
    const panel = await screen.findByRole('alert')
    expect(panel.textContent).toContain('Not everything is baked yet.')
    expect(panel.textContent).toMatch(/1 batch missing \(0 of 1 baked\)/)
    expect(screen.getByRole('button', { name: 'Mark ready: Amy, Shortbread tin' })).toBeTruthy()

    fireEvent.click(within(panel).getByRole('button', { name: 'Mark all ready anyway' }))
    await screen.findByRole('button', { name: 'Mark delivered: Amy, Shortbread tin' })
    await screen.findByRole('button', { name: 'Mark delivered: Bob, Shortbread tin' })
    expect(screen.getByRole('button', { name: 'Mark ready: Cat, Shortbread tin' })).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  }, 30_000)
})
