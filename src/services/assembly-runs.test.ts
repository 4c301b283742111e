import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { update } from '../db/mutate'
import type { Tx } from '../db/tx'
import {
  buildAssemblyRun,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildRecipe,
  softDelete,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { NotFoundError, ValidationError } from './errors'
import { getAssemblyRuns, recordAssemblyRun } from './assembly-runs'
import { setActionLogSink } from './action-log'

// Keep test output quiet: the action log has its own tests (action-log.test.ts).
let restoreSink: () => void = () => undefined
beforeEach(() => {
  restoreSink = setActionLogSink(() => undefined)
})
afterEach(() => restoreSink())

/**
 * Cookies cost 3.00 per batch of 12 (300 g butter at 0.01/g) → 0.25 per cookie. A Cookie tin holds
 * 6 cookies (1.50); a Gift box holds 2 tins and 1 cookie (2 × 1.50 + 0.25 = 3.25).
 */
async function bakery(tx: Tx) {
  const butter = await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
  const recipe = await buildRecipe(tx, {
    name: 'Cookies',
    ingredients: [{ ingredientId: butter.id, quantity: 300, unit: 'g' }],
  })
  const cookie = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
  const tin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const box = await buildFinishedGood(tx, {
    name: 'Gift box',
    components: [
      { kind: 'good', id: tin.id, quantity: 2 },
      { kind: 'unit', id: cookie.id, quantity: 1 },
    ],
  })
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const otherEvent = await buildEvent(tx, { name: 'Advent 2026' })
  return { butter, recipe, cookie, tin, box, event, otherEvent }
}

describe('recordAssemblyRun', () => {
  it('records 4 gift boxes at 4 × 3.25 = 13.00 through the nested tins', async () => {
    const { run, read } = makeTestDb()
    const { b, recorded } = await run(async (tx) => {
      const b = await bakery(tx)
      const recorded = await recordAssemblyRun(tx, {
        finishedGoodId: b.box.id,
        quantity: 4,
        eventId: b.event.id,
        notes: 'ribbons',
      })
      return { b, recorded }
    })
    expect(recorded).toMatchObject({
      finishedGoodId: b.box.id,
      finishedGoodName: 'Gift box',
      eventId: b.event.id,
      quantity: 4,
      totalCost: '13.00',
      notes: 'ribbons',
    })
    expect(recorded.assembledAt).toMatch(/^2026-11-01T09:00:\d\d\.000Z$/)
    expect(await read((tx) => getAssemblyRuns(tx, b.event.id))).toEqual([recorded])
  })

  it('keeps its cost snapshot when prices change later, and defaults to no event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    const recorded = await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.tin.id, quantity: 1 }),
    )
    expect(recorded).toMatchObject({ eventId: null, totalCost: '1.50', notes: '' })
    await run((tx) => update(tx, 'ingredients', b.butter.id, { unitCost: 50_000 }))
    const stored = await read((tx) => tx.assemblyRuns.get(recorded.id))
    expect(stored?.totalCost).toBe(1_500_000)
  })

  it.each([
    [{ quantity: 0 }, 'quantity'],
    [{ quantity: 2.5 }, 'quantity'],
    [{ finishedGoodId: '' }, 'finishedGoodId'],
    [{ eventId: 5 }, 'eventId'],
  ])('refuses %j with a ValidationError on %s, writing nothing', async (bad, field) => {
    const { run, db } = makeTestDb()
    const b = await run(bakery)
    const before = await snapshotAll(db)
    await expect(
      run((tx) =>
        recordAssemblyRun(tx, { finishedGoodId: b.tin.id, quantity: 1, ...bad } as never),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field })
    expect(await snapshotAll(db)).toEqual(before)
  })

  it('refuses unknown or deleted finished goods and events with NotFoundError', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    const attempt = (overrides: Record<string, unknown>) =>
      run((tx) => recordAssemblyRun(tx, { finishedGoodId: b.tin.id, quantity: 1, ...overrides }))
    await expect(attempt({ finishedGoodId: 'nope' })).rejects.toMatchObject({
      entity: 'finishedGood',
    })
    await expect(attempt({ eventId: 'nope' })).rejects.toMatchObject({ entity: 'event' })
    await run((tx) => softDelete(tx, 'events', b.otherEvent.id))
    await expect(attempt({ eventId: b.otherEvent.id })).rejects.toBeInstanceOf(NotFoundError)
    await run((tx) => softDelete(tx, 'finishedGoods', b.tin.id))
    await expect(attempt({})).rejects.toMatchObject({ entity: 'finishedGood', id: b.tin.id })
  })

  it('leaves nothing behind when the action throws after recording', async () => {
    const { run, db } = makeTestDb()
    const b = await run(bakery)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await recordAssemblyRun(tx, { finishedGoodId: b.box.id, quantity: 1, eventId: b.event.id })
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('getAssemblyRuns', () => {
  it('lists the event’s live runs newest first with names, leaving out other events and deleted runs', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    const first = await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.tin.id, quantity: 1, eventId: b.event.id }),
    )
    const second = await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.box.id, quantity: 2, eventId: b.event.id }),
    )
    const deleted = await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.box.id, quantity: 3, eventId: b.event.id }),
    )
    await run((tx) => softDelete(tx, 'assemblyRuns', deleted.id))
    await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.box.id, quantity: 3, eventId: b.otherEvent.id }),
    )
    const runs = await read((tx) => getAssemblyRuns(tx, b.event.id))
    expect(runs.map((row) => [row.id, row.finishedGoodName])).toEqual([
      [second.id, 'Gift box'],
      [first.id, 'Cookie tin'],
    ])
  })

  it('orders runs by assembledAt first and keeps the name of a good deleted since', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await run(async (tx) => {
      await buildAssemblyRun(tx, {
        id: 'z-older',
        finishedGoodId: b.tin.id,
        eventId: b.event.id,
        assembledAt: '2026-12-01T10:00:00.000Z',
      })
      await buildAssemblyRun(tx, {
        id: 'a-newer',
        finishedGoodId: b.tin.id,
        eventId: b.event.id,
        assembledAt: '2026-12-02T10:00:00.000Z',
      })
      await softDelete(tx, 'finishedGoods', b.tin.id)
    })
    const runs = await read((tx) => getAssemblyRuns(tx, b.event.id))
    expect(runs.map((row) => [row.id, row.finishedGoodName])).toEqual([
      ['a-newer', 'Cookie tin'],
      ['z-older', 'Cookie tin'],
    ])
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(bakery)
    await expect(read((tx) => getAssemblyRuns(tx, 'nope'))).rejects.toBeInstanceOf(NotFoundError)
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getAssemblyRuns(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getAssemblyRuns(tx, ''))).rejects.toBeInstanceOf(ValidationError)
  })
})
