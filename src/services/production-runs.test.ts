import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { update } from '../db/mutate'
import type { Tx } from '../db/tx'
import {
  buildEvent,
  buildFinishedUnit,
  buildIngredient,
  buildProductionRun,
  buildRecipe,
  softDelete,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { NotFoundError, UnitConversionError, ValidationError } from './errors'
import { getProductionRuns, getProductionTotal, recordProductionRun } from './production-runs'
import { setActionLogSink } from './action-log'

// Keep test output quiet: the action log has its own tests (action-log.test.ts).
let restoreSink: () => void = () => undefined
beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
})
afterEach(() => restoreSink())

/**
 * Sugar cookies, one batch: 500 g flour at 2.00/kg (1.00) + 200 g sugar at 0.0042/g (0.84)
 * + 100 g butter at 0.0125/g (1.25) = 3.09 per batch; 12 cookies per batch.
 */
async function bakery(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2_000_000 })
  const sugar = await buildIngredient(tx, { name: 'Sugar', unit: 'g', unitCost: 4_200 })
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 12_500 })
  const cookies = await buildRecipe(tx, {
    name: 'Sugar cookies',
    ingredients: [
      { ingredientId: flour.id, quantity: 500, unit: 'g' },
      { ingredientId: sugar.id, quantity: 200, unit: 'g' },
      { ingredientId: butter.id, quantity: 100, unit: 'g' },
    ],
  })
  const brownies = await buildRecipe(tx, { name: 'Brownies' })
  const cookie = await buildFinishedUnit(tx, {
    name: 'Sugar cookie',
    recipeId: cookies.id,
    itemsPerBatch: 12,
  })
  const brownie = await buildFinishedUnit(tx, {
    name: 'Brownie',
    recipeId: brownies.id,
    itemsPerBatch: 9,
  })
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const otherEvent = await buildEvent(tx, { name: 'Advent 2026' })
  return { flour, sugar, butter, cookies, brownies, cookie, brownie, event, otherEvent }
}

describe('recordProductionRun', () => {
  it('records 2 batches of 12 as expected yield 24, cost 2 × 3.09 = 6.18, at the database clock', async () => {
    const { run, read } = makeTestDb()
    const { b, recorded } = await run(async (tx) => {
      const b = await bakery(tx)
      const recorded = await recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 2,
        eventId: b.event.id,
        notes: 'first tray',
      })
      return { b, recorded }
    })
    expect(recorded).toMatchObject({
      recipeId: b.cookies.id,
      recipeName: 'Sugar cookies',
      finishedUnitId: b.cookie.id,
      finishedUnitName: 'Sugar cookie',
      eventId: b.event.id,
      batches: 2,
      expectedYield: 24,
      actualYield: 24,
      lossQuantity: 0,
      lossReason: null,
      totalCost: '6.18',
      lossCost: '0.00',
      notes: 'first tray',
    })
    expect(recorded.producedAt).toMatch(/^2026-11-01T09:00:\d\d\.000Z$/)
    expect(await read((tx) => getProductionRuns(tx, b.event.id))).toEqual([recorded])
  })

  it('records a partial loss: 18 of 24 cookies, loss 6, lossCost 6.18 × 6 ÷ 24 = 1.545 → 1.55', async () => {
    const { run } = makeTestDb()
    const recorded = await run(async (tx) => {
      const b = await bakery(tx)
      return recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 2,
        actualYield: 18,
        lossReason: '  burnt  ',
      })
    })
    expect(recorded).toMatchObject({
      eventId: null,
      expectedYield: 24,
      actualYield: 18,
      lossQuantity: 6,
      lossReason: 'burnt',
      totalCost: '6.18',
      lossCost: '1.55',
    })
  })

  it('records a total loss with its full cost as loss cost', async () => {
    const { run } = makeTestDb()
    const recorded = await run(async (tx) => {
      const b = await bakery(tx)
      return recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        actualYield: 0,
      })
    })
    expect(recorded).toMatchObject({ lossQuantity: 12, totalCost: '3.09', lossCost: '3.09' })
  })

  it('accepts a yield above the expected one with no loss', async () => {
    const { run } = makeTestDb()
    const recorded = await run(async (tx) => {
      const b = await bakery(tx)
      return recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        actualYield: 14,
      })
    })
    expect(recorded).toMatchObject({ expectedYield: 12, actualYield: 14, lossQuantity: 0 })
  })

  it('keeps the cost snapshot when prices change later', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        eventId: b.event.id,
      }),
    )
    await run((tx) => update(tx, 'ingredients', b.flour.id, { unitCost: 10_000_000 }))
    const [stored] = await read((tx) => getProductionRuns(tx, b.event.id))
    expect(stored?.totalCost).toBe('3.09')
  })

  it.each([
    [{ batches: 0 }, 'batches'],
    [{ batches: 1.5 }, 'batches'],
    [{ batches: -2 }, 'batches'],
    [{ actualYield: -1 }, 'actualYield'],
    [{ actualYield: 2.5 }, 'actualYield'],
    [{ recipeId: '' }, 'recipeId'],
    [{ notes: 'x'.repeat(5001) }, 'notes'],
    [{ extra: true }, '(input)'],
  ])('refuses %j with a ValidationError on %s, writing nothing', async (bad, field) => {
    const { run, db } = makeTestDb()
    const b = await run(bakery)
    const before = await snapshotAll(db)
    const error = await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        ...bad,
      }),
    ).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ValidationError)
    expect(error).toMatchObject({ field })
    expect(await snapshotAll(db)).toEqual(before)
  })

  it('refuses a finished unit of another recipe with a ValidationError on finishedUnitId', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    await expect(
      run((tx) =>
        recordProductionRun(tx, {
          recipeId: b.cookies.id,
          finishedUnitId: b.brownie.id,
          batches: 1,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'finishedUnitId' })
  })

  it('refuses unknown or deleted recipes, units and events with NotFoundError', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    const attempt = (overrides: Record<string, unknown>) =>
      run((tx) =>
        recordProductionRun(tx, {
          recipeId: b.cookies.id,
          finishedUnitId: b.cookie.id,
          batches: 1,
          ...overrides,
        }),
      )
    await expect(attempt({ recipeId: 'nope' })).rejects.toMatchObject({ entity: 'recipe' })
    await expect(attempt({ finishedUnitId: 'nope' })).rejects.toMatchObject({
      entity: 'finishedUnit',
    })
    await expect(attempt({ eventId: 'nope' })).rejects.toBeInstanceOf(NotFoundError)
    await run((tx) => softDelete(tx, 'events', b.otherEvent.id))
    await expect(attempt({ eventId: b.otherEvent.id })).rejects.toMatchObject({
      entity: 'event',
      id: b.otherEvent.id,
    })
    await run((tx) => softDelete(tx, 'finishedUnits', b.cookie.id))
    await expect(attempt({})).rejects.toMatchObject({ entity: 'finishedUnit' })
    await run((tx) => softDelete(tx, 'recipes', b.cookies.id))
    await expect(attempt({})).rejects.toMatchObject({ entity: 'recipe' })
  })

  it('refuses a recipe line that cannot be converted with UnitConversionError', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    const { recipe, unit } = await run(async (tx) => {
      const recipe = await buildRecipe(tx, {
        ingredients: [{ ingredientId: b.flour.id, quantity: 2, unit: 'cup' }],
      })
      const unit = await buildFinishedUnit(tx, { recipeId: recipe.id })
      return { recipe, unit }
    })
    await expect(
      run((tx) =>
        recordProductionRun(tx, { recipeId: recipe.id, finishedUnitId: unit.id, batches: 1 }),
      ),
    ).rejects.toBeInstanceOf(UnitConversionError)
  })

  it('leaves nothing behind when the action throws after recording', async () => {
    const { run, db } = makeTestDb()
    const b = await run(bakery)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await recordProductionRun(tx, {
          recipeId: b.cookies.id,
          finishedUnitId: b.cookie.id,
          batches: 1,
          eventId: b.event.id,
        })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await snapshotAll(db)).toEqual(before)
    expect(await db.productionRuns.count()).toBe(0)
  })

  it('validates before writing: a refused record inside a committed action writes nothing', async () => {
    const { run, db } = makeTestDb()
    const b = await run(bakery)
    const changesBefore = await db.changes.count()
    await run(async (tx) => {
      await expect(
        recordProductionRun(tx, {
          recipeId: b.cookies.id,
          finishedUnitId: b.cookie.id,
          batches: 0,
        }),
      ).rejects.toBeInstanceOf(ValidationError)
      await expect(
        recordProductionRun(tx, {
          recipeId: b.cookies.id,
          finishedUnitId: b.brownie.id,
          batches: 1,
        }),
      ).rejects.toBeInstanceOf(ValidationError)
    })
    expect(await db.productionRuns.count()).toBe(0)
    expect(await db.changes.count()).toBe(changesBefore)
  })
})

describe('getProductionRuns', () => {
  it('lists the event’s live runs newest first, with names, leaving out other events and deleted runs', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    const first = await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        eventId: b.event.id,
      }),
    )
    const second = await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.brownies.id,
        finishedUnitId: b.brownie.id,
        batches: 3,
        eventId: b.event.id,
      }),
    )
    const deleted = await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 5,
        eventId: b.event.id,
      }),
    )
    await run((tx) => softDelete(tx, 'productionRuns', deleted.id))
    await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        eventId: b.otherEvent.id,
      }),
    )
    await run((tx) =>
      recordProductionRun(tx, { recipeId: b.cookies.id, finishedUnitId: b.cookie.id, batches: 1 }),
    )
    const runs = await read((tx) => getProductionRuns(tx, b.event.id))
    expect(runs.map((row) => row.id)).toEqual([second.id, first.id])
    expect(runs[0]).toMatchObject({ recipeName: 'Brownies', finishedUnitName: 'Brownie' })
  })

  it('orders runs with the same time by id, newest first', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    const ids = await run(async (tx) => {
      const common = {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        eventId: b.event.id,
        producedAt: '2026-12-01T10:00:00.000Z',
      }
      const one = await buildProductionRun(tx, { ...common, id: 'run-a' })
      const two = await buildProductionRun(tx, { ...common, id: 'run-b' })
      return [one.id, two.id]
    })
    const runs = await read((tx) => getProductionRuns(tx, b.event.id))
    expect(runs.map((row) => row.id)).toEqual([...ids].reverse())
  })

  it('keeps showing runs of a recipe deleted since, with its name', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 1,
        eventId: b.event.id,
      }),
    )
    await run((tx) => softDelete(tx, 'recipes', b.cookies.id))
    const runs = await read((tx) => getProductionRuns(tx, b.event.id))
    expect(runs.map((row) => row.recipeName)).toEqual(['Sugar cookies'])
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getProductionRuns(tx, 'nope'))).rejects.toBeInstanceOf(NotFoundError)
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getProductionRuns(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getProductionRuns(tx, ''))).rejects.toBeInstanceOf(ValidationError)
  })
})

describe('getProductionTotal', () => {
  it('sums batches of runs that yielded something and the cost of every run (3 + 0 batches, 9.27 + 3.09)', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await run(async (tx) => {
      const common = { recipeId: b.cookies.id, finishedUnitId: b.cookie.id, eventId: b.event.id }
      await recordProductionRun(tx, { ...common, batches: 3 })
      await recordProductionRun(tx, { ...common, batches: 1, actualYield: 0 })
      const deleted = await recordProductionRun(tx, { ...common, batches: 7 })
      await softDelete(tx, 'productionRuns', deleted.id)
      await recordProductionRun(tx, { ...common, batches: 4, eventId: b.otherEvent.id })
      await recordProductionRun(tx, {
        recipeId: b.brownies.id,
        finishedUnitId: b.brownie.id,
        batches: 2,
        eventId: b.event.id,
      })
    })
    expect(await read((tx) => getProductionTotal(tx, b.event.id, b.cookies.id))).toEqual({
      batchesProduced: 3,
      totalActualCost: '12.36',
    })
    expect(await read((tx) => getProductionTotal(tx, b.otherEvent.id, b.brownies.id))).toEqual({
      batchesProduced: 0,
      totalActualCost: '0.00',
    })
  })

  it('still reports a recipe deleted since', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await run((tx) =>
      recordProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        batches: 2,
        eventId: b.event.id,
      }),
    )
    await run((tx) => softDelete(tx, 'recipes', b.cookies.id))
    expect(await read((tx) => getProductionTotal(tx, b.event.id, b.cookies.id))).toEqual({
      batchesProduced: 2,
      totalActualCost: '6.18',
    })
  })

  it('refuses unknown events and recipes and malformed ids', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getProductionTotal(tx, 'nope', b.cookies.id))).rejects.toMatchObject({
      entity: 'event',
    })
    await expect(read((tx) => getProductionTotal(tx, b.event.id, 'nope'))).rejects.toMatchObject({
      entity: 'recipe',
    })
    await expect(read((tx) => getProductionTotal(tx, b.event.id, ''))).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'recipeId',
    })
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(
      read((tx) => getProductionTotal(tx, b.event.id, b.cookies.id)),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})
