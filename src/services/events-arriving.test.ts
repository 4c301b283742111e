import { describe, expect, it } from 'vitest'
import { FIRST_SYNC_STATE_KEY, type FirstSyncState } from '../sync/first-sync-state'
import { FIRST_SYNC_META_KEY } from '../sync/sync-state'
import { makeTestDb } from '../test/make-test-db'
import { readInTransaction } from '../transactions/read'
import { eventsStillArriving, isStillArriving } from './events-arriving'

const STATE: FirstSyncState = {
  stage: 'global',
  cursor: null,
  seq: 7,
  events: ['today', 'soon', 'later', 'latest'],
  currentCount: 2,
  done: 0,
  total: null,
}

async function arrivingAt(state: FirstSyncState | null, eventIds: readonly string[]) {
  const { db } = makeTestDb()
  if (state) await db.meta.put({ key: FIRST_SYNC_META_KEY, value: state })
  // Read over the service's declared tables only: a table it left out fails the read.
  const arriving = await readInTransaction(db, [eventsStillArriving], (tx) =>
    eventsStillArriving(tx),
  )
  return eventIds.filter((eventId) => isStillArriving(arriving, eventId))
}

describe('eventsStillArriving', () => {
  const ids = ['today', 'soon', 'later', 'latest', 'past']

  it('reads the key the first sync writes its state under', () => {
    expect(FIRST_SYNC_STATE_KEY).toBe(FIRST_SYNC_META_KEY)
  })

  it('names no event when no first sync is under way', async () => {
    expect(await arrivingAt(null, ids)).toEqual([])
  })

  it('names every event until the current stage is in', async () => {
    expect(await arrivingAt(STATE, ids)).toEqual(ids)
    expect(await arrivingAt({ ...STATE, stage: 'current', cursor: '7.x' }, ids)).toEqual(ids)
  })

  it("names the upcoming stage's events and the past ones once the current stage is in", async () => {
    expect(await arrivingAt({ ...STATE, stage: 'upcoming' }, ids)).toEqual([
      'later',
      'latest',
      'past',
    ])
  })

  it('names only the events of the history stage once the upcoming stage is in', async () => {
    expect(await arrivingAt({ ...STATE, stage: 'history', done: 3, total: 9 }, ids)).toEqual([
      'past',
    ])
  })

  it('reads a state written before the upcoming stage existed as all its events in the current stage', async () => {
    const { currentCount: _count, ...older } = STATE
    expect(await arrivingAt({ ...older, stage: 'history' }, ids)).toEqual(['past'])
  })
})
