import { describe, expect, it } from 'vitest'
import type { ChangeRecord } from '../db/change-record'
import type { AppDatabase } from '../db/database'
import { insertMany } from '../db/mutate'
import { recipientRows } from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { pushAll } from './push'
import { MemoryServer } from './testing/memory-server'
import type { Transport, TransportResult } from './transport'
import type { PushResponse } from './wire'

type Call = {
  changes: ChangeRecord[]
  answer: (result: TransportResult<PushResponse> | 'store') => void
}

/**
 * A transport whose pushes wait until the test answers them (in any order): 'store' stores the
 * batch on the memory server and acknowledges it; a failure stores nothing.
 */
function gatedTransport(server: MemoryServer) {
  const inner = server.transport()
  const calls: Call[] = []
  const waiters: (() => void)[] = []
  const transport: Transport = {
    ...inner,
    push: (deviceId, changes) =>
      new Promise((resolve) => {
        calls.push({
          changes,
          answer: (result) =>
            resolve(result === 'store' ? inner.push(deviceId, changes) : Promise.resolve(result)),
        })
        waiters.splice(0).forEach((wake) => wake())
      }),
  }
  /** Resolves once `count` pushes were sent. */
  const sent = async (count: number): Promise<Call[]> => {
    while (calls.length < count) await new Promise<void>((wake) => waiters.push(wake))
    return calls
  }
  return { transport, calls, sent }
}

const offline: TransportResult<PushResponse> = { ok: false, reason: 'offline', detail: 'offline' }

describe('pushAll pipelining (one batch in flight while the next is sent)', () => {
  it('sends the second batch before the first is answered, and drops both once acknowledged', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insertMany(tx, 'recipients', recipientRows(30)))
    const { transport, sent } = gatedTransport(server)
    const pushing = pushAll(a.db, transport, 100, 10)
    const [first, second] = await sent(2)
    expect(first?.changes).toHaveLength(10)
    expect(second?.changes).toHaveLength(10)
    second?.answer('store')
    first?.answer('store')
    const [, , third] = await sent(3)
    third?.answer('store')
    expect(await pushing).toEqual({ ok: true, pushed: 30 })
    expect(new Set(server.log.map((change) => change.id)).size).toBe(30)
    expect(server.log).toHaveLength(30)
    expect(await a.db.outbox.count()).toBe(0)
    expect(await a.db.changes.count()).toBe(0)
  })

  it('keeps the second batch queued when it fails after the first was stored, and sends it next time', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insertMany(tx, 'recipients', recipientRows(20)))
    const ids = await a.db.changes.toCollection().primaryKeys()
    const { transport, sent } = gatedTransport(server)
    const pushing = pushAll(a.db, transport, 100, 10)
    const [first, second] = await sent(2)
    second?.answer(offline)
    first?.answer('store')
    expect(await pushing).toEqual(offline)
    expect(await a.db.changes.toCollection().primaryKeys()).toEqual(ids.slice(10))
    expect((await a.db.outbox.toArray()).map((entry) => entry.id)).toEqual([ids[10]])
    expect(await pushAll(a.db, server.transport(), 100, 10)).toEqual({ ok: true, pushed: 10 })
    expect(server.log.map((change) => change.id).sort()).toEqual(ids)
    expect(await a.db.outbox.count()).toBe(0)
  })

  it('keeps the first batch queued when it fails while the second is stored, and returns only when both are answered', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insertMany(tx, 'recipients', recipientRows(30)))
    const ids = await a.db.changes.toCollection().primaryKeys()
    const { transport, calls, sent } = gatedTransport(server)
    let settled = false
    const pushing = pushAll(a.db, transport, 100, 10).then((outcome) => {
      settled = true
      return outcome
    })
    const [first, second] = await sent(2)
    first?.answer(offline)
    await new Promise((wake) => setTimeout(wake, 0))
    expect(settled).toBe(false)
    second?.answer('store')
    expect(await pushing).toEqual(offline)
    expect(calls).toHaveLength(2)
    expect(server.log.map((change) => change.id)).toEqual(ids.slice(10, 20))
    const waiting = await a.db.changes.toCollection().primaryKeys()
    expect(waiting).toEqual([...ids.slice(0, 10), ...ids.slice(20)])
    expect((await a.db.outbox.toArray()).flatMap((entry) => entry.ids ?? [entry.id])).toEqual(
      waiting,
    )
    expect(await pushAll(a.db, server.transport(), 100, 10)).toEqual({ ok: true, pushed: 20 })
    expect(server.log.map((change) => change.id).sort()).toEqual(ids)
  })

  it('keeps a change re-stamped while its batch was in flight: the stale acknowledgement does not drop it', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insertMany(tx, 'recipients', recipientRows(3)))
    const inner = server.transport()
    const [, middle] = await a.db.changes.toArray()
    const restamped = { ...middle!, hlc: a.db.clock.next() }
    const transport: Transport = {
      ...inner,
      async push(deviceId, changes) {
        await a.db.changes.put(restamped)
        return inner.push(deviceId, changes)
      },
    }
    expect(await pushAll(a.db, transport, 1)).toEqual({ ok: true, pushed: 2 })
    expect(await a.db.changes.toArray()).toEqual([restamped])
    expect((await a.db.outbox.toArray()).map((entry) => entry.id)).toEqual([restamped.id])
  })
})

/** Every outbox request below Dexie (DBCore) `db` makes from its next open on: kind, range, rows. */
async function traceOutbox(db: AppDatabase) {
  const requests: { kind: string; lower?: unknown; rows?: number }[] = []
  db.close()
  db.use({
    stack: 'dbcore',
    name: 'outbox-trace',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name)
        if (name !== 'outbox') return table
        return {
          ...table,
          query: async (request) => {
            const response = await table.query(request)
            requests.push({
              kind: 'query',
              lower: request.query.range.lower,
              rows: response.result.length,
            })
            return response
          },
          getMany: (request) => (requests.push({ kind: 'getMany' }), table.getMany(request)),
          mutate: (request) => (requests.push({ kind: request.type }), table.mutate(request)),
        }
      },
    }),
  })
  await db.open()
  return requests
}

describe('pushAll reads of the outbox', () => {
  it('reads the outbox from the last entry it sent on, a few entries at a time, never from the start again', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    // Six actions: six outbox entries of ten ids each.
    for (let action = 0; action < 6; action += 1)
      await a.run((tx) => insertMany(tx, 'recipients', recipientRows(10)))
    const requests = await traceOutbox(a.db)
    expect(await pushAll(a.db, server.transport(), 100, 10)).toEqual({ ok: true, pushed: 60 })
    expect(server.log).toHaveLength(60)
    expect(await a.db.outbox.count()).toBe(0)
    const reads = requests.filter((request) => request.kind === 'query')
    expect(reads.length).toBeGreaterThan(1)
    expect(reads.slice(1).every((read) => typeof read.lower === 'string')).toBe(true)
    expect(Math.max(...reads.map((read) => read.rows ?? 0))).toBeLessThanOrEqual(2)
  })

  it('drops an acknowledged batch of one-change entries with one range delete, not a get and a delete per entry', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    // Twenty actions of one change: twenty outbox entries of one id.
    for (let action = 0; action < 20; action += 1)
      await a.run((tx) => insertMany(tx, 'recipients', recipientRows(1)))
    const requests = await traceOutbox(a.db)
    expect(await pushAll(a.db, server.transport(), 100, 10)).toEqual({ ok: true, pushed: 20 })
    expect(server.log).toHaveLength(20)
    expect(await a.db.outbox.count()).toBe(0)
    expect(await a.db.changes.count()).toBe(0)
    const kinds = requests.map((request) => request.kind)
    expect(kinds.filter((kind) => kind === 'deleteRange')).toHaveLength(2)
    expect(kinds).not.toContain('getMany')
    expect(kinds).not.toContain('delete')
  })
})
