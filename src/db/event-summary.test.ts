import { describe, expect, it } from 'vitest'
import {
  buildAssemblyTarget,
  buildAssignment,
  buildEvent,
  buildProductionRun,
  buildProductionTarget,
} from '../test/builders'
import { expectSummariesMatchRecomputation, summaryDifferences } from '../test/event-summary-check'
import { makeTestDb } from '../test/make-test-db'
import { seedEveryTable } from '../test/seed-every-table'
import { exportDatabase, importBackup } from './backup'
import { rebuildEventSummaries } from './event-summary'
import { pairId } from './ids'
import { softDelete, update } from './mutate'

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
    await db.eventSummaries.update(eventId, (summary) => {
      summary.packages[3] = 3
    })
    expect(await summaryDifferences(db)).toHaveLength(1)
    await db.transaction('rw', db.tables, (tx) => rebuildEventSummaries(tx))
    expect(await summaryDifferences(db)).toEqual([])
    expect((await db.eventSummaries.get(eventId))?.recipes).toEqual({
      recipe: [1, 1, 12, 1_500_000],
    })
  })

  it('keep two live targets of one recipe apart (a legacy or imported id), through an edit and a delete', async () => {
    const { db, run } = makeTestDb()
    const eventId = await run(async (tx) => {
      const event = await buildEvent(tx)
      await buildProductionTarget(tx, { eventId: event.id, recipeId: 'recipe', targetBatches: 4 })
      await buildProductionTarget(tx, {
        id: 'legacy-target',
        eventId: event.id,
        recipeId: 'recipe',
        targetBatches: 2,
      })
      await buildAssemblyTarget(tx, { eventId: event.id, finishedGoodId: 'tin', targetQuantity: 6 })
      return event.id
    })
    expect((await db.eventSummaries.get(eventId))?.recipes).toEqual({ recipe: [0, 0, 0, 0, 2, 4] })
    await expectSummariesMatchRecomputation(db)
    await run((tx) => update(tx, 'productionTargets', 'legacy-target', { targetBatches: 5 }))
    expect((await db.eventSummaries.get(eventId))?.recipes).toEqual({ recipe: [0, 0, 0, 0, 4, 5] })
    await expectSummariesMatchRecomputation(db)
    await run(async (tx) => {
      await softDelete(tx, 'productionTargets', 'legacy-target')
      await softDelete(tx, 'productionTargets', pairId('productionTarget', eventId, 'recipe'))
    })
    expect((await db.eventSummaries.get(eventId))?.recipes).toEqual({})
    expect((await db.eventSummaries.get(eventId))?.goods).toEqual({ tin: [0, 0, 6] })
    await expectSummariesMatchRecomputation(db)
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
