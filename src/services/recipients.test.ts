import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildAssignment,
  buildEvent,
  buildPackage,
  buildRecipient,
  softDelete,
} from '../test/builders'
import { describeCatalogueBasics, expectRolledBack } from '../test/catalogue-contract'
import { makeTestDb } from '../test/make-test-db'
import { InUseError, NotFoundError, ValidationError } from './errors'
import {
  createRecipient,
  deleteRecipient,
  getRecipient,
  getRecipientCurrentGifts,
  getRecipientHistory,
  listRecipients,
  updateRecipient,
} from './recipients'

describeCatalogueBasics({
  noun: 'recipient',
  entity: 'recipient',
  table: 'recipients',
  build: (tx, name) => buildRecipient(tx, name === undefined ? {} : { name }),
  get: getRecipient,
  list: listRecipients,
  remove: deleteRecipient,
})

describe('createRecipient', () => {
  it('stores the recipient with empty household, address and notes by default', async () => {
    const { run, read } = makeTestDb()
    const ann = await run((tx) => createRecipient(tx, { name: ' Ann ' }))
    expect(ann).toMatchObject({ name: 'Ann', household: '', address: '', notes: '' })
    expect(await read((tx) => getRecipient(tx, ann.id))).toEqual(ann)
  })

  it('stores every field given', async () => {
    const { run } = makeTestDb()
    const ann = await run((tx) =>
      createRecipient(tx, {
        name: 'Ann',
        household: 'The Smiths',
        address: '1 Main St',
        notes: 'no nuts',
      }),
    )
    expect(ann).toMatchObject({
      household: 'The Smiths',
      address: '1 Main St',
      notes: 'no nuts',
    })
  })

  it('allows two recipients with the same name (households tell them apart)', async () => {
    const { run, read } = makeTestDb()
    await run(async (tx) => {
      await createRecipient(tx, { name: 'Mum', household: 'Smith' })
      await createRecipient(tx, { name: 'mum', household: 'Jones' })
    })
    expect(await read((tx) => listRecipients(tx))).toHaveLength(2)
  })

  it('refuses an empty name with a ValidationError naming the field', async () => {
    const { run } = makeTestDb()
    const attempt = run((tx) => createRecipient(tx, { name: '  ' }))
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'name' })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    await expectRolledBack(testDb, (tx) => createRecipient(tx, { name: 'Gone' }))
    expect(await testDb.db.changes.count()).toBe(0)
  })
})

describe('updateRecipient', () => {
  it('changes only the given fields', async () => {
    const { run } = makeTestDb()
    const ann = await run((tx) =>
      createRecipient(tx, { name: 'Ann', household: 'Smith', notes: 'keep' }),
    )
    const updated = await run((tx) => updateRecipient(tx, { id: ann.id, address: '2 Elm St' }))
    expect(updated).toMatchObject({
      name: 'Ann',
      household: 'Smith',
      address: '2 Elm St',
      notes: 'keep',
    })
  })

  it('refuses an empty name and an unknown or deleted recipient', async () => {
    const { run } = makeTestDb()
    const { ann, gone } = await run(async (tx) => {
      const ann = await buildRecipient(tx)
      const gone = await buildRecipient(tx)
      await softDelete(tx, 'recipients', gone.id)
      return { ann, gone }
    })
    await expect(run((tx) => updateRecipient(tx, { id: ann.id, name: '' }))).rejects.toMatchObject({
      name: 'ValidationError',
      field: 'name',
    })
    await expect(
      run((tx) => updateRecipient(tx, { id: gone.id, name: 'X' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'recipient', id: gone.id })
    await expect(
      run((tx) => updateRecipient(tx, { id: 'nope', name: 'X' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const ann = await testDb.run((tx) => buildRecipient(tx))
    await expectRolledBack(testDb, (tx) =>
      updateRecipient(tx, { id: ann.id, name: 'Anne', notes: 'new' }),
    )
  })
})

describe('deleteRecipient', () => {
  it('hides a recipient without assignments, or whose assignments were all removed', async () => {
    const { db, run, read } = makeTestDb()
    const ann = await run(async (tx) => {
      const ann = await buildRecipient(tx)
      const event = await buildEvent(tx)
      const pkg = await buildPackage(tx)
      const old = await buildAssignment(tx, {
        eventId: event.id,
        recipientId: ann.id,
        packageId: pkg.id,
      })
      await softDelete(tx, 'assignments', old.id)
      return ann
    })
    await run((tx) => deleteRecipient(tx, ann.id))
    expect((await db.recipients.get(ann.id))?.deletedAt).not.toBeNull()
    expect(await read((tx) => listRecipients(tx))).toEqual([])
  })

  it('refuses while live assignments in live events exist, naming each event once, past ones too', async () => {
    const { run } = makeTestDb()
    const { ann, christmas, lastYear } = await run(async (tx) => {
      const ann = await buildRecipient(tx, { name: 'Ann' })
      const [tin, bag] = [await buildPackage(tx), await buildPackage(tx)]
      const christmas = await buildEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
      const lastYear = await buildEvent(tx, { name: 'Christmas 2025', date: '2025-12-24' })
      await buildAssignment(tx, { eventId: christmas.id, recipientId: ann.id, packageId: tin.id })
      await buildAssignment(tx, { eventId: christmas.id, recipientId: ann.id, packageId: bag.id })
      await buildAssignment(tx, { eventId: lastYear.id, recipientId: ann.id, packageId: tin.id })
      return { ann, christmas, lastYear }
    })
    const attempt = run((tx) => deleteRecipient(tx, ann.id))
    await expect(attempt).rejects.toBeInstanceOf(InUseError)
    await expect(attempt).rejects.toMatchObject({
      entity: 'recipient',
      id: ann.id,
      usedBy: [
        { entity: 'event', id: lastYear.id, name: 'Christmas 2025' },
        { entity: 'event', id: christmas.id, name: 'Christmas 2026' },
      ],
    })
  })
})

describe('getRecipientHistory', () => {
  async function history(tx: Tx) {
    const ann = await buildRecipient(tx, { name: 'Ann' })
    const bob = await buildRecipient(tx, { name: 'Bob' })
    const tin = await buildPackage(tx, { name: 'Tin' })
    const bag = await buildPackage(tx, { name: 'bag' })
    const old = await buildPackage(tx, { name: 'Old hamper' })
    const xmas24 = await buildEvent(tx, { name: 'Christmas 2024', date: '2024-12-24' })
    const xmas25 = await buildEvent(tx, { name: 'Christmas 2025', date: '2025-12-24' })
    const today = await buildEvent(tx, { name: 'Today', date: '2026-11-15' })
    const xmas26 = await buildEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
    const deletedEvent = await buildEvent(tx, { name: 'Cancelled', date: '2025-06-01' })
    await buildAssignment(tx, {
      eventId: xmas24.id,
      recipientId: ann.id,
      packageId: old.id,
      quantity: 1,
      status: 'delivered',
      statusEpoch: 0,
      deliveredTo: 'Neighbour',
      deliveredAt: '2024-12-24T10:00:00.000Z',
    })
    await buildAssignment(tx, {
      eventId: xmas25.id,
      recipientId: ann.id,
      packageId: tin.id,
      quantity: 2,
      status: 'assembled',
    })
    await buildAssignment(tx, { eventId: xmas25.id, recipientId: ann.id, packageId: bag.id })
    await buildAssignment(tx, { eventId: xmas25.id, recipientId: bob.id, packageId: tin.id })
    await buildAssignment(tx, { eventId: today.id, recipientId: ann.id, packageId: tin.id })
    await buildAssignment(tx, { eventId: xmas26.id, recipientId: ann.id, packageId: tin.id })
    await buildAssignment(tx, { eventId: deletedEvent.id, recipientId: ann.id, packageId: tin.id })
    await softDelete(tx, 'events', deletedEvent.id)
    const removed = await buildAssignment(tx, {
      eventId: xmas24.id,
      recipientId: ann.id,
      packageId: tin.id,
    })
    await softDelete(tx, 'assignments', removed.id)
    // A package deleted since still lends its name to the history.
    await softDelete(tx, 'packages', old.id)
    return { ann, tin, bag, old, xmas24, xmas25 }
  }

  it('lists what the recipient got in events before today, newest first, then by package name', async () => {
    const { run, read } = makeTestDb()
    const h = await run(history)
    const rows = await read((tx) =>
      getRecipientHistory(tx, { recipientId: h.ann.id, today: '2026-11-15' }),
    )
    expect(rows).toEqual([
      {
        eventId: h.xmas25.id,
        eventName: 'Christmas 2025',
        eventDate: '2025-12-24',
        packageId: h.bag.id,
        packageName: 'bag',
        quantity: 1,
        status: 'pending',
        deliveredTo: null,
      },
      {
        eventId: h.xmas25.id,
        eventName: 'Christmas 2025',
        eventDate: '2025-12-24',
        packageId: h.tin.id,
        packageName: 'Tin',
        quantity: 2,
        status: 'assembled',
        deliveredTo: null,
      },
      {
        eventId: h.xmas24.id,
        eventName: 'Christmas 2024',
        eventDate: '2024-12-24',
        packageId: h.old.id,
        packageName: 'Old hamper',
        quantity: 1,
        status: 'delivered',
        deliveredTo: 'Neighbour',
      },
    ])
  })

  it('takes a bare recipient id and then uses the local date of the database clock (2026-11-01)', async () => {
    const { run, read } = makeTestDb()
    const { ann, nextWeek } = await run(async (tx) => {
      const ann = await buildRecipient(tx)
      const pkg = await buildPackage(tx)
      const lastWeek = await buildEvent(tx, { date: '2026-10-25' })
      const nextWeek = await buildEvent(tx, { date: '2026-11-08' })
      await buildAssignment(tx, { eventId: lastWeek.id, recipientId: ann.id, packageId: pkg.id })
      await buildAssignment(tx, { eventId: nextWeek.id, recipientId: ann.id, packageId: pkg.id })
      return { ann, nextWeek }
    })
    const rows = await read((tx) => getRecipientHistory(tx, ann.id))
    expect(rows.map((row) => row.eventDate)).toEqual(['2026-10-25'])
    expect(rows.some((row) => row.eventId === nextWeek.id)).toBe(false)
  })

  it('is empty for a recipient who never received anything', async () => {
    const { run, read } = makeTestDb()
    const ann = await run((tx) => buildRecipient(tx))
    expect(
      await read((tx) => getRecipientHistory(tx, { recipientId: ann.id, today: '2030-01-01' })),
    ).toEqual([])
  })

  it('throws NotFoundError for an unknown or deleted recipient', async () => {
    const { run, read } = makeTestDb()
    const gone = await run(async (tx) => {
      const gone = await buildRecipient(tx)
      await softDelete(tx, 'recipients', gone.id)
      return gone
    })
    await expect(read((tx) => getRecipientHistory(tx, gone.id))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'recipient',
      id: gone.id,
    })
    await expect(
      read((tx) => getRecipientHistory(tx, { recipientId: 'nope', today: '2026-11-15' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('refuses a malformed today with a ValidationError', async () => {
    const { run, read } = makeTestDb()
    const ann = await run((tx) => buildRecipient(tx))
    await expect(
      read((tx) => getRecipientHistory(tx, { recipientId: ann.id, today: '2026-13-01' })),
    ).rejects.toBeInstanceOf(ValidationError)
  })
})

describe('getRecipientCurrentGifts', () => {
  it('lists what the recipient gets in events from today on, soonest first, each with its status', async () => {
    const { run, read } = makeTestDb()
    const h = await run(async (tx) => {
      const ann = await buildRecipient(tx, { name: 'Ann' })
      const tin = await buildPackage(tx, { name: 'Tin' })
      const bag = await buildPackage(tx, { name: 'bag' })
      const lastYear = await buildEvent(tx, { name: 'Christmas 2025', date: '2025-12-24' })
      const today = await buildEvent(tx, { name: 'Advent market', date: '2026-11-15' })
      const xmas = await buildEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
      await buildAssignment(tx, { eventId: lastYear.id, recipientId: ann.id, packageId: tin.id })
      await buildAssignment(tx, {
        eventId: xmas.id,
        recipientId: ann.id,
        packageId: tin.id,
        quantity: 2,
        status: 'delivered',
        statusEpoch: 0,
        deliveredTo: 'Ann',
        deliveredAt: '2026-12-20T10:00:00.000Z',
      })
      await buildAssignment(tx, { eventId: xmas.id, recipientId: ann.id, packageId: bag.id })
      await buildAssignment(tx, {
        eventId: today.id,
        recipientId: ann.id,
        packageId: bag.id,
        status: 'assembled',
      })
      return { ann, tin, bag, today, xmas }
    })
    const rows = await read((tx) =>
      getRecipientCurrentGifts(tx, { recipientId: h.ann.id, today: '2026-11-15' }),
    )
    expect(rows.map((row) => [row.eventName, row.packageName, row.quantity, row.status])).toEqual([
      ['Advent market', 'bag', 1, 'assembled'],
      ['Christmas 2026', 'bag', 1, 'pending'],
      ['Christmas 2026', 'Tin', 2, 'delivered'],
    ])
  })

  it('throws NotFoundError for an unknown recipient', async () => {
    const { read } = makeTestDb()
    await expect(
      read((tx) => getRecipientCurrentGifts(tx, { recipientId: 'nobody', today: '2026-11-15' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })
})
