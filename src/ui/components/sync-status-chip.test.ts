import { describe, expect, it } from 'vitest'
import { initialSyncStatus } from '../../sync/status-store'
import { describeSyncStatus } from './sync-status-chip'

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
