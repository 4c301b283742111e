/**
 * Removing a production or assembly run recorded by mistake (soft delete): the run stops counting
 * everywhere, a second delete is refused, and a failing action leaves the run in place.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildRecipe,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { setActionLogSink } from './action-log'
import {
  deleteAssemblyRun,
  getAssemblyRun,
  getAssemblyRuns,
  recordAssemblyRun,
} from './assembly-runs'
import { NotFoundError, ValidationError } from './errors'
import {
  deleteProductionRun,
  getProductionRun,
  getProductionRuns,
  getProductionTotal,
  recordProductionRun,
} from './production-runs'
import { getAssemblyProgress } from './progress'
import { setAssemblyTarget } from './targets'

let restoreSink: () => void = () => undefined
beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
})
afterEach(() => restoreSink())

/** Cookies at 3.00 per batch of 12 (300 g butter at 0.01/g); a tin holds 6 cookies (1.50). */
async function bakeryWithRuns(tx: Tx) {
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
  const recipe = await buildRecipe(tx, {
    name: 'Cookies',
    ingredients: [{ ingredientId: butter.id, quantity: 300, unit: 'g' }],
  })
  const cookie = await buildFinishedUnit(tx, {
    name: 'Cookie',
    recipeId: recipe.id,
    itemsPerBatch: 12,
  })
  const tin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const keep = await recordProductionRun(tx, {
    recipeId: recipe.id,
    finishedUnitId: cookie.id,
    batches: 2,
    eventId: event.id,
  })
  const mistake = await recordProductionRun(tx, {
    recipeId: recipe.id,
    finishedUnitId: cookie.id,
    batches: 5,
    eventId: event.id,
  })
  await setAssemblyTarget(tx, { eventId: event.id, finishedGoodId: tin.id, targetQuantity: 10 })
  const tins = await recordAssemblyRun(tx, {
    finishedGoodId: tin.id,
    quantity: 4,
    eventId: event.id,
  })
  const tinMistake = await recordAssemblyRun(tx, {
    finishedGoodId: tin.id,
    quantity: 3,
    eventId: event.id,
  })
  return { recipe, cookie, tin, event, keep, mistake, tins, tinMistake }
}

describe('deleteProductionRun', () => {
  it('removes the run from the event’s runs and totals: 2 + 5 batches become 2, 21.00 becomes 6.00', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakeryWithRuns)
    expect(await read((tx) => getProductionTotal(tx, b.event.id, b.recipe.id))).toEqual({
      batchesProduced: 7,
      totalActualCost: '21.00',
    })
    await run((tx) => deleteProductionRun(tx, b.mistake.id))
    expect(await read((tx) => getProductionTotal(tx, b.event.id, b.recipe.id))).toEqual({
      batchesProduced: 2,
      totalActualCost: '6.00',
    })
    const runs = await read((tx) => getProductionRuns(tx, b.event.id))
    expect(runs.map((row) => row.id)).toEqual([b.keep.id])
    expect(await read((tx) => getProductionRun(tx, b.keep.id))).toMatchObject({
      id: b.keep.id,
      recipeName: 'Cookies',
      batches: 2,
    })
  })

  it('refuses a run that is already deleted, unknown or malformed', async () => {
    const { run } = makeTestDb()
    const b = await run(bakeryWithRuns)
    await run((tx) => deleteProductionRun(tx, b.mistake.id))
    await expect(run((tx) => deleteProductionRun(tx, b.mistake.id))).rejects.toMatchObject({
      entity: 'productionRun',
      id: b.mistake.id,
    })
    await expect(run((tx) => getProductionRun(tx, b.mistake.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(
      run((tx) => deleteProductionRun(tx, '01990000-0000-7000-8000-000000000000')),
    ).rejects.toBeInstanceOf(NotFoundError)
    await expect(run((tx) => deleteProductionRun(tx, ''))).rejects.toBeInstanceOf(ValidationError)
  })

  it('leaves the run in place when the action throws after deleting it', async () => {
    const { run, db } = makeTestDb()
    const b = await run(bakeryWithRuns)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await deleteProductionRun(tx, b.mistake.id)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('deleteAssemblyRun', () => {
  it('removes the run from assembly progress: 4 + 3 of 10 tins become 4 of 10', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakeryWithRuns)
    const progress = () => read((tx) => getAssemblyProgress(tx, b.event.id))
    expect((await progress())[0]).toMatchObject({ assembledQuantity: 7, progressPct: 70 })
    await run((tx) => deleteAssemblyRun(tx, b.tinMistake.id))
    expect((await progress())[0]).toMatchObject({ assembledQuantity: 4, progressPct: 40 })
    const runs = await read((tx) => getAssemblyRuns(tx, b.event.id))
    expect(runs.map((row) => row.id)).toEqual([b.tins.id])
    expect(await read((tx) => getAssemblyRun(tx, b.tins.id))).toMatchObject({
      finishedGoodName: 'Cookie tin',
      quantity: 4,
    })
  })

  it('refuses a run that is already deleted, unknown or malformed', async () => {
    const { run } = makeTestDb()
    const b = await run(bakeryWithRuns)
    await run((tx) => deleteAssemblyRun(tx, b.tinMistake.id))
    await expect(run((tx) => deleteAssemblyRun(tx, b.tinMistake.id))).rejects.toMatchObject({
      entity: 'assemblyRun',
      id: b.tinMistake.id,
    })
    await expect(run((tx) => getAssemblyRun(tx, b.tinMistake.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(run((tx) => deleteAssemblyRun(tx, ''))).rejects.toBeInstanceOf(ValidationError)
  })

  it('leaves the run in place when the action throws after deleting it', async () => {
    const { run, db } = makeTestDb()
    const b = await run(bakeryWithRuns)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await deleteAssemblyRun(tx, b.tinMistake.id)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await snapshotAll(db)).toEqual(before)
  })
})
