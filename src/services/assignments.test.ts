import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildAssignment,
  buildEvent,
  buildPackage,
  buildRecipient,
  softDelete,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import {
  assignPackageToRecipient,
  deleteAssignment,
  getAssignment,
  getEventAssignments,
  listAssignments,
  restoreAssignment,
  updateAssignment,
} from './assignments'
import { DuplicateAssignmentError, NotFoundError, ValidationError } from './errors'

/** An event, two recipients and two packages, all live. */
async function plan(tx: Tx) {
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const alice = await buildRecipient(tx, { name: 'Alice' })
  const bob = await buildRecipient(tx, { name: 'bob' })
  const tin = await buildPackage(tx, { name: 'Tin 10' })
  const box = await buildPackage(tx, { name: 'Tin 2' })
  return { event, alice, bob, tin, box }
}

describe('assignPackageToRecipient', () => {
  it('creates a pending assignment in epoch 0 with quantity 1 and empty notes by default', async () => {
    const { run, read } = makeTestDb()
    const { created, p } = await run(async (tx) => {
      const p = await plan(tx)
      const created = await assignPackageToRecipient(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
      })
      return { created, p }
    })
    expect(created).toMatchObject({
      eventId: p.event.id,
      recipientId: p.alice.id,
      packageId: p.tin.id,
      quantity: 1,
      notes: '',
      status: 'pending',
      statusEpoch: 0,
      deliveredTo: null,
      deliveredAt: null,
    })
    expect(await read((tx) => getAssignment(tx, created.id))).toEqual(created)
  })

  it('stores the given quantity and notes', async () => {
    const { run } = makeTestDb()
    const created = await run(async (tx) => {
      const p = await plan(tx)
      return assignPackageToRecipient(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
        quantity: 3,
        notes: 'no nuts',
      })
    })
    expect(created).toMatchObject({ quantity: 3, notes: 'no nuts' })
  })

  it('refuses a quantity of 0 or 1.5 with a ValidationError on quantity', async () => {
    const { run } = makeTestDb()
    const p = await run(plan)
    for (const quantity of [0, 1.5]) {
      await expect(
        run((tx) =>
          assignPackageToRecipient(tx, {
            eventId: p.event.id,
            recipientId: p.alice.id,
            packageId: p.tin.id,
            quantity,
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationError', field: 'quantity' })
    }
  })

  it('throws NotFoundError naming the missing event, recipient or package', async () => {
    const { run } = makeTestDb()
    const p = await run(plan)
    const base = { eventId: p.event.id, recipientId: p.alice.id, packageId: p.tin.id }
    await expect(
      run((tx) => assignPackageToRecipient(tx, { ...base, eventId: 'no-event' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'event', id: 'no-event' })
    await expect(
      run((tx) => assignPackageToRecipient(tx, { ...base, recipientId: 'no-recipient' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'recipient', id: 'no-recipient' })
    await expect(
      run((tx) => assignPackageToRecipient(tx, { ...base, packageId: 'no-package' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'package', id: 'no-package' })
  })

  it('treats a deleted event, recipient or package as missing', async () => {
    const { run } = makeTestDb()
    const p = await run(plan)
    await run(async (tx) => {
      await softDelete(tx, 'events', p.event.id)
      await softDelete(tx, 'recipients', p.bob.id)
      await softDelete(tx, 'packages', p.box.id)
    })
    const base = { eventId: p.event.id, recipientId: p.alice.id, packageId: p.tin.id }
    const event2 = await run((tx) => buildEvent(tx))
    await expect(run((tx) => assignPackageToRecipient(tx, base))).rejects.toMatchObject({
      entity: 'event',
      id: p.event.id,
    })
    await expect(
      run((tx) =>
        assignPackageToRecipient(tx, { ...base, eventId: event2.id, recipientId: p.bob.id }),
      ),
    ).rejects.toMatchObject({ entity: 'recipient', id: p.bob.id })
    await expect(
      run((tx) =>
        assignPackageToRecipient(tx, { ...base, eventId: event2.id, packageId: p.box.id }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'package', id: p.box.id })
  })

  it('refuses the same package to the same recipient twice in one event, naming the existing assignment', async () => {
    const { run, db } = makeTestDb()
    const p = await run(plan)
    const input = { eventId: p.event.id, recipientId: p.alice.id, packageId: p.tin.id }
    const first = await run((tx) => assignPackageToRecipient(tx, input))
    const attempt = run((tx) => assignPackageToRecipient(tx, { ...input, quantity: 2 }))
    await expect(attempt).rejects.toBeInstanceOf(DuplicateAssignmentError)
    await expect(attempt).rejects.toMatchObject({
      eventId: p.event.id,
      recipientId: p.alice.id,
      packageId: p.tin.id,
      existingAssignmentId: first.id,
    })
    expect(await db.assignments.count()).toBe(1)
  })

  it('allows the same recipient another package, another recipient the same package, and the same pair in another event', async () => {
    const { run, db } = makeTestDb()
    await run(async (tx) => {
      const p = await plan(tx)
      const other = await buildEvent(tx)
      const base = { eventId: p.event.id, recipientId: p.alice.id, packageId: p.tin.id }
      await assignPackageToRecipient(tx, base)
      await assignPackageToRecipient(tx, { ...base, packageId: p.box.id })
      await assignPackageToRecipient(tx, { ...base, recipientId: p.bob.id })
      await assignPackageToRecipient(tx, { ...base, eventId: other.id })
    })
    expect(await db.assignments.count()).toBe(4)
  })

  it('makes a new pending row when the earlier duplicate was deleted, leaving the deleted one as it was', async () => {
    const { run, db } = makeTestDb()
    const p = await run(plan)
    const old = await run((tx) =>
      buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
        status: 'delivered',
        statusEpoch: 2,
        deliveredAt: '2026-12-24T10:00:00.000Z',
      }),
    )
    await run((tx) => softDelete(tx, 'assignments', old.id))
    const created = await run((tx) =>
      assignPackageToRecipient(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
      }),
    )
    expect(created.id).not.toBe(old.id)
    expect(created).toMatchObject({ status: 'pending', statusEpoch: 0 })
    expect((await db.assignments.get(old.id))?.deletedAt).not.toBeNull()
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const p = await run(plan)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await assignPackageToRecipient(tx, {
          eventId: p.event.id,
          recipientId: p.alice.id,
          packageId: p.tin.id,
        })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('updateAssignment', () => {
  async function assigned(run: ReturnType<typeof makeTestDb>['run']) {
    return run(async (tx) => {
      const p = await plan(tx)
      const assignment = await buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
        notes: 'keep',
        status: 'assembled',
      })
      return { ...p, assignment }
    })
  }

  it('changes only the given fields and keeps the status', async () => {
    const { run } = makeTestDb()
    const { assignment } = await assigned(run)
    const updated = await run((tx) => updateAssignment(tx, { id: assignment.id, quantity: 4 }))
    expect(updated).toMatchObject({ quantity: 4, notes: 'keep', status: 'assembled' })
  })

  it('moves the assignment to another package', async () => {
    const { run } = makeTestDb()
    const { assignment, box } = await assigned(run)
    const updated = await run((tx) =>
      updateAssignment(tx, { id: assignment.id, packageId: box.id }),
    )
    expect(updated.packageId).toBe(box.id)
  })

  it('accepts its own package again without calling it a duplicate', async () => {
    const { run } = makeTestDb()
    const { assignment, tin } = await assigned(run)
    const updated = await run((tx) =>
      updateAssignment(tx, { id: assignment.id, packageId: tin.id, notes: 'x' }),
    )
    expect(updated).toMatchObject({ packageId: tin.id, notes: 'x' })
  })

  it('refuses a package the recipient already receives in the event', async () => {
    const { run } = makeTestDb()
    const { assignment, box, event, alice } = await assigned(run)
    const other = await run((tx) =>
      buildAssignment(tx, { eventId: event.id, recipientId: alice.id, packageId: box.id }),
    )
    await expect(
      run((tx) => updateAssignment(tx, { id: assignment.id, packageId: box.id })),
    ).rejects.toMatchObject({
      name: 'DuplicateAssignmentError',
      eventId: event.id,
      recipientId: alice.id,
      packageId: box.id,
      existingAssignmentId: other.id,
    })
  })

  it('ignores a deleted duplicate when changing the package', async () => {
    const { run } = makeTestDb()
    const { assignment, box, event, alice } = await assigned(run)
    await run(async (tx) => {
      const old = await buildAssignment(tx, {
        eventId: event.id,
        recipientId: alice.id,
        packageId: box.id,
      })
      await softDelete(tx, 'assignments', old.id)
    })
    const updated = await run((tx) =>
      updateAssignment(tx, { id: assignment.id, packageId: box.id }),
    )
    expect(updated.packageId).toBe(box.id)
  })

  it('throws NotFoundError for a missing or deleted new package', async () => {
    const { run } = makeTestDb()
    const { assignment, box } = await assigned(run)
    await expect(
      run((tx) => updateAssignment(tx, { id: assignment.id, packageId: 'nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'package', id: 'nope' })
    await run((tx) => softDelete(tx, 'packages', box.id))
    await expect(
      run((tx) => updateAssignment(tx, { id: assignment.id, packageId: box.id })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'package', id: box.id })
  })

  it('throws NotFoundError for an unknown or deleted assignment', async () => {
    const { run } = makeTestDb()
    const { assignment } = await assigned(run)
    await expect(
      run((tx) => updateAssignment(tx, { id: 'nope', quantity: 2 })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'assignment', id: 'nope' })
    await run((tx) => softDelete(tx, 'assignments', assignment.id))
    await expect(
      run((tx) => updateAssignment(tx, { id: assignment.id, quantity: 2 })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'assignment', id: assignment.id })
  })

  it('refuses a quantity of 0 with a ValidationError on quantity', async () => {
    const { run } = makeTestDb()
    const { assignment } = await assigned(run)
    const attempt = run((tx) => updateAssignment(tx, { id: assignment.id, quantity: 0 }))
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'quantity' })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const { assignment, box } = await assigned(run)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await updateAssignment(tx, { id: assignment.id, quantity: 9, packageId: box.id })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('deleteAssignment', () => {
  it('soft-deletes the assignment so it is no longer found or listed', async () => {
    const { run, read, db } = makeTestDb()
    const { p, assignment } = await run(async (tx) => {
      const p = await plan(tx)
      const assignment = await buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
      })
      return { p, assignment }
    })
    await run((tx) => deleteAssignment(tx, assignment.id))
    expect((await db.assignments.get(assignment.id))?.deletedAt).not.toBeNull()
    await expect(read((tx) => getAssignment(tx, assignment.id))).rejects.toBeInstanceOf(
      NotFoundError,
    )
    expect(await read((tx) => listAssignments(tx, p.event.id))).toEqual([])
  })

  it('throws NotFoundError for an unknown or already deleted assignment', async () => {
    const { run } = makeTestDb()
    const assignment = await run(async (tx) => {
      const p = await plan(tx)
      return buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
      })
    })
    await expect(run((tx) => deleteAssignment(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assignment',
      id: 'nope',
    })
    await run((tx) => deleteAssignment(tx, assignment.id))
    await expect(run((tx) => deleteAssignment(tx, assignment.id))).rejects.toMatchObject({
      name: 'NotFoundError',
      id: assignment.id,
    })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const assignment = await run(async (tx) => {
      const p = await plan(tx)
      return buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
      })
    })
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await deleteAssignment(tx, assignment.id)
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('restoreAssignment', () => {
  it('brings back a removed delivered assignment with its status, epoch and delivery intact', async () => {
    const { run, read } = makeTestDb()
    const removed = await run(async (tx) => {
      const p = await plan(tx)
      const row = await buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
        quantity: 2,
        status: 'delivered',
        statusEpoch: 3,
        deliveredTo: 'Neighbour',
        deliveredAt: '2026-12-20T10:00:00.000Z',
      })
      await deleteAssignment(tx, row.id)
      return row
    })
    await expect(read((tx) => getAssignment(tx, removed.id))).rejects.toBeInstanceOf(NotFoundError)
    const restored = await run((tx) => restoreAssignment(tx, removed.id))
    expect(restored).toMatchObject({
      id: removed.id,
      quantity: 2,
      status: 'delivered',
      statusEpoch: 3,
      deliveredTo: 'Neighbour',
    })
    expect(await read((tx) => getAssignment(tx, removed.id))).toEqual(restored)
  })

  it('refuses with DuplicateAssignmentError when the same package was assigned again meanwhile, writing nothing', async () => {
    const { run, db } = makeTestDb()
    const removed = await run(async (tx) => {
      const p = await plan(tx)
      const key = { eventId: p.event.id, recipientId: p.alice.id, packageId: p.tin.id }
      const first = await assignPackageToRecipient(tx, key)
      await deleteAssignment(tx, first.id)
      await assignPackageToRecipient(tx, key)
      return first
    })
    const before = await snapshotAll(db)
    await expect(run((tx) => restoreAssignment(tx, removed.id))).rejects.toBeInstanceOf(
      DuplicateAssignmentError,
    )
    expect(await snapshotAll(db)).toEqual(before)
  })

  it('refuses an unknown id with NotFoundError', async () => {
    const { run } = makeTestDb()
    await expect(
      run((tx) => restoreAssignment(tx, '01890000-0000-7000-8000-000000000000')),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('getAssignment', () => {
  it('throws NotFoundError for an unknown id', async () => {
    const { read } = makeTestDb()
    await expect(read((tx) => getAssignment(tx, 'missing'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assignment',
      id: 'missing',
    })
  })

  it('returns a plain object, not the stored row', async () => {
    const { run, read } = makeTestDb()
    const row = await run(async (tx) => {
      const p = await plan(tx)
      return buildAssignment(tx, {
        eventId: p.event.id,
        recipientId: p.alice.id,
        packageId: p.tin.id,
      })
    })
    const dto = await read((tx) => getAssignment(tx, row.id))
    expect(dto).not.toHaveProperty('deletedAt')
    expect(dto).toMatchObject({ id: row.id, quantity: 1, status: 'pending' })
  })
})

/** Alice gets Tin 10 and Tin 2, bob got Tin 10 (delivered), Carol's is deleted, and one is in another event. */
async function listed(tx: Tx) {
  const p = await plan(tx)
  const carol = await buildRecipient(tx, { name: 'Carol' })
  const other = await buildEvent(tx)
  const make = (recipientId: string, packageId: string, eventId = p.event.id) =>
    buildAssignment(tx, { eventId, recipientId, packageId })
  const bobTin = await buildAssignment(tx, {
    eventId: p.event.id,
    recipientId: p.bob.id,
    packageId: p.tin.id,
    status: 'delivered',
    deliveredTo: 'Neighbour',
    deliveredAt: '2026-12-24T10:00:00.000Z',
  })
  const aliceTin10 = await make(p.alice.id, p.tin.id)
  const aliceTin2 = await make(p.alice.id, p.box.id)
  const carolTin = await make(carol.id, p.tin.id)
  await softDelete(tx, 'assignments', carolTin.id)
  await make(p.alice.id, p.tin.id, other.id)
  return { ...p, bobTin, aliceTin10, aliceTin2 }
}

describe('listAssignments', () => {
  it('lists the live assignments of the event by recipient name, then package name (numeric)', async () => {
    const { run, read } = makeTestDb()
    const p = await run(listed)
    const rows = await read((tx) => listAssignments(tx, p.event.id))
    expect(rows.map((row) => row.id)).toEqual([p.aliceTin2.id, p.aliceTin10.id, p.bobTin.id])
  })

  it('throws NotFoundError for an unknown or deleted event', async () => {
    const { run, read } = makeTestDb()
    await expect(read((tx) => listAssignments(tx, 'nope'))).rejects.toMatchObject({
      entity: 'event',
      id: 'nope',
    })
    const event = await run((tx) => buildEvent(tx))
    await run((tx) => softDelete(tx, 'events', event.id))
    await expect(read((tx) => listAssignments(tx, event.id))).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('getEventAssignments', () => {
  it('gives names, quantity, status and deliveredTo, ordered by recipient then package', async () => {
    const { run, read } = makeTestDb()
    const p = await run(listed)
    expect(await read((tx) => getEventAssignments(tx, p.event.id))).toEqual([
      {
        id: p.aliceTin2.id,
        recipientName: 'Alice',
        packageName: 'Tin 2',
        quantity: 1,
        status: 'pending',
        deliveredTo: null,
      },
      {
        id: p.aliceTin10.id,
        recipientName: 'Alice',
        packageName: 'Tin 10',
        quantity: 1,
        status: 'pending',
        deliveredTo: null,
      },
      {
        id: p.bobTin.id,
        recipientName: 'bob',
        packageName: 'Tin 10',
        quantity: 1,
        status: 'delivered',
        deliveredTo: 'Neighbour',
      },
    ])
  })

  it('is empty for an event without live assignments and NotFound for an unknown one', async () => {
    const { run, read } = makeTestDb()
    const event = await run((tx) => buildEvent(tx))
    expect(await read((tx) => getEventAssignments(tx, event.id))).toEqual([])
    await expect(read((tx) => getEventAssignments(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'event',
      id: 'nope',
    })
  })
})
