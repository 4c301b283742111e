// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setActionLogSink } from '../../../services/action-log'
import { getEventAssignments, listAssemblyTargets, listProductionTargets } from '../../../services'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildPackage,
  buildRecipe,
  buildRecipient,
} from '../../../test/builders'
import { ALL_TABLES } from '../../../db/tables'
import type { Tx } from '../../../db/tx'
import { Toaster } from '../../components/toaster'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { PlanTab } from './plan-tab'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })
const POLL = { timeout: 10_000 }

let restoreSink: () => void = () => undefined

/**
 * A hamper holds a cookie tin; a tin holds 6 cookies (12 per batch). Alice gets a hamper
 * (delivered), Bob a tin.
 */
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
      const cookie = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
      const tin = await buildFinishedGood(tx, {
        name: 'Cookie tin',
        components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
      })
      const hamper = await buildFinishedGood(tx, {
        name: 'Hamper',
        components: [{ kind: 'good', id: tin.id, quantity: 1 }],
      })
      const hamperBox = await buildPackage(tx, {
        name: 'Hamper box',
        contents: [{ finishedGoodId: hamper.id, quantity: 1 }],
      })
      const tinBox = await buildPackage(tx, {
        name: 'Tin box',
        contents: [{ finishedGoodId: tin.id, quantity: 1 }],
      })
      const event = await buildEvent(tx)
      const alice = await buildRecipient(tx, { name: 'Alice' })
      const bob = await buildRecipient(tx, { name: 'Bob' })
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: alice.id,
        packageId: hamperBox.id,
        status: 'delivered',
        statusEpoch: 0,
        deliveredAt: '2026-12-20T10:00:00.000Z',
      })
      await buildAssignment(tx, { eventId: event.id, recipientId: bob.id, packageId: tinBox.id })
      return event.id
    },
  )
  if (!result.ok) throw result.error
  return result.value
}

async function read<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await runAction([ALL_TABLES], fn)
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

function renderPlan(eventId: string) {
  render(
    <>
      <PlanTab eventId={eventId} />
      <Toaster />
    </>,
  )
}

describe('PlanTab targets', () => {
  it('sets every assembly target from the packages in one tap, nested tins included', async () => {
    const eventId = await seed()
    renderPlan(eventId)
    const section = (await screen.findByRole('heading', { name: 'Assembly targets' })).closest(
      'section',
    )
    if (!section) throw new Error('expected the assembly section')
    fireEvent.click(
      await within(section).findByRole('button', {
        name: 'Use what packages need (2 finished goods)',
      }),
    )
    await expect
      .poll(
        async () =>
          (await read((tx) => listAssemblyTargets(tx, eventId))).map((row) => [
            row.finishedGoodName,
            row.targetQuantity,
          ]),
        POLL,
      )
      .toEqual([
        ['Cookie tin', 2],
        ['Hamper', 1],
      ])
  }, 20_000)

  it('saves a typed target on Enter, and marks an emptied one "Not saved" instead of dropping it', async () => {
    const eventId = await seed()
    renderPlan(eventId)
    const field = await screen.findByRole('textbox', { name: 'Target batches for Sugar cookies' })
    fireEvent.change(field, { target: { value: '3' } })
    fireEvent.keyDown(field, { key: 'Enter' })
    await expect
      .poll(
        async () =>
          (await read((tx) => listProductionTargets(tx, eventId))).map((row) => row.targetBatches),
        POLL,
      )
      .toEqual([3])
    // The screen has the stored target once it offers to remove it.
    await screen.findByRole('button', { name: 'Remove target for Sugar cookies' })
    fireEvent.change(field, { target: { value: '' } })
    fireEvent.blur(field)
    expect(await screen.findByText('Not saved')).toBeTruthy()
    expect(screen.getByText('Enter a whole number, 1 or more')).toBeTruthy()
    expect(
      (await read((tx) => listProductionTargets(tx, eventId))).map((row) => row.targetBatches),
    ).toEqual([3])
  }, 20_000)
})

describe('PlanTab assignments', () => {
  it('asks before removing a delivered assignment, and Undo brings it back', async () => {
    const eventId = await seed()
    renderPlan(eventId)
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Hamper box for Alice' }))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog.textContent).toContain('Remove a delivered package?')
    expect(await read((tx) => getEventAssignments(tx, eventId))).toHaveLength(2)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove' }))
    const toast = await screen.findByText('Removed Hamper box for Alice')
    expect(await read((tx) => getEventAssignments(tx, eventId))).toHaveLength(1)
    const toastElement = toast.closest('.toast')
    if (!(toastElement instanceof HTMLElement)) throw new Error('expected a toast')
    fireEvent.click(within(toastElement).getByRole('button', { name: 'Undo' }))
    await expect
      .poll(
        async () => (await read((tx) => getEventAssignments(tx, eventId))).map((row) => row.status),
        POLL,
      )
      .toEqual(['delivered', 'pending'])
  }, 20_000)

  it('removes a to-do assignment at once with an Undo', async () => {
    const eventId = await seed()
    renderPlan(eventId)
    fireEvent.click(await screen.findByRole('button', { name: 'Remove Tin box for Bob' }))
    await screen.findByText('Removed Tin box for Bob')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(await read((tx) => getEventAssignments(tx, eventId))).toHaveLength(1)
  }, 20_000)
})
