import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { countWaiting } from '../../sync/sync-state'
import { makeTestDb } from '../../test/make-test-db'
import { seedEveryTable } from '../../test/seed-every-table'
import { createDatabase } from '../database'
import { insert } from '../mutate'
import { ALL_TABLES } from '../tables'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from '../versions'

let counter = 0

describe('upgrade from version 3 to 4 (outbox actions)', () => {
  it('keeps every waiting change, each as its own action, and new writes group by action', async () => {
    // Realistic v3 contents: a seeded tablet's log, half of it still waiting.
    const source = makeTestDb()
    await source.run((tx) => seedEveryTable(tx))
    const changes = await source.db.changes.orderBy('id').toArray()
    const waiting = changes.slice(changes.length / 2).map(({ id }) => ({ id }))
    const name = `upgrade-v4-${++counter}-${Date.now()}`
    const v3 = new Dexie(name)
    const v3Declaration = VERSIONS.find((declaration) => declaration.version === 3)
    v3.version(3).stores(v3Declaration!.stores)
    await v3.open()
    await v3.transaction('rw', v3.tables, async () => {
      await v3.table('changes').bulkAdd(changes)
      await v3.table('outbox').bulkAdd(waiting)
      await v3.table('meta').put({ key: 'deviceId', value: 'device-test' })
    })
    v3.close()

    const upgraded = createDatabase(name, { deviceId: 'device-test' })
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      // Version 7 keeps only the waiting changes (the rest live on in row states).
      expect(await upgraded.changes.count()).toBe(waiting.length)
      expect(await upgraded.outbox.orderBy('id').toArray()).toEqual(
        waiting.map(({ id }) => ({ id, action: id })),
      )
      expect(await countWaiting(upgraded)).toBe(waiting.length)
      // One action writing two rows counts once.
      await upgraded.transaction('rw', [...ALL_TABLES], async (tx) => {
        await insert(tx, 'events', { name: 'Fair', date: '2026-12-24', notes: '' })
        await insert(tx, 'events', { name: 'Market', date: '2026-12-20', notes: '' })
      })
      expect(await countWaiting(upgraded)).toBe(waiting.length + 1)
    } finally {
      await upgraded.delete()
    }
  })
})
