// @vitest-environment happy-dom
import { cleanup, configure, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setActionLogSink } from '../../../services/action-log'
import { createRecipients } from '../../../services/recipients'
import { runAction } from '../../data/app-data'
import { useToastStore } from '../../stores/toast-store'
import { RecipientsScreen } from './recipients-screen'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

let restoreSink: () => void = () => undefined

beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
  useToastStore.setState({ toasts: [] })
  // happy-dom lays nothing out: the list sits at the page's top, the page unscrolled.
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(
    () => new DOMRect(0, 0, 0, 0),
  )
})

afterEach(() => {
  cleanup()
  restoreSink()
  vi.restoreAllMocks()
})

/** `count` recipients named "Guest 001"… in one action, as a CSV import writes them. */
async function seedGuests(count: number, household: string): Promise<void> {
  const inputs = Array.from({ length: count }, (_, index) => ({
    name: `Guest ${String(index + 1).padStart(3, '0')}`,
    household,
  }))
  const result = await runAction([createRecipients], (tx) => createRecipients(tx, inputs))
  if (!result.ok) throw result.error
}

describe('RecipientsScreen', () => {
  it('renders only the rows near the viewport of a long list, and search still finds one far down', async () => {
    const household = `House ${Math.random().toString(36).slice(2)}`
    await seedGuests(300, household)
    render(<RecipientsScreen />)
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: household } })
    expect(await screen.findByText('Guest 001')).toBeTruthy()
    const list = screen.getByRole('list', { name: 'Recipients' })
    const shown = within(list).getAllByRole('listitem')
    expect(shown.length).toBeGreaterThan(5)
    expect(shown.length).toBeLessThan(40)
    expect(within(list).queryByText('Guest 290')).toBeNull()

    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'Guest 290' } })
    expect(await screen.findByText('Guest 290')).toBeTruthy()
    const found = screen.getByRole('list', { name: 'Recipients' })
    expect(within(found).getAllByRole('listitem')).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Edit Guest 290' })).toBeTruthy()
  })
})
