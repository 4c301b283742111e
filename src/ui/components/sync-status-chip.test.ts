import { describe, expect, it } from 'vitest'
import { initialSyncStatus } from '../../sync/status-store'
import {
  describeClockOffset,
  describeHistoryProgress,
  describeSyncProblem,
  describeSyncStatus,
} from './sync-status-chip'

describe('describeSyncStatus', () => {
  it('names every phase and shows how many changes wait', () => {
    expect(describeSyncStatus(initialSyncStatus).label).toBe('On this tablet only')
    expect(describeSyncStatus({ ...initialSyncStatus, phase: 'offline', waiting: 3 }).label).toBe(
      'Offline · 3 waiting',
    )
    expect(describeSyncStatus({ ...initialSyncStatus, phase: 'up-to-date' }).label).toBe(
      'Up to date',
    )
    expect(describeSyncStatus({ ...initialSyncStatus, phase: 'error', waiting: 1 })).toEqual({
      label: 'Sync problem · 1 waiting',
      tone: 'warn',
    })
    expect(describeSyncStatus({ ...initialSyncStatus, phase: 'syncing' }).tone).toBe('busy')
  })
})

describe('a tablet clock ahead of the server', () => {
  it('shows how many minutes ahead on the chip, with the changes waiting', () => {
    const status = {
      ...initialSyncStatus,
      phase: 'error' as const,
      reason: 'clock-ahead' as const,
      clockAheadMinutes: 62,
      waiting: 2,
    }
    expect(describeSyncStatus(status)).toEqual({
      label: 'Clock 62 min ahead · 2 waiting',
      tone: 'warn',
    })
  })

  it('tells the cook in Settings to correct the date and time, and that changes wait', () => {
    expect(
      describeSyncProblem({
        ...initialSyncStatus,
        phase: 'error',
        reason: 'clock-ahead',
        clockAheadMinutes: 62,
      }),
    ).toBe(
      "This tablet's clock is 62 minutes ahead — correct the date and time. Changes wait on this tablet and go out once the clock is right.",
    )
    expect(describeSyncProblem({ ...initialSyncStatus, reason: 'offline' })).toMatch(
      /cannot be reached/,
    )
    expect(describeSyncProblem(initialSyncStatus)).toBeNull()
  })

  it('describes the offset from the server in words for Settings', () => {
    expect(describeClockOffset(null)).toBeNull()
    expect(describeClockOffset(20_000)).toBe('Matches the server')
    expect(describeClockOffset(3 * 60_000)).toBe('3 minutes ahead of the server')
    expect(describeClockOffset(-60_000)).toBe('1 minute behind the server')
  })
})

describe('a tablet removed from the space', () => {
  it('says in words that it was removed, that its data stays and how to rejoin', () => {
    const status = {
      ...initialSyncStatus,
      phase: 'error' as const,
      reason: 'device-removed' as const,
      waiting: 2,
    }
    expect(describeSyncStatus(status).label).toMatch(/^Removed from the space/)
    expect(describeSyncProblem(status)).toMatch(
      /removed from the space.*stays here.*new invitation/,
    )
  })
})

describe('a new tablet while past events arrive', () => {
  it('shows the share of past events in on the chip, and the figures in Settings', () => {
    const status = {
      ...initialSyncStatus,
      phase: 'up-to-date' as const,
      history: { stage: 'history' as const, done: 1200, total: 3400 },
    }
    expect(describeSyncStatus(status)).toEqual({ label: 'Past events 35 %', tone: 'busy' })
    expect(describeSyncStatus({ ...status, phase: 'syncing', waiting: 2 }).label).toBe(
      'Past events 35 % · 2 waiting',
    )
    // A failure still says what is wrong.
    expect(describeSyncStatus({ ...status, phase: 'offline' }).label).toBe('Offline')
    expect(describeHistoryProgress(status.history)).toBe(
      '1,200 of 3,400 records (35 %) — the tablet can be used meanwhile',
    )
    expect(describeHistoryProgress({ stage: 'history', done: 0, total: 0 })).toBe('Starting…')
    expect(describeHistoryProgress(null)).toBeNull()
  })

  it('says upcoming events are arriving (not "Past events 0 %") while they come before the past ones', () => {
    const status = {
      ...initialSyncStatus,
      phase: 'up-to-date' as const,
      history: { stage: 'upcoming' as const, done: 0, total: 0 },
    }
    expect(describeSyncStatus(status)).toEqual({ label: 'Upcoming events arriving…', tone: 'busy' })
    expect(describeSyncStatus({ ...status, phase: 'syncing', waiting: 1 }).label).toBe(
      'Upcoming events arriving… · 1 waiting',
    )
    expect(describeHistoryProgress(status.history)).toBe(
      'Upcoming events are arriving; past events follow — the tablet can be used meanwhile',
    )
  })
})
