/**
 * Fault test (issue 8): PostgreSQL goes down and comes back while devices push through two
 * server processes. While it is down the servers answer errors (health 503) and the devices back
 * off and retry; once it is back they recover by themselves, nothing acknowledged is lost or
 * stored twice, and SSE clients hear changes again (the change feed reconnects and resyncs).
 * Needs a cluster of its own to stop, so it always starts a throw-away one (never DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PullResponse } from '../src/sync/wire'
import { apiClient, openEvents, sseReader } from './testing/http'
import { clusterUnavailableReason, startCluster, type PgCluster } from './testing/pg-cluster'
import { spawnServer, type ServerProcess } from './testing/processes'
import { SimDevice } from './testing/sim-device'

const reason = await clusterUnavailableReason()
if (reason) console.warn(`Skipping the PostgreSQL restart fault test: ${reason}`)

let cluster: PgCluster | undefined
let servers: ServerProcess[] = []

beforeAll(async () => {
  if (reason) return
  cluster = await startCluster()
  const env = { DATABASE_URL: cluster.url, PG_POOL_MAX: '4' }
  servers = await Promise.all([spawnServer(env), spawnServer(env)])
}, 90_000)

afterAll(async () => {
  for (const server of servers) await server.kill()
  await cluster?.stop()
}, 30_000)

/** Waits for a condition that other async work will make true (no timing assertion). */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 20) {
    if (waited > 60_000) throw new Error(`gave up waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.skipIf(reason !== null)('PostgreSQL restarting during pushes', () => {
  it('makes devices back off and recover, losing and duplicating nothing', async () => {
    const [a, b] = servers
    if (!a || !b || !cluster) throw new Error('not started')
    const credential = await apiClient(a.url).createSpace('Restart')
    const stream = sseReader(await openEvents(b.url, credential))
    await stream.waitFor(/event: ready/)
    const devices = Array.from(
      { length: 4 },
      (_, index) =>
        new SimDevice({
          deviceId: `device-${index}`,
          credential,
          servers: [a.url, b.url],
          start: index,
          backoff: { baseMs: 50, capMs: 500 },
        }),
    )
    const acked = () => devices.reduce((sum, device) => sum + device.acknowledged.size, 0)
    const running = Promise.all(
      devices.map(async (device) => {
        for (let round = 0; round < 40; round += 1) await device.push(device.makeBatch(5))
      }),
    )

    await until(() => acked() >= 100, '100 changes were acknowledged')
    await cluster.pause()
    await until(() => devices.every((device) => device.failures > 0), 'every device saw a failure')
    for (const server of servers) {
      const health = await apiClient(server.url).call('/api/health')
      expect(health.status).toBe(503)
    }
    const ackedWhileDown = acked()
    await cluster.resume()
    await running

    expect(acked()).toBe(4 * 40 * 5)
    expect(acked()).toBeGreaterThan(ackedWhileDown)
    for (const server of servers)
      expect((await apiClient(server.url).call('/api/health')).status).toBe(200)
    const log: PullResponse['changes'] = []
    for (let after = 0; ;) {
      const page = (await apiClient(b.url).pull(credential, after, 1000)).json as PullResponse
      log.push(...page.changes)
      after = page.cursor
      if (!page.hasMore) break
    }
    expect(log.map((change) => change.seq)).toEqual(log.map((_, index) => index + 1))
    const ids = log.map((change) => change.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(ids)).toEqual(new Set(devices.flatMap((device) => [...device.acknowledged])))
    // The stream opened before the outage still hears the log's final cursor.
    await stream.waitFor(new RegExp(`event: changes\\ndata: \\{"cursor":${log.length}\\}`), 30_000)
    await stream.cancel()
  }, 120_000)
})
