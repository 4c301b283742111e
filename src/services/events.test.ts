import { describe, expect, it } from 'vitest'
import { insert } from '../db/mutate'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { EventHasAssignmentsError, NotFoundError, ValidationError } from './errors'
import { createEvent, deleteEvent, getEvent, listEvents, updateEvent } from './events'

describe('createEvent', () => {
  it('stores the event and returns it with the year derived from the date', async () => {
    const { run, read } = makeTestDb()
    const event = await run((tx) =>
      createEvent(tx, { name: ' Christmas 2026 ', date: '2026-12-24' }),
    )
    expect(event).toMatchObject({
      name: 'Christmas 2026',
      date: '2026-12-24',
      year: 2026,
      notes: '',
    })
    expect(await read((tx) => getEvent(tx, event.id))).toEqual(event)
  })

  it('refuses an empty name with a ValidationError naming the field', async () => {
    const { run } = makeTestDb()
    await expect(
      run((tx) => createEvent(tx, { name: '  ', date: '2026-12-24' })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'name',
    })
  })

  it('refuses a date that does not exist', async () => {
    const { run } = makeTestDb()
    const attempt = run((tx) => createEvent(tx, { name: 'X', date: '2026-02-30' }))
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'date' })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    await expect(
      run(async (tx) => {
        await createEvent(tx, { name: 'Gone', date: '2026-12-24' })
        throw new Error('later step failed')
      }),
    ).rejects.toThrow('later step failed')
    expect(await db.events.count()).toBe(0)
    expect(await db.changes.count()).toBe(0)
  })
})

describe('getEvent', () => {
  it('throws NotFoundError for an unknown id', async () => {
    const { read } = makeTestDb()
    await expect(read((tx) => getEvent(tx, 'missing'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'event',
      id: 'missing',
    })
  })

  it('does not find a deleted event', async () => {
    const { run, read } = makeTestDb()
    const event = await run((tx) => createEvent(tx, { name: 'A', date: '2026-12-24' }))
    await run((tx) => deleteEvent(tx, event.id))
    await expect(read((tx) => getEvent(tx, event.id))).rejects.toBeInstanceOf(NotFoundError)
  })
})

describe('listEvents', () => {
  it('orders by date, then by name with the collator (case-aware, numeric)', async () => {
    const { run, read } = makeTestDb()
    await run(async (tx) => {
      await createEvent(tx, { name: 'Bake 10', date: '2026-12-24' })
      await createEvent(tx, { name: 'bake 2', date: '2026-12-24' })
      await createEvent(tx, { name: 'Advent', date: '2026-12-01' })
    })
    const names = (await read((tx) => listEvents(tx))).map((event) => event.name)
    expect(names).toEqual(['Advent', 'bake 2', 'Bake 10'])
  })

  it('hides soft-deleted events', async () => {
    const { run, read } = makeTestDb()
    const [a] = await run(async (tx) => [
      await createEvent(tx, { name: 'A', date: '2026-12-24' }),
      await createEvent(tx, { name: 'B', date: '2026-12-25' }),
    ])
    await run((tx) => deleteEvent(tx, a.id))
    expect((await read((tx) => listEvents(tx))).map((event) => event.name)).toEqual(['B'])
  })
})

describe('updateEvent', () => {
  it('changes only the given fields', async () => {
    const { run } = makeTestDb()
    const event = await run((tx) =>
      createEvent(tx, { name: 'A', date: '2026-12-24', notes: 'keep' }),
    )
    const updated = await run((tx) => updateEvent(tx, { id: event.id, date: '2027-01-06' }))
    expect(updated).toMatchObject({ name: 'A', date: '2027-01-06', year: 2027, notes: 'keep' })
  })

  it('throws NotFoundError for an unknown or deleted event', async () => {
    const { run } = makeTestDb()
    await expect(run((tx) => updateEvent(tx, { id: 'nope', name: 'B' }))).rejects.toBeInstanceOf(
      NotFoundError,
    )
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const event = await run((tx) => createEvent(tx, { name: 'A', date: '2026-12-24' }))
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await updateEvent(tx, { id: event.id, name: 'B' })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('deleteEvent', () => {
  async function eventWithAssignment(run: ReturnType<typeof makeTestDb>['run']) {
    return run(async (tx) => {
      const event = await createEvent(tx, { name: 'Xmas', date: '2026-12-24' })
      const assignment = await insert(tx, 'assignments', {
        eventId: event.id,
        recipientId: 'r1',
        packageId: 'p1',
        quantity: 1,
        notes: '',
        status: 'pending',
        statusEpoch: 0,
        deliveredTo: null,
        deliveredAt: null,
      })
      const target = await insert(tx, 'productionTargets', {
        id: `pt:${event.id}:rec1`,
        eventId: event.id,
        recipeId: 'rec1',
        targetBatches: 2,
        notes: '',
      })
      return { event, assignment, target }
    })
  }

  it('refuses while the event has assignments', async () => {
    const { run } = makeTestDb()
    const { event } = await eventWithAssignment(run)
    await expect(run((tx) => deleteEvent(tx, event.id))).rejects.toMatchObject({
      name: 'EventHasAssignmentsError',
      eventId: event.id,
      assignmentCount: 1,
    })
  })

  it('with cascade hides the event, its assignments and its targets', async () => {
    const { db, run } = makeTestDb()
    const { event, assignment, target } = await eventWithAssignment(run)
    await run((tx) => deleteEvent(tx, event.id, { cascade: true }))
    expect((await db.events.get(event.id))?.deletedAt).not.toBeNull()
    expect((await db.assignments.get(assignment.id))?.deletedAt).not.toBeNull()
    expect((await db.productionTargets.get(target.id))?.deletedAt).not.toBeNull()
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const { event } = await eventWithAssignment(run)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await deleteEvent(tx, event.id, { cascade: true })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })

  it('is an EventHasAssignmentsError instance', async () => {
    const { run } = makeTestDb()
    const { event } = await eventWithAssignment(run)
    await expect(run((tx) => deleteEvent(tx, event.id))).rejects.toBeInstanceOf(
      EventHasAssignmentsError,
    )
  })
})
