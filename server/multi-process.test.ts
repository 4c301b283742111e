/**
 * Stateless server processes on one PostgreSQL (issue 8): two real `tsx server/main.ts`
 * processes on different ports serve the same space. Cursor order and idempotency hold across
 * them, SSE clients of both hear a push made on either (LISTEN/NOTIFY), and when one process is
 * killed mid-push its clients retry against the other with nothing lost or stored twice.
 * Runs on the test run's PostgreSQL (testing/backends.ts), else skips.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PullResponse, PushResponse } from '../src/sync/wire'
import { makeChanges } from './testing/fixtures'
import { apiClient, openEvents, sseReader } from './testing/http'
import { postgresForTests, warnSkipped } from './testing/backends'
import { createTestDatabase, type TestDatabase } from './testing/pg-cluster'
import { spawnServer, type ServerProcess } from './testing/processes'
import { SimDevice } from './testing/sim-device'

const postgres = postgresForTests()
if (!postgres.available) warnSkipped('the multi-process tests', postgres.reason)

let database: TestDatabase | undefined
let a: ServerProcess
let b: ServerProcess

beforeAll(async () => {
  if (!postgres.available) return
  database = await createTestDatabase(postgres.serverUrl, 'multi')
  // Started together: both run the migrations at once, and the advisory lock lets one apply them.
  ;[a, b] = await Promise.all([
    spawnServer({ DATABASE_URL: database.url }),
    spawnServer({ DATABASE_URL: database.url }),
  ])
}, 90_000)

afterAll(async () => {
  await a?.kill()
  await b?.kill()
  await database?.drop()
}, 30_000)

/** Waits for a condition that other async work will make true (no timing assertion). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 30_000) throw new Error(`gave up waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Every change in a space's log, read through `url`, checking seqs run 1, 2, 3… */
async function readLog(url: string, credential: string): Promise<PullResponse['changes']> {
  const api = apiClient(url)
  const log: PullResponse['changes'] = []
  for (let after = 0; ;) {
    const page = (await api.pull(credential, after, 1000)).json as PullResponse
    log.push(...page.changes)
    after = page.cursor
    if (!page.hasMore) break
  }
  expect(log.map((change) => change.seq)).toEqual(log.map((_, index) => index + 1))
  return log
}

describe.skipIf(!postgres.available)('two server processes on one PostgreSQL', () => {
  it('serve one space: a push to one is pulled from the other, and a retry on the other stores nothing', async () => {
    const credential = await apiClient(a.url).createSpace('Two kitchens')
    const batch = makeChanges(1, 10)
    const first = (await apiClient(a.url).push(credential, batch)).json as PushResponse
    expect(first.stored).toBe(10)
    const retried = (await apiClient(b.url).push(credential, batch)).json as PushResponse
    expect(retried).toEqual({ acknowledged: batch.map((change) => change.id), stored: 0 })
    const fromB = (await apiClient(b.url).pull(credential, 0, 100)).json as PullResponse
    expect(fromB.changes.map((change) => change.id)).toEqual(batch.map((change) => change.id))
    expect(fromB.cursor).toBe(10)
  }, 30_000)

  it('keeps one gap-free order for six devices pushing to both at once', async () => {
    const credential = await apiClient(b.url).createSpace()
    const devices = Array.from(
      { length: 6 },
      (_, index) =>
        new SimDevice({
          deviceId: `device-${index}`,
          credential,
          servers: [a.url, b.url],
          start: index,
        }),
    )
    await Promise.all(
      devices.map(async (device) => {
        for (let round = 0; round < 10; round += 1) await device.push(device.makeBatch(5))
      }),
    )
    const viaA = await readLog(a.url, credential)
    const viaB = await readLog(b.url, credential)
    expect(viaB).toEqual(viaA)
    expect(new Set(viaA.map((change) => change.id)).size).toBe(300)
    for (const device of devices) {
      await device.pullAll()
      expect(device.cursor).toBe(300)
      expect(device.duplicatePulls).toBe(0)
    }
  }, 60_000)

  it('notifies SSE clients of both processes of a push made on either', async () => {
    const credential = await apiClient(a.url).createSpace()
    const streams = await Promise.all(
      [a.url, b.url].map(async (url) => {
        const stream = sseReader(await openEvents(url, credential))
        await stream.waitFor(/event: ready\ndata: \{"cursor":0\}/)
        return stream
      }),
    )
    await apiClient(a.url).push(credential, makeChanges(1, 3))
    for (const stream of streams) await stream.waitFor(/event: changes\ndata: \{"cursor":3\}/)
    await apiClient(b.url).push(credential, makeChanges(4, 2))
    for (const stream of streams) await stream.waitFor(/event: changes\ndata: \{"cursor":5\}/)
    // Each process announced each push once: no echo of its own push besides the feed's.
    for (const stream of streams) expect(stream.text.match(/event: changes/g)).toHaveLength(2)
    for (const stream of streams) await stream.cancel()
  }, 30_000)

  it('loses and duplicates nothing when a process is killed mid-push and clients retry on the other', async () => {
    const victim = await spawnServer({ DATABASE_URL: database?.url ?? '' })
    const survivor = b
    const credential = await apiClient(survivor.url).createSpace()
    // Every device talks to the victim first and fails over to the survivor only on an error.
    const devices = Array.from(
      { length: 4 },
      (_, index) =>
        new SimDevice({
          deviceId: `device-${index}`,
          credential,
          servers: [victim.url, survivor.url],
          backoff: { baseMs: 20, capMs: 200 },
        }),
    )
    let killed = false
    const acked = () => devices.reduce((sum, device) => sum + device.acknowledged.size, 0)
    // Devices push back to back, so each has a push in flight or about to start when the victim
    // dies. A push in flight may be cut before the victim stored it or after it committed but
    // before the answer (a lost acknowledgement): the retry on the survivor must be right either
    // way. Each device keeps pushing for 10 batches after the kill.
    const running = devices.map(async (device) => {
      let afterKill = 0
      while (afterKill < 10) {
        await device.push(device.makeBatch(20))
        if (killed) afterKill += 1
      }
    })
    await until(() => acked() >= 400, '400 changes were acknowledged')
    await victim.kill()
    killed = true
    await Promise.all(running)
    // Each device met the dead process at least once, then carried on against the survivor.
    for (const device of devices) expect(device.failures).toBeGreaterThan(0)

    const log = await readLog(survivor.url, credential)
    const ids = log.map((change) => change.id)
    const acknowledged = devices.flatMap((device) => [...device.acknowledged])
    // Every acknowledged change is in the log exactly once, and the log holds nothing else.
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(acknowledged.length)
    expect(new Set(ids)).toEqual(new Set(acknowledged))
    // Every change a device made was acknowledged (a retried batch is acknowledged whole).
    for (const device of devices) expect(device.acknowledged.size).toBe(device.made)
  }, 60_000)
})
