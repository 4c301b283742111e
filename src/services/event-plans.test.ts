import { describe, expect, it } from 'vitest'
import { pairId } from '../db/ids'
import type { Tx } from '../db/tx'
import {
  buildAssemblyTarget,
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildProductionRun,
  buildProductionTarget,
  buildRecipe,
  buildRecipient,
  softDelete,
} from '../test/builders'
import { countRequests } from '../test/count-requests'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { NotFoundError, ValidationError } from './errors'
import {
  cloneEvent,
  dateNextYear,
  getEventSummary,
  nameNextYear,
  previewCloneEvent,
} from './event-plans'
import { getEvent } from './events'

/**
 * Worked example, by hand:
 *   Sugar cookies per batch: flour 500 g of a 2.50/kg ingredient = 1.25; sugar 251 g at 0.0042/g
 *     = 1.0542 → 2.3042 per batch, 12 cookies per batch.
 *   Truffles per batch: chocolate 333 g at 0.0133/g = 4.4289, 20 truffles per batch.
 *   "Tin" package = 1 Cookie & truffle tin (9 cookies + 4 truffles); "Truffles" = 1 box of 10.
 *   Alice: 2 Tins (18 cookies, 8 truffles); Bob: 1 Tin (9, 4) and 1 Truffles (10 truffles).
 *   Cookies 27 → 3 batches × 2.3042 = 6.9126; truffles 22 → 2 batches × 4.4289 = 8.8578.
 *   Planned cost 15.7704 → "15.77". (Carol's deleted 5 Tins and Dave's Tins in another event
 *   do not count.)
 */
async function christmas(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 2_500_000 })
  const sugar = await buildIngredient(tx, { name: 'Sugar', unit: 'g', unitCost: 4_200 })
  const chocolate = await buildIngredient(tx, { name: 'Chocolate', unit: 'g', unitCost: 13_300 })
  const cookies = await buildRecipe(tx, {
    name: 'Sugar cookies',
    ingredients: [
      { ingredientId: flour.id, quantity: 500, unit: 'g' },
      { ingredientId: sugar.id, quantity: 251, unit: 'g' },
    ],
  })
  const truffles = await buildRecipe(tx, {
    name: 'Truffles',
    ingredients: [{ ingredientId: chocolate.id, quantity: 333, unit: 'g' }],
  })
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const truffle = await buildFinishedUnit(tx, { recipeId: truffles.id, itemsPerBatch: 20 })
  const tinGood = await buildFinishedGood(tx, {
    name: 'Cookie & truffle tin',
    components: [
      { kind: 'unit', id: cookie.id, quantity: 9 },
      { kind: 'unit', id: truffle.id, quantity: 4 },
    ],
  })
  const boxGood = await buildFinishedGood(tx, {
    name: 'Truffle box',
    components: [{ kind: 'unit', id: truffle.id, quantity: 10 }],
  })
  const tin = await buildPackage(tx, {
    name: 'Tin',
    contents: [{ finishedGoodId: tinGood.id, quantity: 1 }],
  })
  const box = await buildPackage(tx, {
    name: 'Truffles',
    contents: [{ finishedGoodId: boxGood.id, quantity: 1 }],
  })
  const alice = await buildRecipient(tx, { name: 'Alice' })
  const bob = await buildRecipient(tx, { name: 'Bob' })
  const carol = await buildRecipient(tx, { name: 'Carol' })
  const dave = await buildRecipient(tx, { name: 'Dave' })
  const event = await buildEvent(tx, { name: 'Christmas 2026', notes: 'ribbons in the loft' })
  const otherEvent = await buildEvent(tx, { name: 'Advent 2026', date: '2026-12-01' })
  const aliceTin = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: alice.id,
    packageId: tin.id,
    quantity: 2,
    notes: 'no nuts',
    status: 'delivered',
    statusEpoch: 1,
    deliveredTo: 'Neighbour',
    deliveredAt: '2026-12-24T10:00:00.000Z',
  })
  const bobTin = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: bob.id,
    packageId: tin.id,
    status: 'assembled',
  })
  const bobBox = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: bob.id,
    packageId: box.id,
  })
  const carolTin = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: carol.id,
    packageId: tin.id,
    quantity: 5,
  })
  await softDelete(tx, 'assignments', carolTin.id)
  await buildAssignment(tx, {
    eventId: otherEvent.id,
    recipientId: dave.id,
    packageId: tin.id,
    quantity: 3,
  })
  return {
    cookies,
    truffles,
    cookie,
    tinGood,
    boxGood,
    tin,
    box,
    alice,
    bob,
    carol,
    dave,
    event,
    otherEvent,
    aliceTin,
    bobTin,
    bobBox,
  }
}

describe('getEventSummary', () => {
  it('counts 2 recipients, 3 assignments, 4 package units and plans 15.77 (6.9126 + 8.8578)', async () => {
    const { run, read } = makeTestDb()
    const c = await run(christmas)
    expect(await read((tx) => getEventSummary(tx, c.event.id))).toEqual({
      recipientCount: 2,
      assignmentCount: 3,
      packageUnits: 4,
      plannedCost: '15.77',
    })
  })

  it('sums units over the event before rounding up to batches (two 6-cookie needs = 1 batch)', async () => {
    const { run, read } = makeTestDb()
    const eventId = await run(async (tx) => {
      const flour = await buildIngredient(tx, { unit: 'g', unitCost: 10_000 })
      const recipe = await buildRecipe(tx, {
        ingredients: [{ ingredientId: flour.id, quantity: 100, unit: 'g' }],
      })
      const cookie = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
      const good = await buildFinishedGood(tx, {
        components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
      })
      const pkg = await buildPackage(tx, { contents: [{ finishedGoodId: good.id, quantity: 1 }] })
      const event = await buildEvent(tx)
      for (const name of ['A', 'B']) {
        const recipient = await buildRecipient(tx, { name })
        await buildAssignment(tx, {
          eventId: event.id,
          recipientId: recipient.id,
          packageId: pkg.id,
        })
      }
      return event.id
    })
    // One batch of 100 g at 0.01 = 1.00, not two.
    expect((await read((tx) => getEventSummary(tx, eventId))).plannedCost).toBe('1.00')
  })

  it('is all zeros for an event without live assignments', async () => {
    const { run, read } = makeTestDb()
    const event = await run((tx) => buildEvent(tx))
    expect(await read((tx) => getEventSummary(tx, event.id))).toEqual({
      recipientCount: 0,
      assignmentCount: 0,
      packageUnits: 0,
      plannedCost: '0.00',
    })
  })

  it('throws NotFoundError for an unknown or deleted event', async () => {
    const { run, read } = makeTestDb()
    await expect(read((tx) => getEventSummary(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'event',
      id: 'nope',
    })
    const event = await run((tx) => buildEvent(tx))
    await run((tx) => softDelete(tx, 'events', event.id))
    await expect(read((tx) => getEventSummary(tx, event.id))).rejects.toMatchObject({
      entity: 'event',
      id: event.id,
    })
  })
})

describe('cloneEvent', () => {
  async function withTargetsAndRuns(tx: Tx) {
    const c = await christmas(tx)
    await buildProductionTarget(tx, {
      eventId: c.event.id,
      recipeId: c.cookies.id,
      targetBatches: 3,
      notes: 'early',
    })
    const goneTarget = await buildProductionTarget(tx, {
      eventId: c.event.id,
      recipeId: c.truffles.id,
    })
    await softDelete(tx, 'productionTargets', goneTarget.id)
    await buildAssemblyTarget(tx, {
      eventId: c.event.id,
      finishedGoodId: c.tinGood.id,
      targetQuantity: 3,
    })
    await buildProductionRun(tx, {
      recipeId: c.cookies.id,
      finishedUnitId: c.cookie.id,
      eventId: c.event.id,
      batches: 2,
    })
    return c
  }

  it('writes the copied rows in bulk: the same number of IndexedDB writes for 3 assignments as for 60', async () => {
    const writesFor = async (extra: number) => {
      const { run, db } = makeTestDb()
      const c = await run(withTargetsAndRuns)
      await run(async (tx) => {
        for (let index = 0; index < extra; index += 1) {
          const recipient = await buildRecipient(tx, { name: `Guest ${index}` })
          await buildAssignment(tx, {
            eventId: c.event.id,
            recipientId: recipient.id,
            packageId: c.tin.id,
          })
        }
      })
      // Middleware applies from the next open.
      db.close()
      const counter = countRequests(db)
      await db.open()
      counter.reset()
      await run((tx) => cloneEvent(tx, c.event.id, { name: 'Again', date: '2027-12-24' }))
      const counts = counter.snapshot()
      expect(Object.keys(counts).length).toBeGreaterThan(0)
      return Object.entries(counts)
        .filter(([key]) => key.endsWith('.mutate'))
        .reduce((sum, [, n]) => sum + n, 0)
    }
    expect(await writesFor(57)).toBe(await writesFor(0))
  })

  it('copies live assignments reset to pending, and live targets under the new pair ids, but not runs', async () => {
    const { run, read, db } = makeTestDb()
    const c = await run(withTargetsAndRuns)
    const clone = await run((tx) =>
      cloneEvent(tx, c.event.id, { name: 'Christmas 2027', date: '2027-12-24' }),
    )
    expect(clone).toMatchObject({
      name: 'Christmas 2027',
      date: '2027-12-24',
      year: 2027,
      notes: 'ribbons in the loft',
    })
    expect(await read((tx) => getEvent(tx, clone.id))).toEqual(clone)

    const copied = await db.assignments.where('eventId').equals(clone.id).toArray()
    const byKey = (row: { recipientId: string; packageId: string }) =>
      `${row.recipientId}/${row.packageId}`
    expect(copied.map(byKey).sort()).toEqual([c.aliceTin, c.bobTin, c.bobBox].map(byKey).sort())
    for (const row of copied) {
      expect(row).toMatchObject({
        status: 'pending',
        statusEpoch: 0,
        deliveredTo: null,
        deliveredAt: null,
        deletedAt: null,
      })
    }
    expect(copied.find((row) => row.recipientId === c.alice.id)).toMatchObject({
      quantity: 2,
      notes: 'no nuts',
    })

    const production = await db.productionTargets.where('eventId').equals(clone.id).toArray()
    expect(production).toEqual([
      expect.objectContaining({
        id: pairId('productionTarget', clone.id, c.cookies.id),
        recipeId: c.cookies.id,
        targetBatches: 3,
        notes: 'early',
      }),
    ])
    const assembly = await db.assemblyTargets.where('eventId').equals(clone.id).toArray()
    expect(assembly).toEqual([
      expect.objectContaining({
        id: pairId('assemblyTarget', clone.id, c.tinGood.id),
        targetQuantity: 3,
      }),
    ])
    expect(await db.productionRuns.where('eventId').equals(clone.id).count()).toBe(0)
    expect(await db.statusChanges.count()).toBe(0)
  })

  it('leaves the source event as it was', async () => {
    const { run, db } = makeTestDb()
    const c = await run(withTargetsAndRuns)
    const before = await db.assignments.where('eventId').equals(c.event.id).toArray()
    await run((tx) => cloneEvent(tx, c.event.id, { name: 'Copy', date: '2027-12-24' }))
    expect(await db.assignments.where('eventId').equals(c.event.id).toArray()).toEqual(before)
  })

  it('leaves out assignments and targets whose recipient, package, recipe or good was deleted', async () => {
    const { run, db } = makeTestDb()
    const c = await run(withTargetsAndRuns)
    await run(async (tx) => {
      await softDelete(tx, 'recipients', c.alice.id)
      await softDelete(tx, 'packages', c.box.id)
      await softDelete(tx, 'recipes', c.cookies.id)
      await softDelete(tx, 'finishedGoods', c.tinGood.id)
    })
    const clone = await run((tx) =>
      cloneEvent(tx, c.event.id, { name: 'Copy', date: '2027-12-24' }),
    )
    const copied = await db.assignments.where('eventId').equals(clone.id).toArray()
    expect(copied.map((row) => [row.recipientId, row.packageId])).toEqual([[c.bob.id, c.tin.id]])
    expect(await db.productionTargets.where('eventId').equals(clone.id).count()).toBe(0)
    expect(await db.assemblyTargets.where('eventId').equals(clone.id).count()).toBe(0)
  })

  it('copies a duplicated (recipient, package) from a sync race once', async () => {
    const { run, db } = makeTestDb()
    const c = await run(christmas)
    await run((tx) =>
      buildAssignment(tx, { eventId: c.event.id, recipientId: c.bob.id, packageId: c.box.id }),
    )
    const clone = await run((tx) =>
      cloneEvent(tx, c.event.id, { name: 'Copy', date: '2027-12-24' }),
    )
    expect(await db.assignments.where('eventId').equals(clone.id).count()).toBe(3)
  })

  it('sees its own copies within the same action (read-your-writes)', async () => {
    const { run } = makeTestDb()
    const c = await run(christmas)
    const summary = await run(async (tx) => {
      const clone = await cloneEvent(tx, c.event.id, { name: 'Copy', date: '2027-12-24' })
      return getEventSummary(tx, clone.id)
    })
    expect(summary).toEqual({
      recipientCount: 2,
      assignmentCount: 3,
      packageUnits: 4,
      plannedCost: '15.77',
    })
  })

  it('throws NotFoundError for an unknown or deleted source event', async () => {
    const { run } = makeTestDb()
    await expect(
      run((tx) => cloneEvent(tx, 'nope', { name: 'Copy', date: '2027-12-24' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'event', id: 'nope' })
    const event = await run((tx) => buildEvent(tx))
    await run((tx) => softDelete(tx, 'events', event.id))
    await expect(
      run((tx) => cloneEvent(tx, event.id, { name: 'Copy', date: '2027-12-24' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('refuses an empty name or a date that does not exist, naming the field', async () => {
    const { run, db } = makeTestDb()
    const event = await run((tx) => buildEvent(tx))
    await expect(
      run((tx) => cloneEvent(tx, event.id, { name: ' ', date: '2027-12-24' })),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'name' })
    const attempt = run((tx) => cloneEvent(tx, event.id, { name: 'Copy', date: '2027-02-30' }))
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'date' })
    expect(await db.events.count()).toBe(1)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const c = await run(withTargetsAndRuns)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await cloneEvent(tx, c.event.id, { name: 'Copy', date: '2027-12-24' })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('previewCloneEvent (Same as last year)', () => {
  it('suggests the name and date a year on', () => {
    expect(nameNextYear('Christmas 2026', '2026-12-24')).toBe('Christmas 2027')
    expect(nameNextYear('Christmas', '2026-12-24')).toBe('Christmas')
    expect(nameNextYear('Lot 20265', '2026-12-24')).toBe('Lot 20265')
    expect(dateNextYear('2026-12-24')).toBe('2027-12-24')
    expect(dateNextYear('2028-02-29')).toBe('2029-02-28')
  })

  it('counts what the clone copies and names the recipients deleted since, matching cloneEvent', async () => {
    const { run, read, db } = makeTestDb()
    const c = await run(async (tx) => {
      const made = await christmas(tx)
      await buildProductionTarget(tx, { eventId: made.event.id, recipeId: made.cookies.id })
      return made
    })
    await run((tx) => softDelete(tx, 'recipients', c.alice.id))
    const preview = await read((tx) => previewCloneEvent(tx, c.event.id))
    expect(preview).toMatchObject({
      sourceName: 'Christmas 2026',
      suggestedName: 'Christmas 2027',
      recipients: 1,
      assignments: 2,
      packageUnits: 2,
      productionTargets: 1,
      assemblyTargets: 0,
      deletedRecipients: [{ id: c.alice.id, name: 'Alice' }],
      leftOutAssignments: 1,
    })
    const clone = await run((tx) =>
      cloneEvent(tx, c.event.id, { name: preview.suggestedName, date: preview.suggestedDate }),
    )
    expect(await db.assignments.where('eventId').equals(clone.id).count()).toBe(preview.assignments)
    expect(await db.productionTargets.where('eventId').equals(clone.id).count()).toBe(
      preview.productionTargets,
    )
  })
})
