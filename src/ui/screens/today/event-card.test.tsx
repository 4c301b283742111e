// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { eventWithProgress } from '../../../test/event-progress'
import { EventCard } from './event-card'

afterEach(() => {
  cleanup()
})

const EVENT = eventWithProgress({
  eventName: 'Winter fair',
  overall: { packagesPending: 3, packagesDelivered: 1, packagesTotal: 4 },
})

describe('EventCard', () => {
  it('says in words that the figures are still arriving, busy and with no bars, while the rows arrive', () => {
    render(<EventCard event={EVENT} today="2026-12-01" arriving onOpen={() => undefined} />)
    const card = screen.getByRole('button', { name: /^Winter fair, / })
    expect(card.getAttribute('aria-busy')).toBe('true')
    expect(card.textContent).toContain('still arriving from the other tablets')
    // The words are the card's description, so a screen reader reads them with its name.
    const note = document.getElementById(card.getAttribute('aria-describedby') ?? '')
    expect(note?.textContent).toContain('still arriving')
    expect(screen.queryAllByRole('progressbar')).toEqual([])
    expect(card.textContent).not.toContain('1 of 4')
  })

  it('shows the three bars, not busy, once the rows are in', () => {
    render(<EventCard event={EVENT} today="2026-12-01" arriving={false} onOpen={() => undefined} />)
    const card = screen.getByRole('button', { name: /^Winter fair, / })
    expect(card.getAttribute('aria-busy')).toBeNull()
    expect(card.getAttribute('aria-describedby')).toBeNull()
    expect(screen.getAllByRole('progressbar')).toHaveLength(3)
    expect(card.textContent).not.toContain('still arriving')
  })
})
