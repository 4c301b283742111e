import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { seedEveryTable } from '../test/seed-every-table'
import { createDatabase } from './database'
import { ALL_TABLES } from './tables'
import { V1_STORES_FROZEN } from './upgrades/fixtures/v1-stores'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from './versions'

let counter = 0
const uniqueName = () => `upgrade-${++counter}-${Date.now()}`

/**
 * Rows of every table (meta included) as a v1 tablet would hold them: change records carry the
 * v1 `pushed` flag, the first half acknowledged (1), the rest waiting (0).
 */
async function realisticRows(): Promise<Record<string, unknown[]>> {
  const { db, run } = makeTestDb()
  await run((tx) => seedEveryTable(tx))
  const rows = await snapshotAll(db)
  rows.meta = await db.meta.toArray()
  const changes = await db.changes.orderBy('id').toArray()
  rows.changes = changes.map((change, index) => ({
    ...change,
    pushed: index < changes.length / 2 ? 1 : 0,
  }))
  return rows
}

/** A database created at `version` (frozen stores) holding `rows`, closed again. */
async function installed(name: string, rows: Record<string, unknown[]>): Promise<void> {
  const v1 = new Dexie(name)
  v1.version(1).stores(V1_STORES_FROZEN)
  await v1.open()
  await v1.transaction('rw', v1.tables, async () => {
    for (const table of v1.tables) await table.bulkAdd(rows[table.name] ?? [])
  })
  expect(v1.verno).toBe(1)
  v1.close()
}

describe('schema versions', () => {
  it('are listed in ascending order, without gaps', () => {
    const numbers = VERSIONS.map((declaration) => declaration.version)
    const expected = Array.from(
      { length: numbers[numbers.length - 1] ?? 0 },
      (_, index) => index + 1,
    )
    expect(numbers).toEqual(expected)
    expect(CURRENT_SCHEMA_VERSION).toBe(numbers[numbers.length - 1])
  })

  it('the current version declares every table the app uses, and older ones nothing else', () => {
    expect(Object.keys(VERSIONS[VERSIONS.length - 1]?.stores ?? {}).sort()).toEqual(
      [...ALL_TABLES].sort(),
    )
    for (const declaration of VERSIONS) {
      for (const table of Object.keys(declaration.stores))
        expect(ALL_TABLES, `version ${declaration.version}`).toContain(table)
    }
  })

  it('version 1 in versions.ts is still exactly what shipped', () => {
    expect(VERSIONS[0]?.stores).toEqual(V1_STORES_FROZEN)
  })
})

describe('upgrade from version 1', () => {
  it('keeps every row of every table and makes the [eventId+status] index usable', async () => {
    const rows = await realisticRows()
    const name = uniqueName()
    await installed(name, rows)

    const upgraded = createDatabase(name, { deviceId: 'device-test' })
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      const byId = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b))
      for (const table of upgraded.tables) {
        if (table.name === 'changes' || table.name === 'outbox') continue // next test
        const stored: unknown[] = await table.toArray()
        expect(stored.sort(byId), table.name).toEqual([...(rows[table.name] ?? [])].sort(byId))
      }
      expect((rows.events ?? []).length).toBe(1)
      const eventId = (rows.events?.[0] as { id: string }).id
      const delivered = await upgraded.assignments
        .where('[eventId+status]')
        .equals([eventId, 'delivered'])
        .toArray()
      expect(delivered.map((row) => row.recipientId)).toHaveLength(1)
      expect(delivered[0]?.deliveredTo).toBe('Next door')
      const pending = await upgraded.assignments
        .where('[eventId+status]')
        .equals([eventId, 'pending'])
        .count()
      expect(pending).toBe(1)
      const runs = await upgraded.assemblyRuns
        .where('[eventId+finishedGoodId]')
        .between([eventId, Dexie.minKey], [eventId, Dexie.maxKey])
        .count()
      expect(runs).toBe(1)
    } finally {
      await upgraded.delete()
    }
  })

  it('keeps the changes waiting for the server (in the outbox, without the pushed flag) and drops the pushed ones', async () => {
    const rows = await realisticRows()
    const name = uniqueName()
    await installed(name, rows)
    const v1Changes = (rows.changes ?? []) as { id: string; pushed: 0 | 1 }[]
    expect(v1Changes.some((change) => change.pushed === 1)).toBe(true)
    expect(v1Changes.some((change) => change.pushed === 0)).toBe(true)

    const upgraded = createDatabase(name, { deviceId: 'device-test' })
    try {
      await upgraded.open()
      const withoutFlag = v1Changes
        .filter((change) => change.pushed === 0)
        .map(({ pushed: _pushed, ...change }) => change)
        .sort((a, b) => (a.id < b.id ? -1 : 1))
      expect(await upgraded.changes.orderBy('id').toArray()).toEqual(withoutFlag)
      const waiting = v1Changes.filter((change) => change.pushed === 0).map(({ id }) => id)
      expect(await upgraded.outbox.toCollection().primaryKeys()).toEqual(waiting.sort())
    } finally {
      await upgraded.delete()
    }
  })
})
