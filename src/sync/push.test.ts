import { describe, expect, it } from 'vitest'
import type { ChangeRecord } from '../db/change-record'
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
