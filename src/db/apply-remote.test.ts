import { describe, expect, it } from 'vitest'
import { makeTestDb, steppingClock } from '../test/make-test-db'
import type { ChangeRecord } from './change-record'
import { applyRemote, readNewestRemoteHlc } from './apply-remote'
import { insert, softDelete, update } from './mutate'
import { formatHlc, parseHlc } from '../crdt/hlc'
import { createDatabase, type AppDatabase } from './database'
import { localStateAsChanges } from './local-state'
import { rowKeyString } from './row-states'
import { countRequests } from '../test/count-requests'
import { expectSummariesMatchRecomputation } from '../test/event-summary-check'

async function changesOf(db: AppDatabase): Promise<ChangeRecord[]> {
  return db.changes.orderBy('hlc').toArray()
}

const ASSIGNMENT = {
  eventId: 'e',
  recipientId: 'r',
  packageId: 'p',
  quantity: 1,
  notes: '',
  status: 'pending' as const,
  statusEpoch: 0,
  deliveredTo: null,
  deliveredAt: null,
}

describe('applyRemote', () => {
  it('rebuilds on tablet B exactly the rows tablet A wrote, keeping them as row state with per-field clocks and no change records', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const event = await a.run(async (tx) => {
      const row = await insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' })
      await update(tx, 'events', row.id, { notes: 'bring tins' })
      return row
    })
    const changes = await changesOf(a.db)
    const result = await b.run((tx) => applyRemote(tx, changes))
    expect(result).toEqual({ applied: 2, clockDrift: false })
    expect(await b.db.events.get(event.id)).toEqual(await a.db.events.get(event.id))
    // State, not history: B keeps the row's state (both changes: the update set one field), and
    // nothing waits to be pushed.
    const state = await b.db.rowStates.get(['events', event.id])
    expect(state?.changes.map((change) => change.id).sort()).toEqual(
      changes.map((change) => change.id).sort(),
    )
    expect(state?.changes.find((change) => change.id === changes[1]!.id)?.fields).toEqual({
      notes: 'bring tins',
      updatedAt: changes[1]!.fields.updatedAt,
    })
    expect(await b.db.changes.count()).toBe(0)
    expect(await b.db.outbox.count()).toBe(0)
  })

  it('is a no-op when the same changes arrive again', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    await a.run((tx) =>
      insert(tx, 'recipients', { name: 'Ana', household: '', address: '', notes: '' }),
    )
    const changes = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, changes))
    expect(await b.run((tx) => applyRemote(tx, [...changes, ...changes]))).toEqual({
      applied: 0,
      clockDrift: false,
    })
    expect(await b.db.changes.count()).toBe(0)
    expect(await b.db.rowStates.count()).toBe(1)
  })

  it('gives the same row when an update arrives before the insert that created the row', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const row = await a.run(async (tx) => {
      const created = await insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' })
      await update(tx, 'events', created.id, { name: 'Christmas' })
      await softDelete(tx, 'events', created.id)
      return created
    })
    const [first, second, third] = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, [third!]))
    expect(await b.db.events.get(row.id)).toBeUndefined()
    await b.run((tx) => applyRemote(tx, [second!, first!]))
    expect(await b.db.events.get(row.id)).toEqual(await a.db.events.get(row.id))
  })

  it('never moves a delivery made on tablet A back when stale tablet B later marks the package ready', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a', now: steppingClock('2026-12-20T10:00:00.000Z') })
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock('2026-12-20T11:00:00.000Z') })
    const row = await a.run((tx) => insert(tx, 'assignments', ASSIGNMENT))
    const created = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, created))
    // A delivers; B, offline and stale, marks the same package ready an hour "later".
    await a.run(async (tx) => {
      await update(tx, 'assignments', row.id, { status: 'assembled' })
      await update(tx, 'assignments', row.id, {
        status: 'delivered',
        deliveredTo: 'Ana',
        deliveredAt: '2026-12-20T10:05:00.000Z',
      })
    })
    await b.run((tx) => update(tx, 'assignments', row.id, { status: 'assembled' }))
    // Both exchange everything.
    const fromA = await changesOf(a.db)
    const fromB = await changesOf(b.db)
    await a.run((tx) => applyRemote(tx, fromB))
    await b.run((tx) => applyRemote(tx, fromA))
    for (const db of [a.db, b.db]) {
      expect(await db.assignments.get(row.id)).toMatchObject({
        status: 'delivered',
        deliveredTo: 'Ana',
        statusEpoch: 0,
      })
    }
  })

  it('advances the local clock past the remote changes it applied', async () => {
    // A's clock runs 30 minutes ahead of B's.
    const a = makeTestDb({ deviceId: 'tablet-a', now: steppingClock('2026-01-01T00:30:00.000Z') })
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock('2026-01-01T00:00:00.000Z') })
    await a.run((tx) =>
      insert(tx, 'recipients', { name: 'Ana', household: '', address: '', notes: '' }),
    )
    const remote = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, remote))
    await b.run((tx) =>
      insert(tx, 'recipients', { name: 'Ben', household: '', address: '', notes: '' }),
    )
    const own = (await b.db.changes.toArray()).find((change) => change.deviceId === 'tablet-b')
    expect(own!.hlc > remote[0]!.hlc).toBe(true)
  })
  it('reports a remote clock more than a day ahead instead of following it', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a', now: steppingClock('2027-01-01T00:00:00.000Z') })
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock('2026-01-01T00:00:00.000Z') })
    await a.run((tx) =>
      insert(tx, 'recipients', { name: 'Ana', household: '', address: '', notes: '' }),
    )
    const remote = await changesOf(a.db)
    expect(await b.run((tx) => applyRemote(tx, remote))).toEqual({ applied: 1, clockDrift: true })
    expect(await b.db.recipients.count()).toBe(1)
  })
})

describe('applyRemote on row states', () => {
  it('keeps a row state bounded by its fields, not its history: 200 edits leave one entry per field written', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const row = await a.run((tx) =>
      insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }),
    )
    for (let round = 0; round < 4; round += 1)
      await a.run(async (tx) => {
        for (let index = 0; index < 50; index += 1)
          await update(tx, 'events', row.id, { notes: `edit ${round}-${index}` })
      })
    const all = await changesOf(a.db)
    expect(all).toHaveLength(201)
    // B applies the history in 4 batches; each batch folds into the state it finds.
    for (let start = 0; start < all.length; start += 50)
      await b.run((tx) => applyRemote(tx, all.slice(start, start + 50)))
    const state = await b.db.rowStates.get(['events', row.id])
    // The insert (name, date, createdAt, …) and the last edit (notes, updatedAt).
    expect(state?.changes.map((change) => change.id)).toEqual([all[0]!.id, all[200]!.id])
    expect(state?.hlc).toBe(all[200]!.hlc)
    expect(await b.db.events.get(row.id)).toEqual(await a.db.events.get(row.id))
  })

  it('treats a change older than every field it writes as a no-op', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const row = await a.run((tx) =>
      insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }),
    )
    await a.run((tx) => update(tx, 'events', row.id, { notes: 'old' }))
    await a.run((tx) => update(tx, 'events', row.id, { notes: 'new' }))
    const [created, old, latest] = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, [created!, latest!]))
    const before = await b.db.rowStates.get(['events', row.id])
    expect(await b.run((tx) => applyRemote(tx, [old!]))).toEqual({
      applied: 0,
      clockDrift: false,
    })
    expect(await b.db.rowStates.get(['events', row.id])).toEqual(before)
    expect((await b.db.events.get(row.id))?.notes).toBe('new')
  })

  it('remembers the newest clock received from another device, also of a change a newer local one already overwrote', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b', now: () => Date.parse('2026-12-24T09:00:00Z') })
    const row = await a.run((tx) =>
      insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }),
    )
    await a.run((tx) => update(tx, 'events', row.id, { notes: 'from a' }))
    const [created, edited] = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, [created!]))
    expect(await b.read((tx) => readNewestRemoteHlc(tx))).toBe(created!.hlc)
    await b.run((tx) => update(tx, 'events', row.id, { notes: 'from b' }))
    expect(await b.run((tx) => applyRemote(tx, [edited!]))).toEqual({
      applied: 0,
      clockDrift: false,
    })
    const held = (await b.db.rowStates.get(['events', row.id]))?.changes ?? []
    expect(held.map((change) => change.id)).not.toContain(edited!.id)
    expect(await b.read((tx) => readNewestRemoteHlc(tx))).toBe(edited!.hlc)
    // An older one arriving later leaves the mark where it is.
    await b.run((tx) => applyRemote(tx, [created!]))
    expect(await b.read((tx) => readNewestRemoteHlc(tx))).toBe(edited!.hlc)
  })

  it('keeps fields this version does not know in the state, out of the row, and passes them on', async () => {
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const row = await a.run((tx) =>
      insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }),
    )
    const [created] = await changesOf(a.db)
    const newer: ChangeRecord = {
      ...created!,
      id: 'from-a-newer-version',
      fields: { labelColour: 'red', notes: 'newer' },
      hlc: formatHlc({ ...parseHlc(created!.hlc), wall: parseHlc(created!.hlc).wall + 1 }),
    }
    await b.run((tx) => applyRemote(tx, [created!, newer]))
    expect(await b.db.events.get(row.id)).not.toHaveProperty('labelColour')
    expect((await b.db.events.get(row.id))?.notes).toBe('newer')
    const held = await b.read((tx) => localStateAsChanges(tx))
    expect(held.find((change) => change.id === 'from-a-newer-version')?.fields).toEqual({
      labelColour: 'red',
      notes: 'newer',
    })
  })

  it('restarts the clock past every change it knew after the acknowledged ones were dropped', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a', now: () => Date.parse('2026-12-01T10:00:00Z') })
    const b = makeTestDb({ deviceId: 'tablet-b', now: () => Date.parse('2026-12-01T09:00:00Z') })
    await a.run((tx) =>
      insert(tx, 'recipients', { name: 'Ana', household: '', address: '', notes: '' }),
    )
    const remote = await changesOf(a.db)
    await b.run((tx) => applyRemote(tx, remote))
    expect(await b.db.changes.count()).toBe(0)
    const reopened = createDatabase(b.db.name, {
      deviceId: 'tablet-b',
      now: () => Date.parse('2026-12-01T09:00:00Z'),
    })
    try {
      await reopened.open()
      expect(reopened.clock.next() > remote[0]!.hlc).toBe(true)
    } finally {
      reopened.close()
    }
  })
})

describe('applyRemote reads', () => {
  it('reads no row before writing notes edits of assignments (the summary does not count notes), and the summaries still equal a recomputation', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a', now: steppingClock() })
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock() })
    const counter = countRequests(b.db)
    const ids = await a.run(async (tx) => {
      const created = []
      for (let index = 0; index < 3; index += 1)
        created.push(
          (await insert(tx, 'assignments', { ...ASSIGNMENT, recipientId: `r${index}` })).id,
        )
      return created
    })
    const creations = await changesOf(a.db)
    await b.db.transaction('rw', b.db.tables, (tx) => applyRemote(tx, creations))
    await a.run(async (tx) => {
      for (const id of ids) await update(tx, 'assignments', id, { notes: 'ring twice' })
    })
    const edits = (await changesOf(a.db)).slice(creations.length)
    counter.reset()
    await b.db.transaction('rw', b.db.tables, (tx) => applyRemote(tx, edits))
    const reads = counter.snapshot()
    expect(reads['assignments.get'] ?? 0).toBe(0)
    expect(reads['assignments.getMany'] ?? 0).toBe(0)
    expect(await b.db.assignments.orderBy('id').toArray()).toEqual(
      await a.db.assignments.orderBy('id').toArray(),
    )
    await expectSummariesMatchRecomputation(b.db)
  })

  it('reads no row of a summary source whose state the caller knows is absent (a first-sync chunk new here), and the summaries still equal a recomputation', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a', now: steppingClock() })
    const b = makeTestDb({ deviceId: 'tablet-b', now: steppingClock() })
    await a.run(async (tx) => {
      for (let index = 0; index < 3; index += 1)
        await insert(tx, 'assignments', { ...ASSIGNMENT, recipientId: `r${index}` })
    })
    const creations = await changesOf(a.db)
    const known = new Map(
      creations.map((change) => [rowKeyString(change.table, change.rowId), undefined]),
    )
    const counter = countRequests(b.db)
    await b.db.transaction('rw', b.db.tables, (tx) => applyRemote(tx, creations, known))
    const reads = counter.snapshot()
    expect(reads['assignments.get'] ?? 0).toBe(0)
    expect(reads['assignments.getMany'] ?? 0).toBe(0)
    expect(reads['rowStates.getMany'] ?? 0).toBe(0)
    expect(await b.db.assignments.orderBy('id').toArray()).toEqual(
      await a.db.assignments.orderBy('id').toArray(),
    )
    await expectSummariesMatchRecomputation(b.db)
  })
})
