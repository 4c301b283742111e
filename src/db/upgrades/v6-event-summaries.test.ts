import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { expectSummariesMatchRecomputation } from '../../test/event-summary-check'
import { makeTestDb } from '../../test/make-test-db'
import { seedEveryTable } from '../../test/seed-every-table'
import { createDatabase } from '../database'
import { summaryPackageCounts } from '../event-summary'
import { DOMAIN_TABLES } from '../tables'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from '../versions'

let counter = 0

describe('upgrade from version 4 to 6 (event summaries)', () => {
  it('builds the summary of every event from the rows a version-4 tablet holds, and keeps the rows', async () => {
    const source = makeTestDb()
    const { eventId, assignmentIds } = await source.run((tx) => seedEveryTable(tx))
    const name = `upgrade-v6-${++counter}-${Date.now()}`
    const v4 = new Dexie(name)
    v4.version(4).stores(VERSIONS.find((declaration) => declaration.version === 4)!.stores)
    await v4.open()
    const rows: Record<string, unknown[]> = {}
    for (const table of [...DOMAIN_TABLES, 'changes'] as const)
      rows[table] = await source.db.table(table).toArray()
    await v4.transaction('rw', v4.tables, async () => {
      for (const [table, list] of Object.entries(rows)) await v4.table(table).bulkAdd(list)
      await v4.table('meta').put({ key: 'deviceId', value: 'device-test' })
    })
    v4.close()

    const upgraded = createDatabase(name, { deviceId: 'device-test' })
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      for (const table of DOMAIN_TABLES)
        expect(await upgraded.table(table).count(), table).toBe(rows[table]?.length)
      const summary = await upgraded.eventSummaries.get(eventId)
      expect(summaryPackageCounts(summary).total).toBe(assignmentIds.length)
      await expectSummariesMatchRecomputation(upgraded)
    } finally {
      await upgraded.delete()
    }
  })
})
