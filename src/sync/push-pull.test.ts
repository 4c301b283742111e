import { describe, expect, it } from 'vitest'
import { insert, update } from '../db/mutate'
import { makeTestDb } from '../test/make-test-db'
import { pullAll } from './pull'
import { pushAll } from './push'
import { readCursor } from './sync-state'
import { MemoryServer } from './testing/memory-server'

const event = { name: 'Christmas', date: '2026-12-24', notes: '' }

describe('pushAll', () => {
  it('sends waiting changes and marks only acknowledged ones as pushed', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insert(tx, 'events', event))
    expect(await pushAll(a.db, server.transport())).toEqual({ ok: true, pushed: 1 })
    expect(server.log).toHaveLength(1)
    expect(await a.db.changes.where('pushed').equals(0).count()).toBe(0)
  })

  it('stores nothing twice when an acknowledgement was lost and the push is retried', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insert(tx, 'events', event))
    server.faultFor = () => 'lose-response'
    expect((await pushAll(a.db, server.transport())).ok).toBe(false)
    expect(await a.db.changes.where('pushed').equals(0).count()).toBe(1)
    server.faultFor = () => 'none'
    expect(await pushAll(a.db, server.transport())).toEqual({ ok: true, pushed: 1 })
    expect(server.log).toHaveLength(1)
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
    expect(await b.db.changes.count()).toBe(2)
    expect(await readCursor(b.db)).toBe(6)
    expect(await b.db.events.get(row.id)).toEqual(await a.db.events.get(row.id))
    await a.run((tx) => update(tx, 'events', row.id, { name: 'Xmas' }))
    await pushAll(a.db, server.transport())
    await pullAll(b.db, server.transport())
    expect(await readCursor(b.db)).toBe(7)
    expect((await b.db.events.get(row.id))?.name).toBe('Xmas')
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
  })

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
