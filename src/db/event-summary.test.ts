import { describe, expect, it } from 'vitest'
import { buildAssignment, buildEvent, buildProductionRun } from '../test/builders'
import { expectSummariesMatchRecomputation, summaryDifferences } from '../test/event-summary-check'
import { makeTestDb } from '../test/make-test-db'
import { seedEveryTable } from '../test/seed-every-table'
import { exportDatabase, importBackup } from './backup'
import { rebuildEventSummaries } from './event-summary'

describe('event summaries', () => {
  it('are rebuilt from the imported rows when a backup is imported', async () => {
    const source = makeTestDb()
    const { eventId } = await source.run((tx) => seedEveryTable(tx))
    const backup = await exportDatabase(source.db)
    expect(Object.keys(backup.tables)).not.toContain('eventSummaries')
    const target = makeTestDb({ deviceId: 'device-target' })
    const stale = await target.run(async (tx) => {
      const event = await buildEvent(tx)
      await buildAssignment(tx, { eventId: event.id, recipientId: 'r', packageId: 'p' })
      return event.id
    })
    await importBackup(target.db, backup)
    expect(await target.db.eventSummaries.get(stale)).toBeUndefined()
    expect(await target.db.eventSummaries.get(eventId)).toEqual(
      await source.db.eventSummaries.get(eventId),
    )
    await expectSummariesMatchRecomputation(target.db)
  })

  it('a summary that disagrees with its rows is reported by the check, and rebuild restores it', async () => {
    const { db, run } = makeTestDb()
    const eventId = await run(async (tx) => {
      const event = await buildEvent(tx)
      await buildProductionRun(tx, {
        eventId: event.id,
        recipeId: 'recipe',
        finishedUnitId: 'unit',
        totalCost: 1_500_000,
      })
      return event.id
    })
    await db.eventSummaries.update(eventId, { 'packages.total': 3 })
    expect(await summaryDifferences(db)).toHaveLength(1)
    await db.transaction('rw', db.tables, (tx) => rebuildEventSummaries(tx))
    expect(await summaryDifferences(db)).toEqual([])
    expect((await db.eventSummaries.get(eventId))?.recipes).toEqual({
      recipe: { runs: 1, batches: 1, yield: 12, costMicros: '1500000' },
    })
  })

  it('leave nothing behind when the action that wrote the rows fails', async () => {
    const { db, run } = makeTestDb()
    const action = run(async (tx) => {
      const event = await buildEvent(tx)
      await buildAssignment(tx, { eventId: event.id, recipientId: 'r', packageId: 'p' })
      throw new Error('part-way')
    })
    await expect(action).rejects.toThrow('part-way')
    expect(await db.eventSummaries.count()).toBe(0)
  })
})
