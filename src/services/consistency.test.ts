/**
 * Read-your-writes inside one action, and all-or-nothing (DOMAIN §7): an action creates an event,
 * sets a production target and records a run; `getEventsWithProgress` in the SAME transaction
 * shows the event with the run counted; the action then throws, and nothing of it remains: no
 * rows, no change records, no 'ok' in the action log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { insert } from '../db/mutate'
import { buildFinishedUnit, buildIngredient, buildRecipe } from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { setActionLogSink, type ActionLogEntry } from './action-log'
import { recordAssemblyRun } from './assembly-runs'
import { createEvent } from './events'
import { getShoppingList } from './needs'
import { recordProductionRun } from './production-runs'
import { getEventsWithProgress, type EventWithProgress } from './progress'
import { getDashboardSummary } from './reports'
import { setAssemblyTarget, setProductionTarget } from './targets'
import { writes } from '../transactions/declared-tables'

let restoreSink: () => void = () => undefined
beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
})
afterEach(() => restoreSink())

describe('one action', () => {
  it('sees its own uncommitted writes, and leaves nothing behind when it throws', async () => {
    const { run, read, runAction, db } = makeTestDb()
    const logged: ActionLogEntry[] = []
    restoreSink()
    restoreSink = setActionLogSink((entry) => logged.push(entry))
    const b = await run(async (tx) => {
      const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
      const recipe = await buildRecipe(tx, {
        name: 'Sugar cookies',
        ingredients: [{ ingredientId: butter.id, quantity: 300, unit: 'g' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
      return { recipe, unit }
    })
    const before = await snapshotAll(db)
    let seen: EventWithProgress[] = []
    const result = await runAction(
      [createEvent, setProductionTarget, recordProductionRun, getEventsWithProgress],
      async (tx) => {
        const event = await createEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
        await setProductionTarget(tx, {
          eventId: event.id,
          recipeId: b.recipe.id,
          targetBatches: 4,
        })
        await recordProductionRun(tx, {
          recipeId: b.recipe.id,
          finishedUnitId: b.unit.id,
          batches: 3,
          eventId: event.id,
        })
        seen = await getEventsWithProgress(tx, { today: '2026-12-01' })
        throw new Error('the cook changed her mind')
      },
    ).catch((error: unknown) => error)
    expect(result).toEqual(new Error('the cook changed her mind'))

    // Inside the action: the new event, its target and the run, counted (3 of 4 = 75 %).
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ eventName: 'Christmas 2026', eventDate: '2026-12-24' })
    expect(seen[0]?.productionProgress).toEqual([
      {
        recipeId: b.recipe.id,
        recipeName: 'Sugar cookies',
        targetBatches: 4,
        producedBatches: 3,
        producedYield: 36,
        progressPct: 75,
        isComplete: false,
      },
    ])
    expect(seen[0]?.overallProgress).toMatchObject({
      productionTargetsCount: 1,
      productionComplete: false,
    })

    // Afterwards: nothing of it, rows or change records, and no 'ok' logged.
    expect(await snapshotAll(db)).toEqual(before)
    expect(await db.events.count()).toBe(0)
    expect(await db.productionTargets.count()).toBe(0)
    expect(await db.productionRuns.count()).toBe(0)
    expect(
      await read((tx) => getEventsWithProgress(tx, { filter: 'all', today: '2026-12-01' })),
    ).toEqual([])
    expect(logged).toEqual([
      {
        operation: 'recordProductionRun',
        ids: expect.objectContaining({ recipeId: b.recipe.id }) as unknown,
        outcome: 'ABORTED',
        errorName: 'Error',
      },
    ])
  })

  it('keeps everything of an action that completes, including runs and targets of new events', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const recipe = await buildRecipe(tx, { name: 'Brownies' })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 9 })
      return { recipe, unit }
    })
    const eventId = await run(async (tx) => {
      const event = await createEvent(tx, { name: 'Advent', date: '2026-12-01' })
      await setProductionTarget(tx, { eventId: event.id, recipeId: b.recipe.id, targetBatches: 1 })
      await recordProductionRun(tx, {
        recipeId: b.recipe.id,
        finishedUnitId: b.unit.id,
        batches: 2,
        eventId: event.id,
      })
      return event.id
    })
    const [row] = await read((tx) => getEventsWithProgress(tx, { today: '2026-11-01' }))
    expect(row?.eventId).toBe(eventId)
    expect(row?.productionProgress[0]).toMatchObject({ producedBatches: 2, progressPct: 200 })
    expect(await read((tx) => getShoppingList(tx, eventId))).toEqual({ items: [], total: '0.00' })
    expect(await read((tx) => getDashboardSummary(tx))).toEqual([])
  })

  it('rolls back an assembly run and an assembly target together', async () => {
    const { run, runAction, db } = makeTestDb()
    const b = await run(async (tx) => {
      const event = await createEvent(tx, { name: 'Advent', date: '2026-12-01' })
      return { event }
    })
    const before = await snapshotAll(db)
    await runAction([writes('finishedGoods'), setAssemblyTarget, recordAssemblyRun], async (tx) => {
      const row = await insert(tx, 'finishedGoods', { name: 'Tin', components: [] })
      await setAssemblyTarget(tx, {
        eventId: b.event.id,
        finishedGoodId: row.id,
        targetQuantity: 2,
      })
      await recordAssemblyRun(tx, { finishedGoodId: row.id, quantity: 1, eventId: b.event.id })
      throw new Error('undo')
    }).catch(() => undefined)
    expect(await snapshotAll(db)).toEqual(before)
  })
})
