import { describe, expect, it } from 'vitest'
import { idsOf } from '../db/change-record'
import { insert, insertMany, update } from '../db/mutate'
import { recipientRows } from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { pullAll } from './pull'
import { pushAll, pushOnce } from './push'
import { countWaiting, readCursor } from './sync-state'
import { MemoryServer } from './testing/memory-server'
import type { Transport } from './transport'

const event = { name: 'Christmas', date: '2026-12-24', notes: '' }

describe('pushAll', () => {
  it('sends waiting changes, then drops the acknowledged ones (the row state keeps what they set)', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insert(tx, 'events', event))
    expect(await pushAll(a.db, server.transport())).toEqual({ ok: true, pushed: 1 })
    expect(server.log).toHaveLength(1)
    expect(await a.db.outbox.count()).toBe(0)
    expect(await a.db.changes.count()).toBe(0)
    expect(await a.db.rowStates.count()).toBe(1)
  })

  it('stores nothing twice when an acknowledgement was lost and the push is retried', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insert(tx, 'events', event))
    server.faultFor = () => 'lose-response'
    expect((await pushAll(a.db, server.transport())).ok).toBe(false)
    expect(await a.db.outbox.count()).toBe(1)
    server.faultFor = () => 'none'
    expect(await pushAll(a.db, server.transport())).toEqual({ ok: true, pushed: 1 })
    expect(server.log).toHaveLength(1)
  })

  it('leaves a change made while a push was in flight waiting for the next push', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const inner = server.transport()
    await a.run((tx) => insert(tx, 'events', event))
    const transport: Transport = {
      ...inner,
      async push(deviceId, changes) {
        await a.run((tx) => insert(tx, 'events', { ...event, name: 'Easter' }))
        return inner.push(deviceId, changes)
      },
    }
    expect(await pushOnce(a.db, transport)).toEqual({ ok: true, pushed: 1 })
    const waiting = await a.db.changes.bulkGet(await a.db.outbox.toCollection().primaryKeys())
    expect(waiting.map((change) => change?.fields.name)).toEqual(['Easter'])
  })

  it('keeps a change queued again inside the batch range while the push was in flight', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const inner = server.transport()
    await a.run(async (tx) => {
      for (const name of ['One', 'Two', 'Three']) await insert(tx, 'events', { ...event, name })
    })
    const [, middle] = await a.db.changes.orderBy('id').toArray()
    const middleId = middle?.id ?? ''
    await a.db.outbox.delete(middleId)
    const transport: Transport = {
      ...inner,
      async push(deviceId, changes) {
        // As joining a space or importing a backup queues every change again.
        await a.db.outbox.add({ id: middleId })
        return inner.push(deviceId, changes)
      },
    }
    expect(await pushOnce(a.db, transport)).toEqual({ ok: true, pushed: 2 })
    expect(await a.db.outbox.toCollection().primaryKeys()).toEqual([middleId])
  })

  it.each([1, 10])(
    'sends exactly the waiting changes when %i pulled changes were applied between them',
    async (between) => {
      const a = makeTestDb({ deviceId: 'tablet-a' })
      const b = makeTestDb({ deviceId: 'tablet-b' })
      const server = new MemoryServer()
      await b.run((tx) => insert(tx, 'events', { ...event, name: 'B first' }))
      await a.run(async (tx) => {
        for (let index = 0; index < between; index += 1)
          await insert(tx, 'events', { ...event, name: `A ${index}` })
      })
      await b.run((tx) => insert(tx, 'events', { ...event, name: 'B second' }))
      await pushAll(a.db, server.transport())
      await pullAll(b.db, server.transport())
      // Only B's own changes wait; the pulled ones live in row states.
      expect(await b.db.changes.count()).toBe(2)
      expect(await b.db.rowStates.count()).toBe(between + 2)
      expect(await pushAll(b.db, server.transport())).toEqual({ ok: true, pushed: 2 })
      const fromB = server.log.filter((change) => change.deviceId === 'tablet-b')
      expect(fromB.map((change) => change.fields.name)).toEqual(['B first', 'B second'])
      expect(server.log).toHaveLength(between + 2)
      expect(await b.db.outbox.count()).toBe(0)
    },
  )

  it('drops an outbox entry whose change is missing and pushes the rest', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run(async (tx) => {
      await insert(tx, 'events', event)
      await insert(tx, 'events', { ...event, name: 'Easter' })
    })
    await a.db.outbox.add({ id: '00000000-orphan' })
    expect(await pushAll(a.db, server.transport())).toEqual({ ok: true, pushed: 2 })
    expect(server.log.map((change) => change.fields.name).sort()).toEqual(['Christmas', 'Easter'])
    expect(await a.db.outbox.count()).toBe(0)
  })
})

describe('pullAll', () => {
  it('starts a new device from the compacted snapshot, then pulls only what came after', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    const row = await a.run(async (tx) => {
      const created = await insert(tx, 'events', event)
      for (let index = 0; index < 5; index += 1)
        await update(tx, 'events', created.id, { notes: `edit ${index}` })
      return created
    })
    await pushAll(a.db, server.transport())
    expect(server.log).toHaveLength(6)
    const first = await pullAll(b.db, server.transport())
    expect(first.ok).toBe(true)
    // The snapshot carried 2 changes (the insert's untouched fields and the last notes edit), not 6.
    expect((await b.db.rowStates.get(['events', row.id]))?.changes).toHaveLength(2)
    expect(await b.db.changes.count()).toBe(0)
    expect(await readCursor(b.db)).toBe(6)
    expect(await b.db.events.get(row.id)).toEqual(await a.db.events.get(row.id))
    await a.run((tx) => update(tx, 'events', row.id, { name: 'Xmas' }))
    await pushAll(a.db, server.transport())
    await pullAll(b.db, server.transport())
    expect(await readCursor(b.db)).toBe(7)
    expect((await b.db.events.get(row.id))?.name).toBe('Xmas')
  })

  it('against an older server (no current rows), pages through its log snapshot of 12 changes in pages of 5, 5 and 2 log entries', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    server.snapshotPageSize = 5
    server.withoutRows = true
    const ids = await a.run(async (tx) => {
      const created: string[] = []
      for (let index = 0; index < 4; index += 1) {
        const row = await insert(tx, 'events', { ...event, name: `Event ${index}` })
        await update(tx, 'events', row.id, { notes: `first ${index}` })
        await update(tx, 'events', row.id, { notes: `second ${index}` })
        created.push(row.id)
      }
      return created
    })
    await pushAll(a.db, server.transport())
    expect(server.log).toHaveLength(12)
    expect((await pullAll(b.db, server.transport())).ok).toBe(true)
    expect(server.snapshotPages).toBe(3)
    expect(await readCursor(b.db)).toBe(12)
    expect(await b.db.events.bulkGet(ids)).toEqual(await a.db.events.bulkGet(ids))
  })

  it('builds the same rows from a snapshot whether the log was empty or already held changes', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const fresh = makeTestDb({ deviceId: 'tablet-b' })
    const used = makeTestDb({ deviceId: 'tablet-c' })
    const server = new MemoryServer()
    const created = await a.run(async (tx) => {
      const christmas = await insert(tx, 'events', event)
      await update(tx, 'events', christmas.id, { notes: 'bring boxes' })
      const easter = await insert(tx, 'events', { ...event, name: 'Easter', date: '2027-04-04' })
      await update(tx, 'events', easter.id, { name: 'Easter brunch' })
      return [christmas.id, easter.id]
    })
    await pushAll(a.db, server.transport())
    // C already has a change of its own, so its first sync takes the general path.
    const own = await used.run((tx) => insert(tx, 'events', { ...event, name: 'Mine' }))
    expect((await pullAll(fresh.db, server.transport())).ok).toBe(true)
    expect((await pullAll(used.db, server.transport())).ok).toBe(true)
    const rows = async (db: typeof a.db) =>
      (await db.events.bulkGet(created)).map((row) => row && { ...row })
    expect(await rows(fresh.db)).toEqual(await rows(a.db))
    expect(await rows(used.db)).toEqual(await rows(a.db))
    expect(await used.db.events.get(own.id)).toMatchObject({ name: 'Mine' })
  })

  it('pages through a long history in batches and never echoes pulled changes back', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    await pullAll(b.db, server.transport()) // B starts from an empty snapshot (cursor 0)
    await a.run(async (tx) => {
      for (let index = 0; index < 2500; index += 1)
        await insert(tx, 'recipients', { name: `R${index}`, household: '', address: '', notes: '' })
    })
    await pushAll(a.db, server.transport())
    const outcome = await pullAll(b.db, server.transport())
    expect(outcome).toMatchObject({ ok: true, applied: 2500, hasMore: false })
    expect(await b.db.recipients.count()).toBe(2500)
    expect(await pushAll(b.db, server.transport())).toEqual({ ok: true, pushed: 0 })
    // 2,500 rows through fake-indexeddb: seconds on a busy 2-core machine.
  }, 60_000)

  it('keeps the cursor where it was when a pull fails, so nothing is skipped', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    await pullAll(b.db, server.transport())
    await a.run((tx) => insert(tx, 'events', event))
    await pushAll(a.db, server.transport())
    server.faultFor = () => 'offline'
    expect((await pullAll(b.db, server.transport())).ok).toBe(false)
    expect(await readCursor(b.db)).toBe(0)
    server.faultFor = () => 'none'
    await pullAll(b.db, server.transport())
    expect(await b.db.events.count()).toBe(1)
  })
})

describe('pushAll of a bulk action (outbox entries of many changes)', () => {
  it('queues 1,200 new rows as three outbox entries, counted as one action, and pushes every change once', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insertMany(tx, 'recipients', recipientRows(1_200)))
    const entries = await a.db.outbox.toArray()
    expect(entries.map((entry) => idsOf(entry).length)).toEqual([500, 500, 200])
    expect(entries.flatMap(idsOf)).toEqual(await a.db.changes.toCollection().primaryKeys())
    expect(await countWaiting(a.db)).toBe(1)
    expect(await pushAll(a.db, server.transport())).toEqual({ ok: true, pushed: 1_200 })
    expect(new Set(server.log.map((change) => change.id)).size).toBe(1_200)
    expect(await a.db.outbox.count()).toBe(0)
    expect(await a.db.changes.count()).toBe(0)
  })

  it('keeps the unacknowledged part of an entry waiting, re-keyed by its first waiting change, and sends it next', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const inner = server.transport()
    await a.run((tx) => insertMany(tx, 'recipients', recipientRows(30)))
    const ids = (await a.db.outbox.toArray()).flatMap(idsOf)
    // The server stores (and acknowledges) only the first 12 changes of the batch.
    const partly: Transport = {
      ...inner,
      push: (deviceId, changes) => inner.push(deviceId, changes.slice(0, 12)),
    }
    expect(await pushOnce(a.db, partly)).toEqual({ ok: true, pushed: 12 })
    const [entry, ...others] = await a.db.outbox.toArray()
    expect(others).toEqual([])
    expect(entry?.id).toBe(ids[12])
    expect(entry && idsOf(entry)).toEqual(ids.slice(12))
    expect(await a.db.changes.toCollection().primaryKeys()).toEqual(ids.slice(12))
    expect(await pushAll(a.db, inner)).toEqual({ ok: true, pushed: 18 })
    expect(server.log.map((change) => change.id).sort()).toEqual([...ids].sort())
  })
})
