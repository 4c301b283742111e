// @vitest-environment happy-dom
import { cleanup, configure, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventDto } from '../../../services'
import { FIRST_SYNC_META_KEY } from '../../../sync/sync-state'
import { runAction } from '../../data/app-data'
import { EventHeader } from './event-header'

// Live queries on a busy 2-core machine: wait up to 10 s, not the default 1 s.
configure({ asyncUtilTimeout: 10_000 })

afterEach(async () => {
  cleanup()
  await runAction(['meta'], (tx) => tx.meta.delete(FIRST_SYNC_META_KEY))
})

const EVENT: EventDto = {
  id: 'event-1',
  name: 'Winter fair',
  date: '2026-12-24',
  year: 2026,
  notes: '',
  createdAt: '2026-11-01T09:00:00.000Z',
  updatedAt: '2026-11-01T09:00:00.000Z',
}

const ARRIVING = {
  stage: 'upcoming',
  cursor: null,
  seq: 3,
  events: ['other', EVENT.id],
  currentCount: 1,
  done: 0,
  total: null,
}

describe('EventHeader', () => {
  it("says the event's figures are still arriving while its rows come, and stops once they are in", async () => {
    await runAction(['meta'], (tx) => tx.meta.put({ key: FIRST_SYNC_META_KEY, value: ARRIVING }))
    render(<EventHeader event={EVENT} subtitle="24 Dec" />)
    const note = await screen.findByRole('status')
    expect(note.textContent).toContain('still arriving from the other tablets')
    expect(note.getAttribute('aria-busy')).toBe('true')

    await runAction(['meta'], (tx) =>
      tx.meta.put({ key: FIRST_SYNC_META_KEY, value: { ...ARRIVING, stage: 'history' } }),
    )
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull())
  })

  it('says nothing of arriving figures on a tablet with every row', async () => {
    render(<EventHeader event={EVENT} subtitle="24 Dec" />)
    await screen.findByRole('heading', { name: 'Winter fair' })
    expect(screen.queryByText(/still arriving/)).toBeNull()
  })
})
