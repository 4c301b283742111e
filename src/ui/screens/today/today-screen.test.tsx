// @vitest-environment happy-dom
import { cleanup, configure, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { buildEvent } from '../../../test/builders'
import { runAction } from '../../data/app-data'
import { todayIso } from '../../format'
import { TodayScreen } from './today-screen'

// Live queries on a busy 2-core machine: wait for the screen up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

afterEach(() => {
  cleanup()
})

describe('TodayScreen', () => {
  it('shows the first event card with its progress bars at once, never a card still loading', async () => {
    const inTenDays = new Date(`${todayIso()}T12:00:00Z`)
    inTenDays.setUTCDate(inTenDays.getUTCDate() + 10)
    const seeded = await runAction([buildEvent], (tx) =>
      buildEvent(tx, { name: 'Winter fair', date: inTenDays.toISOString().slice(0, 10) }),
    )
    if (!seeded.ok) throw seeded.error
    render(<TodayScreen />)
    // Found as soon as the card is in the DOM (a MutationObserver), so a card shown before its
    // figures would be caught busy here.
    const card = await screen.findByRole('button', { name: /^Winter fair, / })
    expect(card.getAttribute('aria-busy')).toBeNull()
    expect(card.textContent).toContain('Baking')
    expect(card.textContent).toContain('Deliveries')
  })
})
