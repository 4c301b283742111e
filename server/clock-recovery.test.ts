/**
 * The clock rule end to end on the real server app (Hono, embedded PGlite), reached through the
 * app's own HTTP transport: a tablet whose clock runs an hour ahead is refused and keeps its
 * changes; once its clock is right it re-stamps them and they arrive, stamped by the right time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
/* eslint-disable @typescript-eslint/no-restricted-imports -- this test drives the app's own sync
   engine and transport against the server app; the server code itself still imports none of it */
import { insert } from '../src/db/mutate'
import { SyncEngine } from '../src/sync/engine'
import { parseHlc } from '../src/crdt/hlc'
import { createSyncStatusStore } from '../src/sync/status-store'
import { createHttpTransport } from '../src/sync/transport'
import {
  CLOCK_TOLERANCE_MS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  createSpaceResponseSchema,
} from '../src/sync/wire'
import { makeTestDb } from '../src/test/make-test-db'
/* eslint-enable @typescript-eslint/no-restricted-imports */
import { createApp } from './app'
import { memoryLogger } from './logger'
import { openPgliteStorage } from './storage/pglite-storage'
import type { SyncStorage } from './storage/storage'

const HOUR = 60 * 60_000
const clock = { server: Date.parse('2026-11-30T12:00:00.000Z'), offset: HOUR }
let storage: SyncStorage
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  storage = await openPgliteStorage('memory')
  app = createApp({
    storage,
    allowedOrigins: [],
    logger: memoryLogger(),
    now: () => new Date(clock.server),
  })
}, 30_000)

afterAll(async () => {
  await storage.close()
})

describe('a tablet whose clock is an hour ahead, on the real server', () => {
  it('is refused, stores nothing, and gets its change through once its clock is fixed', async () => {
    const created = await app.request('http://server.test/api/spaces', {
      method: 'POST',
      body: '{}',
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
    })
    const { spaceId, token } = createSpaceResponseSchema.parse(await created.json())
    const transport = createHttpTransport({
      serverUrl: 'http://server.test',
      credential: `${spaceId}.${token}`,
      fetch: (input, init) => Promise.resolve(app.request(String(input as string), init)),
    })
    const tabletNow = () => clock.server + clock.offset
    const tablet = makeTestDb({ deviceId: 'tablet-a', now: tabletNow })
    const status = createSyncStatusStore()
    const engine = new SyncEngine({
      db: tablet.db,
      transport,
      status,
      online: { isOnline: () => true, subscribe: () => () => {} },
      now: tabletNow,
    })
    const event = await tablet.run((tx) =>
      insert(tx, 'events', { name: 'Christmas fair', date: '2026-12-24', notes: '' }),
    )

    await engine.syncNow()
    expect(status.getState()).toMatchObject({
      phase: 'error',
      reason: 'clock-ahead',
      clockAheadMinutes: 60,
      clockOffsetMs: HOUR,
      waiting: 1,
    })
    expect(await storage.latestSeq(spaceId)).toBe(0)

    clock.offset = 0
    await engine.syncNow()
    expect(status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0, clockOffsetMs: 0 })
    const { changes } = await storage.pull(spaceId, 0, 10)
    expect(changes.map((change) => change.rowId)).toEqual([event.id])
    expect(parseHlc(changes[0]!.hlc).wall).toBeLessThanOrEqual(clock.server + CLOCK_TOLERANCE_MS)
    expect((await tablet.db.events.get(event.id))?.name).toBe('Christmas fair')
  }, 30_000)
})
