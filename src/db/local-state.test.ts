import { describe, expect, it } from 'vitest'
import { makeTestDb } from '../test/make-test-db'
import { localStateAsChanges } from './local-state'
import { mergeRow } from './merge-policy'
import { insert, update } from './mutate'

describe('localStateAsChanges', () => {
  it('gives the fewest of the tablet’s own changes, ids and clocks kept, that merge to its rows', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const row = await a.run((tx) =>
      insert(tx, 'events', { name: 'Christmas fair', date: '2026-12-24', notes: '' }),
    )
    await a.run((tx) => update(tx, 'events', row.id, { name: 'Christmas fair (Saturday)' }))
    await a.run((tx) => update(tx, 'events', row.id, { notes: 'Hall B' }))
    await a.run((tx) => update(tx, 'events', row.id, { name: 'Christmas fair (moved)' }))
    const log = await a.db.changes.toArray()
    const state = await a.db.transaction('r', [a.db.rowStates], (tx) => localStateAsChanges(tx))
    const byId = new Map(log.map((change) => [change.id, change]))
    for (const change of state) expect(byId.get(change.id)?.hlc).toBe(change.hlc)
    expect(state.length).toBeLessThan(log.length)
    const merged = mergeRow('events', state)
    expect(merged).toMatchObject({ name: 'Christmas fair (moved)', notes: 'Hall B' })
    expect(merged).toEqual(mergeRow('events', log))
  })
})
