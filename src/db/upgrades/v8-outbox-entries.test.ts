import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { pushAll } from '../../sync/push'
import { countWaiting } from '../../sync/sync-state'
import { MemoryServer } from '../../sync/testing/memory-server'
import { makeTestDb, snapshotAll } from '../../test/make-test-db'
import { seedEveryTable } from '../../test/seed-every-table'
import { idsOf } from '../change-record'
import { createDatabase } from '../database'
import { insert, update } from '../mutate'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from '../versions'

let counter = 0

describe('upgrade from version 7 to 8 (outbox entries of many changes)', () => {
  it('keeps every row and every waiting change of a version 7 tablet, which are all pushed afterwards', async () => {
    const source = makeTestDb({ deviceId: 'tablet-v7' })
    await source.run((tx) => seedEveryTable(tx))
    const event = await source.run((tx) =>
      insert(tx, 'events', { name: 'Fair', date: '2026-12-24', notes: '' }),
    )
    await source.run((tx) => update(tx, 'events', event.id, { notes: 'Bring trays' }))
    const rows = await snapshotAll(source.db)
    // Version 7 queued one entry per change, tagged with its action.
    const waiting = (await source.db.changes.toArray()).map((change) => change.id)
    rows.outbox = waiting.map((id) => ({ id, action: id }))

    const name = `upgrade-v8-${++counter}-${Date.now()}`
    const v7 = new Dexie(name)
    v7.version(7).stores(VERSIONS.find((declaration) => declaration.version === 7)!.stores)
    await v7.open()
    await v7.transaction('rw', v7.tables, async () => {
      for (const table of v7.tables) await table.bulkAdd(rows[table.name] ?? [])
      await v7.table('meta').put({ key: 'deviceId', value: 'tablet-v7' })
    })
    v7.close()

    const upgraded = createDatabase(name)
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      expect(upgraded.verno).toBeGreaterThanOrEqual(8)
      const after = await snapshotAll(upgraded)
      for (const table of Object.keys(rows)) expect(after[table], table).toEqual(rows[table])
      expect((await upgraded.outbox.toArray()).flatMap(idsOf)).toEqual(waiting)
      // One entry per change, each its own action here: counted as before.
      expect(await countWaiting(upgraded)).toBe(waiting.length)
      const server = new MemoryServer()
      expect(await pushAll(upgraded, server.transport())).toEqual({
        ok: true,
        pushed: waiting.length,
      })
      expect(server.log.map((change) => change.id).sort()).toEqual([...waiting].sort())
      expect(await upgraded.outbox.count()).toBe(0)
    } finally {
      await upgraded.delete()
    }
  })
})
