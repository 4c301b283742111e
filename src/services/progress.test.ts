import { describe, expect, it } from 'vitest'
import { pairId } from '../db/ids'
import type { Tx } from '../db/tx'
import {
  buildAssemblyRun,
  buildAssemblyTarget,
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildPackage,
  buildProductionRun,
  buildProductionTarget,
  buildRecipe,
  buildRecipient,
  softDelete,
} from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { NotFoundError, ValidationError } from './errors'
import {
  getAssemblyProgress,
  getEventOverallProgress,
  getEventsWithProgress,
  getProductionProgress,
  listEventsInRange,
} from './progress'

/**
 * Christmas: targets Sugar cookies 4 batches, Brownies 2, (deleted) Fudge 1; runs cookies 3 + 2
 * batches (one total loss of 2 → 3 count), brownies 2, one deleted run; assembly targets Cookie
 * tin 10, gift box 4; runs tin 4 + 1, box 4; assignments: 2 pending, 1 assembled, 1 delivered
 * (quantity 5: still one package), 1 deleted.
 */
async function bakery(tx: Tx) {
  const event = await buildEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
  const otherEvent = await buildEvent(tx, { name: 'Advent 2026', date: '2026-12-01' })
  const cookies = await buildRecipe(tx, { name: 'Sugar cookies' })
  const brownies = await buildRecipe(tx, { name: 'brownies' })
  const fudge = await buildRecipe(tx, { name: 'Fudge' })
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const brownie = await buildFinishedUnit(tx, { recipeId: brownies.id, itemsPerBatch: 9 })
  const tin = await buildFinishedGood(tx, { name: 'Cookie tin' })
  const box = await buildFinishedGood(tx, { name: 'gift box' })
  const pkg = await buildPackage(tx, { name: 'Tin' })
  const pkg2 = await buildPackage(tx, { name: 'Box' })
  const recipients = await Promise.all(
    ['Alice', 'Bob', 'Carol', 'Dan'].map((name) => buildRecipient(tx, { name })),
  )
  return {
    event,
    otherEvent,
    cookies,
    brownies,
    fudge,
    cookie,
    brownie,
    tin,
    box,
    pkg,
    pkg2,
    recipients,
  }
}

async function withWork(tx: Tx) {
  const b = await bakery(tx)
  const eventId = b.event.id
  await buildProductionTarget(tx, { eventId, recipeId: b.cookies.id, targetBatches: 4 })
  await buildProductionTarget(tx, { eventId, recipeId: b.brownies.id, targetBatches: 2 })
  const fudgeTarget = await buildProductionTarget(tx, { eventId, recipeId: b.fudge.id })
  await softDelete(tx, 'productionTargets', fudgeTarget.id)
  const cookieRun = { eventId, recipeId: b.cookies.id, finishedUnitId: b.cookie.id }
  await buildProductionRun(tx, { ...cookieRun, batches: 3, expectedYield: 36, actualYield: 30 })
  await buildProductionRun(tx, { ...cookieRun, batches: 2, expectedYield: 24, actualYield: 0 })
  const deletedRun = await buildProductionRun(tx, { ...cookieRun, batches: 9 })
  await softDelete(tx, 'productionRuns', deletedRun.id)
  await buildProductionRun(tx, {
    ...cookieRun,
    eventId: b.otherEvent.id,
    batches: 7,
  })
  await buildProductionRun(tx, {
    eventId,
    recipeId: b.brownies.id,
    finishedUnitId: b.brownie.id,
    batches: 2,
    expectedYield: 18,
  })
  await buildAssemblyTarget(tx, { eventId, finishedGoodId: b.tin.id, targetQuantity: 10 })
  await buildAssemblyTarget(tx, { eventId, finishedGoodId: b.box.id, targetQuantity: 4 })
  await buildAssemblyRun(tx, { eventId, finishedGoodId: b.tin.id, quantity: 4 })
  await buildAssemblyRun(tx, { eventId, finishedGoodId: b.tin.id, quantity: 1 })
  const deletedAssembly = await buildAssemblyRun(tx, {
    eventId,
    finishedGoodId: b.tin.id,
    quantity: 5,
  })
  await softDelete(tx, 'assemblyRuns', deletedAssembly.id)
  await buildAssemblyRun(tx, { eventId, finishedGoodId: b.box.id, quantity: 4 })
  const [alice, bob, carol, dan] = b.recipients
  const assign = (recipientId: string, extra: Record<string, unknown> = {}) =>
    buildAssignment(tx, { eventId, recipientId, packageId: b.pkg.id, ...extra })
  await assign(alice!.id)
  await assign(bob!.id)
  await assign(carol!.id, { status: 'assembled' })
  await assign(dan!.id, { status: 'delivered', quantity: 5 })
  const deletedAssignment = await assign(dan!.id, { packageId: b.pkg2.id })
  await softDelete(tx, 'assignments', deletedAssignment.id)
  return b
}

describe('getProductionProgress', () => {
  it('reports one row per live target by recipe name; a total loss adds no batches', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    expect(await read((tx) => getProductionProgress(tx, b.event.id))).toEqual([
      {
        recipeId: b.brownies.id,
        recipeName: 'brownies',
        targetBatches: 2,
        producedBatches: 2,
        producedYield: 18,
        progressPct: 100,
        isComplete: true,
      },
      {
        // 3 of 4 batches (the total loss of 2 does not count) = 75 %; yield 30 + 0.
        recipeId: b.cookies.id,
        recipeName: 'Sugar cookies',
        targetBatches: 4,
        producedBatches: 3,
        producedYield: 30,
        progressPct: 75,
        isComplete: false,
      },
    ])
  })

  it('is empty for an event without targets', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    expect(await read((tx) => getProductionProgress(tx, b.otherEvent.id))).toEqual([])
  })

  it('keeps a target whose recipe was deleted since, with its name', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    await run((tx) => softDelete(tx, 'recipes', b.brownies.id))
    const rows = await read((tx) => getProductionProgress(tx, b.event.id))
    expect(rows.map((row) => row.recipeName)).toEqual(['brownies', 'Sugar cookies'])
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    await expect(read((tx) => getProductionProgress(tx, 'nope'))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getProductionProgress(tx, ''))).rejects.toBeInstanceOf(
      ValidationError,
    )
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getProductionProgress(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('getAssemblyProgress', () => {
  it('reports one row per live target by finished-good name, ignoring deleted runs', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    expect(await read((tx) => getAssemblyProgress(tx, b.event.id))).toEqual([
      {
        finishedGoodId: b.tin.id,
        finishedGoodName: 'Cookie tin',
        targetQuantity: 10,
        assembledQuantity: 5,
        progressPct: 50,
        isComplete: false,
      },
      {
        finishedGoodId: b.box.id,
        finishedGoodName: 'gift box',
        targetQuantity: 4,
        assembledQuantity: 4,
        progressPct: 100,
        isComplete: true,
      },
    ])
  })

  it('ignores deleted targets and is empty without targets', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    await run((tx) =>
      softDelete(tx, 'assemblyTargets', pairId('assemblyTarget', b.event.id, b.tin.id)),
    )
    const rows = await read((tx) => getAssemblyProgress(tx, b.event.id))
    expect(rows.map((row) => row.finishedGoodName)).toEqual(['gift box'])
    expect(await read((tx) => getAssemblyProgress(tx, b.otherEvent.id))).toEqual([])
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    await expect(read((tx) => getAssemblyProgress(tx, 'nope'))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getAssemblyProgress(tx, ''))).rejects.toBeInstanceOf(ValidationError)
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getAssemblyProgress(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('getEventOverallProgress', () => {
  it('counts targets, completed targets and live assignments by status', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    expect(await read((tx) => getEventOverallProgress(tx, b.event.id))).toEqual({
      productionTargetsCount: 2,
      productionCompleteCount: 1,
      productionComplete: false,
      assemblyTargetsCount: 2,
      assemblyCompleteCount: 1,
      assemblyComplete: false,
      packagesPending: 2,
      packagesAssembled: 1,
      packagesDelivered: 1,
      packagesTotal: 4,
    })
  })

  it('is complete with no targets at all, and counts nothing for an empty event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    expect(await read((tx) => getEventOverallProgress(tx, b.otherEvent.id))).toEqual({
      productionTargetsCount: 0,
      productionCompleteCount: 0,
      productionComplete: true,
      assemblyTargetsCount: 0,
      assemblyCompleteCount: 0,
      assemblyComplete: true,
      packagesPending: 0,
      packagesAssembled: 0,
      packagesDelivered: 0,
      packagesTotal: 0,
    })
  })

  it('refuses an unknown, deleted or malformed event', async () => {
    const { run, read } = makeTestDb()
    const b = await run(withWork)
    await expect(read((tx) => getEventOverallProgress(tx, 'nope'))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    await expect(read((tx) => getEventOverallProgress(tx, ''))).rejects.toBeInstanceOf(
      ValidationError,
    )
    await run((tx) => softDelete(tx, 'events', b.event.id))
    await expect(read((tx) => getEventOverallProgress(tx, b.event.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })
})

describe('getEventsWithProgress', () => {
  async function calendar(tx: Tx) {
    const b = await withWork(tx)
    const past = await buildEvent(tx, { name: 'Harvest 2026', date: '2026-10-31' })
    const sameDayB = await buildEvent(tx, { name: 'b Party', date: '2026-12-24' })
    const deleted = await buildEvent(tx, { name: 'Gone', date: '2026-12-25' })
    await softDelete(tx, 'events', deleted.id)
    return { ...b, past, sameDayB }
  }
  const ids = (rows: { eventId: string }[]) => rows.map((row) => row.eventId)

  it('defaults to active and future events (date ≥ today) by date, then name, with progress', async () => {
    const { run, read } = makeTestDb()
    const b = await run(calendar)
    const rows = await read((tx) => getEventsWithProgress(tx, { today: '2026-12-01' }))
    expect(ids(rows)).toEqual([b.otherEvent.id, b.sameDayB.id, b.event.id])
    const christmas = rows[2]
    expect(christmas).toMatchObject({
      eventId: b.event.id,
      eventName: 'Christmas 2026',
      eventDate: '2026-12-24',
    })
    expect(christmas?.productionProgress).toEqual(
      await read((tx) => getProductionProgress(tx, b.event.id)),
    )
    expect(christmas?.assemblyProgress).toEqual(
      await read((tx) => getAssemblyProgress(tx, b.event.id)),
    )
    expect(christmas?.overallProgress).toEqual(
      await read((tx) => getEventOverallProgress(tx, b.event.id)),
    )
    expect(rows[0]?.overallProgress.packagesTotal).toBe(0)
  })

  it('filters past (date < today), all, and an inclusive dateFrom/dateTo range', async () => {
    const { run, read } = makeTestDb()
    const b = await run(calendar)
    const list = (input: Parameters<typeof getEventsWithProgress>[1]) =>
      read((tx) => getEventsWithProgress(tx, input)).then(ids)
    expect(await list({ filter: 'past', today: '2026-12-01' })).toEqual([b.past.id])
    expect(await list({ filter: 'all', today: '2026-12-01' })).toEqual([
      b.past.id,
      b.otherEvent.id,
      b.sameDayB.id,
      b.event.id,
    ])
    expect(
      await list({
        filter: 'all',
        today: '2026-12-01',
        dateFrom: '2026-12-01',
        dateTo: '2026-12-01',
      }),
    ).toEqual([b.otherEvent.id])
    expect(await list({ today: '2026-12-02', dateTo: '2026-12-24' })).toEqual([
      b.sameDayB.id,
      b.event.id,
    ])
    expect(await list({ filter: 'all', today: '2026-12-01', dateFrom: '2026-12-25' })).toEqual([])
    expect(
      await list({
        filter: 'all',
        today: '2026-12-01',
        dateFrom: '2026-12-24',
        dateTo: '2026-12-01',
      }),
    ).toEqual([])
  })

  it('lists the same events in the same order without progress, for every filter', async () => {
    const { run, read } = makeTestDb()
    await run(calendar)
    const inputs = [
      { today: '2026-12-01' },
      { filter: 'past' as const, today: '2026-12-01' },
      { filter: 'all' as const, today: '2026-12-01' },
      { filter: 'all' as const, today: '2026-12-01', dateFrom: '2026-12-24' },
    ]
    for (const input of inputs) {
      const listed = await read((tx) => listEventsInRange(tx, input))
      const withProgress = await read((tx) => getEventsWithProgress(tx, input))
      expect(listed.map((event) => [event.id, event.name, event.date])).toEqual(
        withProgress.map((row) => [row.eventId, row.eventName, row.eventDate]),
      )
    }
    await expect(read((tx) => listEventsInRange(tx, { today: 'soon' }))).rejects.toBeInstanceOf(
      ValidationError,
    )
  })

  it('refuses a missing or malformed today, a bad date and an unknown filter', async () => {
    const { read } = makeTestDb()
    const attempt = (input: unknown) =>
      read((tx) => getEventsWithProgress(tx, input as never)).catch((error: unknown) => error)
    expect(await attempt({})).toMatchObject({ name: 'ValidationError', field: 'today' })
    expect(await attempt({ today: '2026-13-01' })).toMatchObject({ field: 'today' })
    expect(await attempt({ today: '2026-12-01', dateFrom: '1 Dec' })).toMatchObject({
      field: 'dateFrom',
    })
    expect(await attempt({ today: '2026-12-01', filter: 'future' })).toMatchObject({
      field: 'filter',
    })
  })
})
