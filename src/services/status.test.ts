import { describe, expect, it } from 'vitest'
import { applyRemote } from '../db/apply-remote'
import type { PackageStatus } from '../db/schema'
import type { Tx } from '../db/tx'
import {
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildPackage,
  buildProductionRun,
  buildRecipe,
  buildRecipient,
  softDelete,
} from '../test/builders'
import { countRequests } from '../test/count-requests'
import { makeTestDb, snapshotAll, steppingClock, type TestDb } from '../test/make-test-db'
import { IncompleteProductionError, InvalidTransitionError, NotFoundError } from './errors'
import {
  canAssemblePackage,
  getPackagesByStatus,
  getStatusHistory,
  isForwardStep,
  nextStatus,
  previousStatus,
  revertPackageStatus,
  updateFulfillmentStatus,
  updatePackageStatus,
} from './status'

/**
 * Sugar cookies yield 12 per batch; a Cookie tin holds 15 cookies; the "Tin" package holds 2 tins,
 * so one Tin needs 30 cookies = ceil(30 ÷ 12) = 3 batches. Brownies yield 9 per batch; the "Mixed"
 * package holds 1 Cookie tin (15 cookies → 2 batches) and 1 Brownie box (9 brownies → 1 batch).
 */
async function bakery(tx: Tx) {
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const otherEvent = await buildEvent(tx, { name: 'Advent 2026' })
  const cookies = await buildRecipe(tx, { name: 'Sugar cookies' })
  const brownies = await buildRecipe(tx, { name: 'Brownies' })
  const cookie = await buildFinishedUnit(tx, { recipeId: cookies.id, itemsPerBatch: 12 })
  const brownie = await buildFinishedUnit(tx, { recipeId: brownies.id, itemsPerBatch: 9 })
  const cookieTin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 15 }],
  })
  const brownieBox = await buildFinishedGood(tx, {
    name: 'Brownie box',
    components: [{ kind: 'unit', id: brownie.id, quantity: 9 }],
  })
  const tin = await buildPackage(tx, {
    name: 'Tin',
    contents: [{ finishedGoodId: cookieTin.id, quantity: 2 }],
  })
  const mixed = await buildPackage(tx, {
    name: 'Mixed',
    contents: [
      { finishedGoodId: cookieTin.id, quantity: 1 },
      { finishedGoodId: brownieBox.id, quantity: 1 },
    ],
  })
  const empty = await buildPackage(tx, { name: 'Card only' })
  const alice = await buildRecipient(tx, { name: 'Alice' })
  const bob = await buildRecipient(tx, { name: 'bob' })
  const assignment = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: alice.id,
    packageId: tin.id,
  })
  return {
    event,
    otherEvent,
    cookies,
    brownies,
    cookie,
    brownie,
    tin,
    mixed,
    empty,
    alice,
    bob,
    assignment,
  }
}

async function setUp(db: TestDb) {
  return db.run(bakery)
}

describe('the transition rule', () => {
  it('steps forward pending → assembled → delivered and back one step at a time', () => {
    expect(nextStatus('pending')).toBe('assembled')
    expect(nextStatus('assembled')).toBe('delivered')
    expect(nextStatus('delivered')).toBeNull()
    expect(previousStatus('delivered')).toBe('assembled')
    expect(previousStatus('assembled')).toBe('pending')
    expect(previousStatus('pending')).toBeNull()
  })

  it('allows exactly the two forward steps', () => {
    const all: PackageStatus[] = ['pending', 'assembled', 'delivered']
    const allowed = all.flatMap((from) =>
      all.filter((to) => isForwardStep(from, to)).map((to) => `${from}→${to}`),
    )
    expect(allowed).toEqual(['pending→assembled', 'assembled→delivered'])
  })
})

const ILLEGAL: [PackageStatus, PackageStatus][] = [
  ['pending', 'delivered'],
  ['pending', 'pending'],
  ['assembled', 'assembled'],
  ['assembled', 'pending'],
  ['delivered', 'assembled'],
  ['delivered', 'pending'],
  ['delivered', 'delivered'],
]

describe('updateFulfillmentStatus', () => {
  it('moves pending → assembled → delivered without a production check, stamping deliveredAt', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    const assembled = await testDb.run((tx) =>
      updateFulfillmentStatus(tx, assignment.id, 'assembled'),
    )
    expect(assembled).toMatchObject({ status: 'assembled', statusEpoch: 0, deliveredAt: null })
    const delivered = await testDb.run((tx) =>
      updateFulfillmentStatus(tx, assignment.id, 'delivered'),
    )
    expect(delivered).toMatchObject({ status: 'delivered', statusEpoch: 0, deliveredTo: null })
    expect(delivered.deliveredAt).toMatch(/^2026-11-01T09:00:\d\d\.000Z$/)
  })

  it('appends one StatusChange per change, with the epoch, time and device', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled'))
    expect(await testDb.db.statusChanges.count()).toBe(1)
    await testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'delivered'))
    const history = await testDb.read((tx) => getStatusHistory(tx, assignment.id))
    expect(history).toHaveLength(2)
    expect(history[1]).toMatchObject({
      assignmentId: assignment.id,
      from: 'assembled',
      to: 'delivered',
      epoch: 0,
      deviceId: 'device-test',
    })
    expect(history[1]?.at).toMatch(/^2026-11-01T/)
  })

  it.each(ILLEGAL)(
    'refuses %s → %s with InvalidTransitionError and writes nothing',
    async (from, to) => {
      const testDb = makeTestDb()
      const { assignment } = await setUp(testDb)
      const at = await testDb.run(async (tx) => {
        const row = await buildAssignment(tx, {
          eventId: assignment.eventId,
          recipientId: assignment.recipientId,
          packageId: assignment.packageId,
          status: from,
          deliveredAt: from === 'delivered' ? '2026-12-24T10:00:00.000Z' : null,
        })
        return row.id
      })
      const before = await snapshotAll(testDb.db)
      const attempt = testDb.run((tx) => updateFulfillmentStatus(tx, at, to))
      await expect(attempt).rejects.toBeInstanceOf(InvalidTransitionError)
      await expect(attempt).rejects.toMatchObject({ from, to, id: at })
      expect(await snapshotAll(testDb.db)).toEqual(before)
    },
  )

  it('throws NotFoundError for an unknown or deleted assignment', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await expect(
      testDb.run((tx) => updateFulfillmentStatus(tx, 'nope', 'assembled')),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'assignment', id: 'nope' })
    await testDb.run((tx) => softDelete(tx, 'assignments', assignment.id))
    await expect(
      testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled')),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'assignment', id: assignment.id })
  })

  it('refuses an unknown status with a ValidationError on to', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await expect(
      testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'shipped' as PackageStatus)),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'to' })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    const before = await snapshotAll(testDb.db)
    await expect(
      testDb.run(async (tx) => {
        await updateFulfillmentStatus(tx, assignment.id, 'assembled')
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(testDb.db)).toEqual(before)
  })
})

/**
 * Runs for the worked example: 1 batch for the event counts; 2 batches for another event, a
 * 0-yield run for the event, a deleted run for the event and an unattributed run do not.
 */
async function recordWorkedRuns(tx: Tx, b: Awaited<ReturnType<typeof bakery>>) {
  const run = { recipeId: b.cookies.id, finishedUnitId: b.cookie.id }
  await buildProductionRun(tx, { ...run, eventId: b.event.id, batches: 1 })
  await buildProductionRun(tx, { ...run, eventId: b.otherEvent.id, batches: 2 })
  await buildProductionRun(tx, { ...run, eventId: b.event.id, batches: 1, actualYield: 0 })
  const deleted = await buildProductionRun(tx, { ...run, eventId: b.event.id, batches: 5 })
  await softDelete(tx, 'productionRuns', deleted.id)
  await buildProductionRun(tx, { ...run, eventId: null, batches: 4 })
}

const WORKED_MISSING = (b: Awaited<ReturnType<typeof bakery>>) => [
  {
    recipeId: b.cookies.id,
    recipeName: 'Sugar cookies',
    batchesRequired: 3,
    batchesProduced: 1,
    batchesMissing: 2,
  },
]

describe('updatePackageStatus', () => {
  it('refuses to assemble a Tin (30 cookies = 3 batches) with 1 batch produced, listing 2 missing', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    await testDb.run((tx) => recordWorkedRuns(tx, b))
    const before = await snapshotAll(testDb.db)
    const attempt = testDb.run((tx) => updatePackageStatus(tx, b.assignment.id, 'assembled'))
    await expect(attempt).rejects.toBeInstanceOf(IncompleteProductionError)
    await expect(attempt).rejects.toMatchObject({
      assignmentId: b.assignment.id,
      missingRecipes: WORKED_MISSING(b),
    })
    expect(await snapshotAll(testDb.db)).toEqual(before)
  })

  it('assembles anyway with force, appending the StatusChange', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const updated = await testDb.run((tx) =>
      updatePackageStatus(tx, b.assignment.id, 'assembled', { force: true }),
    )
    expect(updated).toMatchObject({ status: 'assembled', statusEpoch: 0 })
    const history = await testDb.read((tx) => getStatusHistory(tx, b.assignment.id))
    expect(history.map((change) => [change.from, change.to, change.epoch])).toEqual([
      ['pending', 'assembled', 0],
    ])
  })

  it('assembles without force when the event produced enough (1 + 2 batches of 3)', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    await testDb.run(async (tx) => {
      const run = { recipeId: b.cookies.id, finishedUnitId: b.cookie.id, eventId: b.event.id }
      await buildProductionRun(tx, { ...run, batches: 1 })
      await buildProductionRun(tx, { ...run, batches: 2 })
    })
    const updated = await testDb.run((tx) => updatePackageStatus(tx, b.assignment.id, 'assembled'))
    expect(updated.status).toBe('assembled')
  })

  it('checks production on the assignment row the step already read: no more reads of it than a delivery', async () => {
    const testDb = makeTestDb()
    // Installed before the database opens (a middleware added later is not used).
    const counter = countRequests(testDb.db)
    const b = await setUp(testDb)
    await testDb.run(async (tx) => {
      const run = { recipeId: b.cookies.id, finishedUnitId: b.cookie.id, eventId: b.event.id }
      await buildProductionRun(tx, { ...run, batches: 3 })
    })
    counter.reset()
    // Reads of the assignments table (get, getMany, query, cursor), not its writes.
    const assignmentReads = () =>
      Object.entries(counter.snapshot())
        .filter(([key]) => key.startsWith('assignments.') && key !== 'assignments.mutate')
        .reduce((total, [, count]) => total + count, 0)
    await testDb.run((tx) => updatePackageStatus(tx, b.assignment.id, 'assembled'))
    const assembling = assignmentReads()
    counter.reset()
    await testDb.run((tx) => updatePackageStatus(tx, b.assignment.id, 'delivered'))
    const delivering = assignmentReads()
    expect(delivering).toBeGreaterThan(0)
    expect(assembling).toBe(delivering)
  })

  it('stores deliveredTo and deliveredAt when moving to delivered, and ignores deliveredTo before', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const assembled = await testDb.run((tx) =>
      updatePackageStatus(tx, b.assignment.id, 'assembled', {
        force: true,
        deliveredTo: 'Too early',
      }),
    )
    expect(assembled).toMatchObject({ deliveredTo: null, deliveredAt: null })
    const delivered = await testDb.run((tx) =>
      updatePackageStatus(tx, b.assignment.id, 'delivered', { deliveredTo: ' Neighbour ' }),
    )
    expect(delivered).toMatchObject({ status: 'delivered', deliveredTo: 'Neighbour' })
    expect(delivered.deliveredAt).toMatch(/^2026-11-01T/)
  })

  it.each(ILLEGAL)(
    'refuses %s → %s with InvalidTransitionError before any production check',
    async (from, to) => {
      const testDb = makeTestDb()
      const b = await setUp(testDb)
      const id = await testDb.run(async (tx) => {
        const row = await buildAssignment(tx, {
          eventId: b.event.id,
          recipientId: b.bob.id,
          packageId: b.tin.id,
          status: from,
        })
        return row.id
      })
      await expect(
        testDb.run((tx) => updatePackageStatus(tx, id, to, { force: true })),
      ).rejects.toMatchObject({ name: 'InvalidTransitionError', from, to, id })
      await expect(testDb.run((tx) => updatePackageStatus(tx, id, to))).rejects.toBeInstanceOf(
        InvalidTransitionError,
      )
    },
  )

  it('throws NotFoundError for an unknown assignment', async () => {
    const { run } = makeTestDb()
    await expect(run((tx) => updatePackageStatus(tx, 'nope', 'assembled'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assignment',
      id: 'nope',
    })
  })

  it('refuses unknown options with a ValidationError', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    await expect(
      testDb.run((tx) =>
        updatePackageStatus(tx, b.assignment.id, 'assembled', {
          force: 'yes' as unknown as boolean,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'force' })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const before = await snapshotAll(testDb.db)
    await expect(
      testDb.run(async (tx) => {
        await updatePackageStatus(tx, b.assignment.id, 'assembled', { force: true })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(testDb.db)).toEqual(before)
  })
})

describe('revertPackageStatus', () => {
  it('steps delivered back to assembled, clearing deliveredTo/At and raising the epoch 0 → 1; forward again works', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    const id = assignment.id
    await testDb.run(async (tx) => {
      await updatePackageStatus(tx, id, 'assembled', { force: true })
      await updatePackageStatus(tx, id, 'delivered', { deliveredTo: 'Neighbour' })
    })
    const reverted = await testDb.run((tx) => revertPackageStatus(tx, id))
    expect(reverted).toMatchObject({
      status: 'assembled',
      statusEpoch: 1,
      deliveredTo: null,
      deliveredAt: null,
    })
    const again = await testDb.run((tx) => updateFulfillmentStatus(tx, id, 'delivered'))
    expect(again).toMatchObject({ status: 'delivered', statusEpoch: 1 })
    const history = await testDb.read((tx) => getStatusHistory(tx, id))
    expect(history.map((change) => [change.from, change.to, change.epoch])).toEqual([
      ['pending', 'assembled', 0],
      ['assembled', 'delivered', 0],
      ['delivered', 'assembled', 1],
      ['assembled', 'delivered', 1],
    ])
  })

  it('records the whole status register, with the raised epoch, in the change log', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled'))
    await testDb.run((tx) => revertPackageStatus(tx, assignment.id))
    // The waiting changes (nothing was pushed), filtered to the row.
    const changes = (await testDb.db.changes.toArray()).filter(
      (change) => change.table === 'assignments' && change.rowId === assignment.id,
    )
    const last = changes.sort((a, b) => (a.hlc < b.hlc ? -1 : 1)).at(-1)
    expect(last?.fields).toMatchObject({
      status: 'pending',
      statusEpoch: 1,
      deliveredTo: null,
      deliveredAt: null,
    })
  })

  it('steps assembled back to pending, raising the epoch', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled'))
    const reverted = await testDb.run((tx) => revertPackageStatus(tx, assignment.id))
    expect(reverted).toMatchObject({ status: 'pending', statusEpoch: 1 })
    expect(await testDb.db.statusChanges.count()).toBe(2)
  })

  it('refuses to revert a pending package with InvalidTransitionError', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await expect(testDb.run((tx) => revertPackageStatus(tx, assignment.id))).rejects.toMatchObject({
      name: 'InvalidTransitionError',
      from: 'pending',
      id: assignment.id,
    })
  })

  it('throws NotFoundError for an unknown or deleted assignment', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await expect(testDb.run((tx) => revertPackageStatus(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assignment',
      id: 'nope',
    })
    await testDb.run(async (tx) => {
      await updateFulfillmentStatus(tx, assignment.id, 'assembled')
      await softDelete(tx, 'assignments', assignment.id)
    })
    await expect(testDb.run((tx) => revertPackageStatus(tx, assignment.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const { assignment } = await setUp(testDb)
    await testDb.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled'))
    const before = await snapshotAll(testDb.db)
    await expect(
      testDb.run(async (tx) => {
        await revertPackageStatus(tx, assignment.id)
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(testDb.db)).toEqual(before)
  })
})

describe('canAssemblePackage', () => {
  it('needs 3 batches for a Tin of 30 cookies at 12 per batch; 1 produced for the event → 2 missing', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    await testDb.run((tx) => recordWorkedRuns(tx, b))
    expect(await testDb.read((tx) => canAssemblePackage(tx, b.assignment.id))).toEqual({
      canAssemble: false,
      missingRecipes: WORKED_MISSING(b),
    })
  })

  it('returns true and [] when the event produced every batch needed', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    await testDb.run((tx) =>
      buildProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        eventId: b.event.id,
        batches: 3,
      }),
    )
    expect(await testDb.read((tx) => canAssemblePackage(tx, b.assignment.id))).toEqual({
      canAssemble: true,
      missingRecipes: [],
    })
  })

  it('lists every missing recipe sorted by name, leaving out covered ones', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const mixed = await testDb.run(async (tx) => {
      // Mixed needs 15 cookies (2 batches) and 9 brownies (1 batch); 1 cookie batch is made.
      await buildProductionRun(tx, {
        recipeId: b.cookies.id,
        finishedUnitId: b.cookie.id,
        eventId: b.event.id,
        batches: 1,
      })
      return buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.mixed.id,
      })
    })
    const result = await testDb.read((tx) => canAssemblePackage(tx, mixed.id))
    expect(result.missingRecipes).toEqual([
      {
        recipeId: b.brownies.id,
        recipeName: 'Brownies',
        batchesRequired: 1,
        batchesProduced: 0,
        batchesMissing: 1,
      },
      {
        recipeId: b.cookies.id,
        recipeName: 'Sugar cookies',
        batchesRequired: 2,
        batchesProduced: 1,
        batchesMissing: 1,
      },
    ])
    await testDb.run((tx) =>
      buildProductionRun(tx, {
        recipeId: b.brownies.id,
        finishedUnitId: b.brownie.id,
        eventId: b.event.id,
        batches: 1,
        expectedYield: 9,
      }),
    )
    expect((await testDb.read((tx) => canAssemblePackage(tx, mixed.id))).missingRecipes).toEqual([
      expect.objectContaining({ recipeName: 'Sugar cookies', batchesMissing: 1 }),
    ])
  })

  it('multiplies by the assignment quantity: 2 Tins need 60 cookies = 5 batches', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const two = await testDb.run((tx) =>
      buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.tin.id,
        quantity: 2,
      }),
    )
    const result = await testDb.read((tx) => canAssemblePackage(tx, two.id))
    expect(result.missingRecipes[0]).toMatchObject({ batchesRequired: 5, batchesMissing: 5 })
  })

  it('can always assemble a package with nothing baked in it', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const card = await testDb.run((tx) =>
      buildAssignment(tx, { eventId: b.event.id, recipientId: b.bob.id, packageId: b.empty.id }),
    )
    expect(await testDb.read((tx) => canAssemblePackage(tx, card.id))).toEqual({
      canAssemble: true,
      missingRecipes: [],
    })
  })

  it('throws NotFoundError for an unknown or deleted assignment', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    await expect(testDb.read((tx) => canAssemblePackage(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assignment',
      id: 'nope',
    })
    await testDb.run((tx) => softDelete(tx, 'assignments', b.assignment.id))
    await expect(
      testDb.read((tx) => canAssemblePackage(tx, b.assignment.id)),
    ).rejects.toMatchObject({ entity: 'assignment', id: b.assignment.id })
  })
})

describe('getPackagesByStatus', () => {
  async function packages(testDb: TestDb) {
    const b = await setUp(testDb)
    const more = await testDb.run(async (tx) => {
      const bobMixed = await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.mixed.id,
        quantity: 2,
        status: 'delivered',
        deliveredTo: 'Neighbour',
        deliveredAt: '2026-12-24T10:00:00.000Z',
      })
      const aliceMixed = await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.alice.id,
        packageId: b.mixed.id,
        status: 'assembled',
      })
      const gone = await buildAssignment(tx, {
        eventId: b.event.id,
        recipientId: b.bob.id,
        packageId: b.tin.id,
      })
      await softDelete(tx, 'assignments', gone.id)
      await buildAssignment(tx, {
        eventId: b.otherEvent.id,
        recipientId: b.bob.id,
        packageId: b.tin.id,
      })
      return { bobMixed, aliceMixed }
    })
    return { ...b, ...more }
  }

  it('lists the event’s live assignments by recipient, then package, with names and status fields', async () => {
    const testDb = makeTestDb()
    const p = await packages(testDb)
    const rows = await testDb.read((tx) => getPackagesByStatus(tx, p.event.id))
    expect(rows.map((row) => [row.recipientName, row.packageName, row.status])).toEqual([
      ['Alice', 'Mixed', 'assembled'],
      ['Alice', 'Tin', 'pending'],
      ['bob', 'Mixed', 'delivered'],
    ])
    expect(rows[2]).toEqual({
      id: p.bobMixed.id,
      recipientId: p.bob.id,
      recipientName: 'bob',
      packageId: p.mixed.id,
      packageName: 'Mixed',
      quantity: 2,
      status: 'delivered',
      statusEpoch: 0,
      deliveredTo: 'Neighbour',
      deliveredAt: '2026-12-24T10:00:00.000Z',
    })
  })

  it('filters by status when given', async () => {
    const testDb = makeTestDb()
    const p = await packages(testDb)
    const pending = await testDb.read((tx) => getPackagesByStatus(tx, p.event.id, 'pending'))
    expect(pending.map((row) => row.id)).toEqual([p.assignment.id])
    const delivered = await testDb.read((tx) => getPackagesByStatus(tx, p.event.id, 'delivered'))
    expect(delivered.map((row) => row.id)).toEqual([p.bobMixed.id])
  })

  it('throws NotFoundError for an unknown event and ValidationError for an unknown status', async () => {
    const testDb = makeTestDb()
    const p = await setUp(testDb)
    await expect(testDb.read((tx) => getPackagesByStatus(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'event',
      id: 'nope',
    })
    await expect(
      testDb.read((tx) => getPackagesByStatus(tx, p.event.id, 'ready' as PackageStatus)),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'status' })
  })
})

describe('getStatusHistory', () => {
  it('lists only this assignment’s changes, oldest first, as plain objects', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    const other = await testDb.run((tx) =>
      buildAssignment(tx, { eventId: b.event.id, recipientId: b.bob.id, packageId: b.empty.id }),
    )
    await testDb.run(async (tx) => {
      await updateFulfillmentStatus(tx, b.assignment.id, 'assembled')
      await updateFulfillmentStatus(tx, other.id, 'assembled')
      await revertPackageStatus(tx, b.assignment.id)
    })
    const history = await testDb.read((tx) => getStatusHistory(tx, b.assignment.id))
    expect(history.map((change) => [change.from, change.to, change.epoch])).toEqual([
      ['pending', 'assembled', 0],
      ['assembled', 'pending', 1],
    ])
    expect(history[0]).not.toHaveProperty('deletedAt')
    expect((history[0]?.at ?? '') < (history[1]?.at ?? '')).toBe(true)
  })

  it('is empty for an assignment that never changed, and NotFound for an unknown one', async () => {
    const testDb = makeTestDb()
    const b = await setUp(testDb)
    expect(await testDb.read((tx) => getStatusHistory(tx, b.assignment.id))).toEqual([])
    await expect(testDb.read((tx) => getStatusHistory(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assignment',
      id: 'nope',
    })
  })
})

describe('status across two tablets (the register of DESIGN §3)', () => {
  async function syncInto(from: TestDb, to: TestDb) {
    const changes = await from.db.changes.toArray()
    await to.run((tx) => applyRemote(tx, changes))
  }

  it('never moves a delivered package back to assembled on a stale write, and a revert wins over older steps', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    // B's clock runs an hour ahead, so its stale write is the LATEST by clock: only the register's
    // (epoch, rank) order keeps the delivery.
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock('2026-11-01T10:00:00.000Z') })
    const { assignment } = await setUp(a)
    await syncInto(a, b)
    // Offline: A assembles and delivers; B, still showing pending, assembles afterwards.
    await a.run(async (tx) => {
      await updateFulfillmentStatus(tx, assignment.id, 'assembled')
      await updateFulfillmentStatus(tx, assignment.id, 'delivered')
    })
    await b.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled'))
    await syncInto(b, a)
    await syncInto(a, b)
    for (const tablet of [a, b]) {
      expect(await tablet.read((tx) => getStatusHistory(tx, assignment.id))).toHaveLength(3)
      expect((await tablet.db.assignments.get(assignment.id))?.status).toBe('delivered')
    }
    // A corrects the delivery; B, which still shows delivered, gets the correction.
    await a.run((tx) => revertPackageStatus(tx, assignment.id))
    await syncInto(a, b)
    expect(await b.db.assignments.get(assignment.id)).toMatchObject({
      status: 'assembled',
      statusEpoch: 1,
      deliveredAt: null,
    })
  })
})

describe('a stale correction across two tablets (issue 15)', () => {
  async function syncInto(from: TestDb, to: TestDb) {
    const changes = await from.db.changes.toArray()
    await to.run((tx) => applyRemote(tx, changes))
  }

  /** Both tablets see the package Ready; then A delivers offline and B moves it back. */
  async function readyOnBoth() {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    // B's clock runs an hour ahead: its stale Move back is the LATEST change by clock.
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock('2026-11-01T10:00:00.000Z') })
    const { assignment } = await setUp(a)
    await a.run((tx) => updateFulfillmentStatus(tx, assignment.id, 'assembled'))
    await syncInto(a, b)
    return { a, b, id: assignment.id }
  }

  it('ends Delivered on both when A delivers offline and B, still seeing Ready, moves it back', async () => {
    const { a, b, id } = await readyOnBoth()
    await a.run((tx) => updateFulfillmentStatus(tx, id, 'delivered'))
    await b.run((tx) => revertPackageStatus(tx, id))
    await syncInto(b, a)
    await syncInto(a, b)
    for (const tablet of [a, b])
      expect(await tablet.db.assignments.get(id)).toMatchObject({ status: 'delivered' })
  })

  it('ends Delivered on both when B taps Mark ready again after its stale Move back', async () => {
    const { a, b, id } = await readyOnBoth()
    await a.run((tx) => updateFulfillmentStatus(tx, id, 'delivered'))
    await b.run((tx) => revertPackageStatus(tx, id))
    await b.run((tx) => updateFulfillmentStatus(tx, id, 'assembled'))
    await syncInto(b, a)
    await syncInto(a, b)
    for (const tablet of [a, b])
      expect((await tablet.db.assignments.get(id))?.status).toBe('delivered')
  })

  it('marks the stale Move back, and the step B made after it, as not applied in the history on both', async () => {
    const { a, b, id } = await readyOnBoth()
    await a.run((tx) => updateFulfillmentStatus(tx, id, 'delivered'))
    await b.run((tx) => revertPackageStatus(tx, id))
    await syncInto(b, a)
    await syncInto(a, b)
    for (const tablet of [a, b]) {
      const history = await tablet.read((tx) => getStatusHistory(tx, id))
      expect(
        history.map((change) => [change.from, change.to, change.isCorrection, change.applied]),
      ).toEqual([
        ['pending', 'assembled', false, true],
        ['assembled', 'delivered', false, true],
        ['assembled', 'pending', true, false],
      ])
    }
  })

  it('applies on both a Move back made after seeing the delivery', async () => {
    const { a, b, id } = await readyOnBoth()
    await a.run((tx) => updateFulfillmentStatus(tx, id, 'delivered'))
    await syncInto(a, b)
    await b.run((tx) => revertPackageStatus(tx, id))
    await syncInto(b, a)
    for (const tablet of [a, b]) {
      expect(await tablet.db.assignments.get(id)).toMatchObject({
        status: 'assembled',
        deliveredAt: null,
      })
      const history = await tablet.read((tx) => getStatusHistory(tx, id))
      expect(history.every((change) => change.applied)).toBe(true)
    }
  })

  it('undoes a delivery once when both tablets move it back at the same time', async () => {
    const { a, b, id } = await readyOnBoth()
    await a.run((tx) => updateFulfillmentStatus(tx, id, 'delivered'))
    await syncInto(a, b)
    await a.run((tx) => revertPackageStatus(tx, id))
    await b.run((tx) => revertPackageStatus(tx, id))
    await syncInto(b, a)
    await syncInto(a, b)
    for (const tablet of [a, b])
      expect((await tablet.db.assignments.get(id))?.status).toBe('assembled')
  })
})

describe('status written by an older app version (numeric epoch only)', () => {
  async function syncInto(from: TestDb, to: TestDb) {
    const changes = await from.db.changes.toArray()
    await to.run((tx) => applyRemote(tx, changes))
  }

  it('corrects a package an older version left delivered in epoch 2, and the other tablet agrees', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const p = await setUp(a)
    // What an older version wrote: no statusLineage, its own epoch counter.
    const legacy = await a.run((tx) =>
      buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.bob.id,
        packageId: p.tin.id,
        status: 'delivered',
        statusEpoch: 2,
        deliveredTo: 'Bob',
        deliveredAt: '2026-11-01T09:00:00.000Z',
      }),
    )
    expect(legacy.statusLineage).toBeUndefined()
    await syncInto(a, b)
    expect(await b.db.assignments.get(legacy.id)).toMatchObject({ status: 'delivered' })

    const moved = await a.run((tx) => revertPackageStatus(tx, legacy.id))
    expect(moved).toMatchObject({ status: 'assembled', statusEpoch: 3 })
    expect((await a.db.assignments.get(legacy.id))?.statusLineage).toBe('~2.2')
    await syncInto(a, b)
    expect(await b.db.assignments.get(legacy.id)).toMatchObject({
      status: 'assembled',
      statusEpoch: 3,
      statusLineage: '~2.2',
      deliveredTo: null,
    })
  })
})
