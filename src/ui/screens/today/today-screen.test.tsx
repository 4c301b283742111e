// @vitest-environment happy-dom
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { FIRST_SYNC_META_KEY } from '../../../sync/sync-state'
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

  it("shows an event whose rows are still arriving in words, then its bars the moment the first sync's stage stores them", async () => {
    const inFiveDays = new Date(`${todayIso()}T12:00:00Z`)
    inFiveDays.setUTCDate(inFiveDays.getUTCDate() + 5)
    const seeded = await runAction([buildEvent], (tx) =>
      buildEvent(tx, { name: 'Spring sale', date: inFiveDays.toISOString().slice(0, 10) }),
    )
    if (!seeded.ok) throw seeded.error
    const state = {
      stage: 'upcoming',
      cursor: null,
      seq: 3,
      events: ['other', seeded.value.id],
      currentCount: 1,
      done: 0,
      total: null,
    }
    const stored = await runAction(['meta'], (tx) =>
      tx.meta.put({ key: FIRST_SYNC_META_KEY, value: state }),
    )
    if (!stored.ok) throw stored.error
    render(<TodayScreen />)
    const card = await screen.findByRole('button', { name: /^Spring sale, / })
    expect(card.getAttribute('aria-busy')).toBe('true')
    expect(card.textContent).toContain('still arriving')
    expect(card.textContent).not.toContain('Baking')

    // The upcoming stage's last page is stored: the card shows its bars without a reload.
    const done = await runAction(['meta'], (tx) =>
      tx.meta.put({ key: FIRST_SYNC_META_KEY, value: { ...state, stage: 'history' } }),
    )
    if (!done.ok) throw done.error
    await waitFor(() => {
      expect(screen.getByRole('button', { name: /^Spring sale, / }).textContent).toContain('Baking')
    })
    expect(
      screen.getByRole('button', { name: /^Spring sale, / }).getAttribute('aria-busy'),
    ).toBeNull()
    await runAction(['meta'], (tx) => tx.meta.delete(FIRST_SYNC_META_KEY))
  })
})
