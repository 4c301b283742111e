import { describe, expect, it } from 'vitest'
import { insert, update } from '../db/mutate'
import { makeTestDb } from '../test/make-test-db'
import { countWaiting, queueEveryChange } from './sync-state'

const event = { name: 'Christmas', date: '2026-12-24', notes: '' }

describe('countWaiting', () => {
  it('counts one action that wrote several rows once, and each further action once', async () => {
    const a = makeTestDb()
    const created = await a.run(async (tx) => {
      const row = await insert(tx, 'events', event)
      await insert(tx, 'events', { ...event, name: 'Market' })
      await update(tx, 'events', row.id, { notes: 'Bring trays' })
      return row
    })
    expect(await a.db.outbox.count()).toBe(3)
    expect(await countWaiting(a.db)).toBe(1)
    await a.run((tx) => update(tx, 'events', created.id, { name: 'Christmas fair' }))
    expect(await countWaiting(a.db)).toBe(2)
  })

  it('counts changes queued in bulk (joining a space) one by one', async () => {
    const a = makeTestDb()
    await a.run(async (tx) => {
      await insert(tx, 'events', event)
      await insert(tx, 'events', { ...event, name: 'Market' })
    })
    await a.db.transaction('rw', [a.db.changes, a.db.outbox], async () => {
      await a.db.outbox.clear()
      await queueEveryChange(a.db)
    })
    expect(await countWaiting(a.db)).toBe(2)
  })
})
