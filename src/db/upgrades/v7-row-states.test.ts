import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { pushAll } from '../../sync/push'
import { MemoryServer } from '../../sync/testing/memory-server'
import { expectSummariesMatchRecomputation } from '../../test/event-summary-check'
import { makeTestDb } from '../../test/make-test-db'
import { seedEveryTable } from '../../test/seed-every-table'
import type { ChangeRecord } from '../change-record'
import { createDatabase } from '../database'
import { compactChanges } from '../merge-policy'
import { applyRemote } from '../apply-remote'
import { update } from '../mutate'
import { DOMAIN_TABLES } from '../tables'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from '../versions'

let counter = 0

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)

describe('upgrade from version 6 to 7 (row states)', () => {
  it('folds a version-6 log into one state per row, keeps the waiting changes whole and drops the acknowledged ones', async () => {
    // A version-6 tablet: its own seeded kitchen (edited afterwards) plus another tablet's
    // changes it pulled; a third of its own changes still wait for the server.
    const other = makeTestDb({ deviceId: 'tablet-other' })
    const { eventId } = await other.run((tx) => seedEveryTable(tx))
    const pulled = await other.db.changes.toArray()
    const source = makeTestDb()
    await source.run((tx) => applyRemote(tx, pulled))
    const mine = await source.run(async (tx) => {
      const seeded = await seedEveryTable(tx)
      await update(tx, 'events', eventId, { notes: 'edited here' })
      await update(tx, 'events', seeded.eventId, { name: 'Renamed' })
      return seeded
    })
    const own = await source.db.changes.orderBy('id').toArray()
    const log: ChangeRecord[] = [...pulled, ...own]
    const waiting = own.slice(Math.floor((own.length * 2) / 3))
    const name = `upgrade-v7-${++counter}-${Date.now()}`
    const v6 = new Dexie(name)
    v6.version(6).stores(VERSIONS.find((declaration) => declaration.version === 6)!.stores)
    await v6.open()
    const rows: Record<string, unknown[]> = {}
    for (const table of DOMAIN_TABLES) rows[table] = await source.db.table(table).toArray()
    const summaries = await source.db.eventSummaries.toArray()
    await v6.transaction('rw', v6.tables, async () => {
      for (const [table, list] of Object.entries(rows)) await v6.table(table).bulkAdd(list)
      await v6.table('changes').bulkAdd(log)
      await v6.table('outbox').bulkAdd(waiting.map(({ id }) => ({ id, action: id })))
      await v6.table('eventSummaries').bulkAdd(summaries)
      await v6.table('meta').put({ key: 'deviceId', value: 'device-test' })
    })
    v6.close()

    const upgraded = createDatabase(name, { deviceId: 'device-test' })
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      for (const table of DOMAIN_TABLES)
        expect(await upgraded.table(table).toArray(), table).toEqual(rows[table])
      // Each row's state is exactly the compaction of its whole log.
      const states = await upgraded.rowStates.toArray()
      const held = states.flatMap((state) => state.changes).sort(byId)
      expect(held).toEqual(compactChanges(log).sort(byId))
      expect(states.length).toBe(new Set(log.map((c) => `${c.table}/${c.rowId}`)).size)
      // Only the waiting changes stay as records, whole, with their outbox entries.
      expect(await upgraded.changes.orderBy('id').toArray()).toEqual(waiting)
      expect(await upgraded.outbox.count()).toBe(waiting.length)
      await expectSummariesMatchRecomputation(upgraded)
      // The clock restarts past every change it knew, and a new write joins its row's state.
      await upgraded.transaction('rw', upgraded.tables, async (tx) => {
        await update(tx as never, 'events', mine.eventId, { notes: 'after the update' })
      })
      const newest = log
        .map((change) => change.hlc)
        .sort()
        .at(-1)!
      const state = await upgraded.rowStates.get(['events', mine.eventId])
      const latest = state!.changes.find((change) => 'notes' in change.fields)!
      expect(latest.fields.notes).toBe('after the update')
      expect(latest.hlc > newest).toBe(true)
      // The waiting changes (and the new one) still reach the server, then leave the tablet.
      const server = new MemoryServer()
      expect(await pushAll(upgraded, server.transport())).toEqual({
        ok: true,
        pushed: waiting.length + 1,
      })
      expect(await upgraded.changes.count()).toBe(0)
    } finally {
      await upgraded.delete()
    }
  })
})
