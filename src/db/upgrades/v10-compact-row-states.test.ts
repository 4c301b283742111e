import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { formatHlc, parseHlc } from '../../crdt/hlc'
import { pushAll } from '../../sync/push'
import { MemoryServer } from '../../sync/testing/memory-server'
import { makeTestDb, snapshotAll } from '../../test/make-test-db'
import { seedEveryTable } from '../../test/seed-every-table'
import { applyRemote } from '../apply-remote'
import { idsOf, type RowState } from '../change-record'
import { createDatabase } from '../database'
import { update } from '../mutate'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from '../versions'

let counter = 0

const storesOf = (version: number) =>
  VERSIONS.find((declaration) => declaration.version === version)!.stores

describe('upgrade from version 9 to 10 (compact row states)', () => {
  it('rewrites every state of a version 9 tablet compact, reads back the same states and rows, and pushes the waiting changes', async () => {
    const source = makeTestDb({ deviceId: 'tablet-v9' })
    const { assignmentIds } = await source.run((tx) => seedEveryTable(tx))
    const assignmentId = assignmentIds[0]!
    // A state with several register entries (created, then a status step) and an entry from
    // another device.
    await source.run((tx) => update(tx, 'assignments', assignmentId, { status: 'assembled' }))
    const newest = parseHlc(source.db.clock.next())
    const remote = {
      id: 'remote-change-1',
      table: 'assignments' as const,
      rowId: assignmentId,
      fields: { notes: 'Ring twice' },
      hlc: formatHlc({ wall: newest.wall + 1000, counter: 0, node: 'tablet-other' }),
      deviceId: 'tablet-other',
    }
    await source.run((tx) => applyRemote(tx, [remote]))
    const rows = await snapshotAll(source.db)
    const states = rows.rowStates as RowState[]
    const held = states.find((state) => state.rowId === assignmentId)!
    expect(held.changes.filter((change) => 'status' in change.fields).length).toBeGreaterThan(1)
    expect(held.changes.some((change) => change.deviceId === 'tablet-other')).toBe(true)
    const waiting = (await source.db.outbox.toArray()).flatMap(idsOf)
    expect(waiting.length).toBeGreaterThan(0)

    // Version 9 stored each state as `{ table, rowId, hlc, changes }`, as read back here.
    const name = `upgrade-v10-${++counter}-${Date.now()}`
    const v9 = new Dexie(name)
    v9.version(9).stores(storesOf(9))
    await v9.open()
    await v9.transaction('rw', v9.tables, async () => {
      for (const table of v9.tables) await table.bulkAdd(rows[table.name] ?? [])
      await v9.table('meta').put({ key: 'deviceId', value: 'tablet-v9' })
    })
    v9.close()

    const upgraded = createDatabase(name)
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      const after = await snapshotAll(upgraded)
      for (const table of Object.keys(rows)) expect(after[table], table).toEqual(rows[table])
      expect(await upgraded.rowStates.get(['assignments', assignmentId])).toEqual(held)

      // Stored compact: entries in one flat array, without their table and row id.
      upgraded.close()
      const raw = new Dexie(name)
      raw.version(10).stores(storesOf(10))
      const stored = await raw.table('rowStates').toArray()
      raw.close()
      expect(stored).toHaveLength(states.length)
      for (const record of stored) {
        expect(Object.keys(record as object).sort()).toEqual(['e', 'hlc', 'rowId', 'table'])
        // The row's key once, never again per entry.
        expect(JSON.stringify(record).split('"rowId"')).toHaveLength(2)
      }

      await upgraded.open()
      const server = new MemoryServer()
      expect(await pushAll(upgraded, server.transport())).toEqual({
        ok: true,
        pushed: waiting.length,
      })
      expect(server.log.map((change) => change.id).sort()).toEqual([...waiting].sort())
    } finally {
      upgraded.close()
      await upgraded.delete()
    }
  })
})
