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

/** A summary as version 6–8 stored it: objects per tally and targets by their row id. */
function oldFormSummary(eventId: string, packagesTotal: number) {
  return {
    eventId,
    packages: { pending: packagesTotal, assembled: 0, delivered: 0, total: packagesTotal },
    packageUnits: { 'package-old': packagesTotal },
    recipes: { 'recipe-old': { runs: 1, batches: 2, yield: 24, costMicros: '1500000' } },
    goods: {},
    productionTargets: { 'target-old': { recipeId: 'recipe-old', targetBatches: 3 } },
    assemblyTargets: {},
  }
}

describe('upgrade from version 7 to 9 (compact event summaries)', () => {
  it('replaces the old summaries of a version-7 tablet by compact ones that equal a recomputation, and keeps the rows', async () => {
    const source = makeTestDb()
    const { eventId, assignmentIds } = await source.run((tx) => seedEveryTable(tx))
    const name = `upgrade-v9-${++counter}-${Date.now()}`
    const v7 = new Dexie(name)
    v7.version(7).stores(VERSIONS.find((declaration) => declaration.version === 7)!.stores)
    await v7.open()
    const rows: Record<string, unknown[]> = {}
    for (const table of DOMAIN_TABLES) rows[table] = await source.db.table(table).toArray()
    const states = await source.db.rowStates.toArray()
    await v7.transaction('rw', v7.tables, async () => {
      for (const [table, list] of Object.entries(rows)) await v7.table(table).bulkAdd(list)
      await v7.table('rowStates').bulkAdd(states)
      await v7
        .table('eventSummaries')
        .bulkAdd([
          oldFormSummary(eventId, assignmentIds.length),
          oldFormSummary('event-without-rows', 1),
        ])
      await v7.table('meta').put({ key: 'deviceId', value: 'device-test' })
    })
    v7.close()

    const upgraded = createDatabase(name, { deviceId: 'device-test' })
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      for (const table of DOMAIN_TABLES)
        expect(await upgraded.table(table).toArray(), table).toEqual(rows[table])
      expect(await upgraded.rowStates.count()).toBe(states.length)
      await expectSummariesMatchRecomputation(upgraded)
      expect(await upgraded.eventSummaries.get('event-without-rows')).toBeUndefined()
      const summary = await upgraded.eventSummaries.get(eventId)
      expect(summaryPackageCounts(summary).total).toBe(assignmentIds.length)
      expect(await source.db.eventSummaries.get(eventId)).toEqual(summary)
    } finally {
      await upgraded.delete()
    }
  })
})
