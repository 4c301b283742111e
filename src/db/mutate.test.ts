import { describe, expect, it } from 'vitest'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { changeRecordSchema } from './change-record'
import { insert, softDelete, update } from './mutate'

describe('insert', () => {
  it('writes the row and one change record with every field, in the same transaction', async () => {
    const { db, run } = makeTestDb()
    const row = await run((tx) =>
      insert(tx, 'events', { name: 'Christmas', date: '2026-12-24', notes: '' }),
    )
    expect(await db.events.get(row.id)).toEqual(row)
    const changes = await db.changes.toArray()
    expect(changes).toHaveLength(1)
    const change = changes[0]!
    expect(changeRecordSchema.safeParse(change).success).toBe(true)
    expect(await db.outbox.toArray()).toEqual([{ id: change.id, action: change.id }])
    expect(change).toMatchObject({
      table: 'events',
      rowId: row.id,
      deviceId: 'device-test',
      fields: { name: 'Christmas', date: '2026-12-24', notes: '', deletedAt: null },
    })
  })

  it('refuses a row that breaks its schema and writes nothing', async () => {
    const { db, run } = makeTestDb()
    await expect(
      run((tx) => insert(tx, 'events', { name: 'Bad date', date: '2026-13-40', notes: '' })),
    ).rejects.toThrow(/invalid events row/)
    expect(await db.events.count()).toBe(0)
    expect(await db.changes.count()).toBe(0)
  })
})

describe('update', () => {
  it('records only the fields that changed', async () => {
    const { db, run } = makeTestDb()
    const row = await run((tx) =>
      insert(tx, 'events', { name: 'A', date: '2026-12-24', notes: '' }),
    )
    await run((tx) => update(tx, 'events', row.id, { name: 'B', date: '2026-12-24' }))
    const changes = await db.changes.orderBy('hlc').toArray()
    expect(changes).toHaveLength(2)
    expect(Object.keys(changes[1]!.fields).sort()).toEqual(['name', 'updatedAt'])
    expect(changes[1]!.hlc > changes[0]!.hlc).toBe(true)
  })

  it('writes and records nothing when no value changes', async () => {
    const { db, run } = makeTestDb()
    const row = await run((tx) =>
      insert(tx, 'events', { name: 'A', date: '2026-12-24', notes: '' }),
    )
    const same = await run((tx) => update(tx, 'events', row.id, { name: 'A' }))
    expect(same).toEqual(row)
    expect(await db.changes.count()).toBe(1)
  })

  it('returns undefined for an unknown id', async () => {
    const { run } = makeTestDb()
    expect(await run((tx) => update(tx, 'events', 'nope', { name: 'A' }))).toBeUndefined()
  })
})

describe('softDelete', () => {
  it('sets deletedAt, keeps the row and records the deletion as a field write', async () => {
    const { db, run } = makeTestDb()
    const row = await run((tx) =>
      insert(tx, 'events', { name: 'A', date: '2026-12-24', notes: '' }),
    )
    expect(await run((tx) => softDelete(tx, 'events', row.id))).toBe(true)
    expect(await run((tx) => softDelete(tx, 'events', row.id))).toBe(false)
    const stored = await db.events.get(row.id)
    expect(stored?.deletedAt).toMatch(/^2026-11-01T/)
    const last = await db.changes.orderBy('hlc').last()
    expect(Object.keys(last!.fields).sort()).toEqual(['deletedAt', 'updatedAt'])
  })
})

describe('the one-transaction rule', () => {
  it('leaves neither domain rows nor change records behind when the action throws half-way', async () => {
    const { db, run } = makeTestDb()
    const kept = await run((tx) =>
      insert(tx, 'events', { name: 'Kept', date: '2026-12-01', notes: '' }),
    )
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await insert(tx, 'events', { name: 'Lost', date: '2026-12-24', notes: '' })
        await update(tx, 'events', kept.id, { name: 'Renamed' })
        await insert(tx, 'recipients', { name: 'Ana', household: '', address: '', notes: '' })
        throw new Error('power cut')
      }),
    ).rejects.toThrow('power cut')
    expect(await snapshotAll(db)).toEqual(before)
    expect(await db.changes.count()).toBe(1)
  })

  it('lets a read inside the action see the action’s own uncommitted write', async () => {
    const { run } = makeTestDb()
    const seen = await run(async (tx) => {
      const row = await insert(tx, 'events', { name: 'Fresh', date: '2026-12-24', notes: '' })
      const inside = await tx.events.get(row.id)
      const state = await tx.rowStates.get(['events', row.id])
      return { name: inside?.name, changes: state?.changes.length }
    })
    expect(seen).toEqual({ name: 'Fresh', changes: 1 })
  })
})

describe('update of the status register', () => {
  it('always records the whole status group, so other devices learn the epoch of a forward step', async () => {
    const { db, run } = makeTestDb()
    const row = await run((tx) =>
      insert(tx, 'assignments', {
        eventId: 'e',
        recipientId: 'r',
        packageId: 'p',
        quantity: 1,
        notes: '',
        status: 'pending',
        statusEpoch: 3,
        deliveredTo: null,
        deliveredAt: null,
      }),
    )
    await run((tx) => update(tx, 'assignments', row.id, { status: 'assembled' }))
    const last = await db.changes.orderBy('hlc').last()
    expect(last?.fields).toMatchObject({
      status: 'assembled',
      statusEpoch: 3,
      deliveredTo: null,
      deliveredAt: null,
    })
  })
})
