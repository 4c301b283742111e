/**
 * A restore never breaks sync (issue 19 item 2), end to end on the real server app and the app's
 * own sync engine and HTTP transport, on each storage backend: a server restored from an old
 * backup, and a server rebuilt empty, are healed by the tablets' own data, in full and with
 * nothing duplicated.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
/* eslint-disable @typescript-eslint/no-restricted-imports -- this test drives the app's own sync
   engine and transport against the server app; the server code itself still imports none of it */
import { insert, update } from '../src/db/mutate'
import { SyncEngine } from '../src/sync/engine'
import { readGeneration } from '../src/sync/heal'
import { createSyncStatusStore } from '../src/sync/status-store'
import { createHttpTransport } from '../src/sync/transport'
import {
  GENERATION_HEADER,
  LOG_END_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  createSpaceResponseSchema,
  invitationResponseSchema,
} from '../src/sync/wire'
import { makeTestDb } from '../src/test/make-test-db'
/* eslint-enable @typescript-eslint/no-restricted-imports */
import { createApp } from './app'
import { restoreBackups, writeBackups } from './backup'
import { FixedWindowLimiter } from './guards'
import { memoryLogger } from './logger'
import { openPgliteStorage } from './storage/pglite-storage'
import type { SyncStorage } from './storage/storage'
import { describeEachBackend } from './testing/backends'

const BASE = 'http://server.test'
const event = (name: string) => ({ name, date: '2026-12-24', notes: '' })

/** The server the tablets reach; a test swaps it for a restored or rebuilt one. */
function router() {
  let app: ReturnType<typeof createApp> | null = null
  return {
    use(next: ReturnType<typeof createApp>) {
      app = next
    },
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      if (!app) throw new Error('no server')
      return Promise.resolve(app.request(String(input as string), init))
    },
  }
}

function serverOn(storage: SyncStorage, spaceReclaim = false) {
  return createApp({ storage, allowedOrigins: [], logger: memoryLogger(), spaceReclaim })
}

async function post(
  app: ReturnType<typeof createApp>,
  path: string,
  body: unknown,
  credential?: string,
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await app.request(`${BASE}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      'content-type': 'application/json',
      ...(credential ? { authorization: `Bearer ${credential}` } : {}),
    },
  })
  return { status: response.status, json: await response.json(), headers: response.headers }
}

/** A space made by tablet-a, and an invitation spent by tablet-b: each has its own credential. */
async function spaceOfTwo(app: ReturnType<typeof createApp>) {
  const created = await post(app, '/api/spaces', { deviceId: 'tablet-a', name: 'Kitchen' })
  const { spaceId, token } = createSpaceResponseSchema.parse(created.json)
  const a = `${spaceId}.${token}`
  const b = await invite(app, a, 'tablet-b')
  return { spaceId, a, b }
}

async function invite(app: ReturnType<typeof createApp>, by: string, deviceId: string) {
  const { invitation } = invitationResponseSchema.parse(
    (await post(app, '/api/sync/invitations', {}, by)).json,
  )
  const joined = createSpaceResponseSchema.parse(
    (await post(app, '/api/join', { invitation, deviceId })).json,
  )
  return `${joined.spaceId}.${joined.token}`
}

function tablet(route: ReturnType<typeof router>, deviceId: string, credential: string) {
  const test = makeTestDb({ deviceId })
  const status = createSyncStatusStore()
  const engineFor = (current: string) =>
    new SyncEngine({
      db: test.db,
      transport: createHttpTransport({ serverUrl: BASE, credential: current, fetch: route.fetch }),
      status,
      online: { isOnline: () => true, subscribe: () => () => {} },
    })
  let engine = engineFor(credential)
  return {
    ...test,
    status,
    sync: () => engine.syncNow(),
    /** As joining with a new invitation does: a new credential, every change queued again. */
    async rejoin(next: string) {
      await test.db.transaction('rw', [test.db.meta, test.db.changes, test.db.outbox], async () => {
        await test.db.meta.delete('syncCursor')
        await test.db.meta.delete('syncGeneration')
        const ids = await test.db.changes.toCollection().primaryKeys()
        await test.db.outbox.bulkPut(ids.map((id) => ({ id })))
      })
      engine = engineFor(next)
    },
    eventNames: async () => (await test.db.events.toArray()).map((row) => row.name).sort(),
  }
}

/** The server's log: every change id at most once, and the event rows its changes make. */
async function serverHolds(storage: SyncStorage, spaceId: string) {
  const { changes } = await storage.snapshot(spaceId)
  const ids = changes.map((change) => change.id)
  expect(new Set(ids).size).toBe(ids.length)
  return new Set(changes.filter((change) => change.table === 'events').map((c) => c.rowId)).size
}

describeEachBackend('healing the server', (backend) => {
  const storages: SyncStorage[] = []
  const open = async () => {
    const storage = await backend.open()
    storages.push(storage)
    return storage
  }
  afterAll(async () => {
    for (const storage of storages) await storage.close()
  })

  it('push, pull and snapshot answers carry the log generation and end; a restore changes it', async () => {
    const storage = await open()
    const app = serverOn(storage)
    const { spaceId, a } = await spaceOfTwo(app)
    const pulled = await app.request(`${BASE}/api/sync/pull?after=0`, {
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${a}` },
    })
    const generation = pulled.headers.get(GENERATION_HEADER)
    expect(generation).toBe((await storage.spaceLog(spaceId))?.generation)
    expect(pulled.headers.get(LOG_END_HEADER)).toBe('0')
    const dir = await mkdtemp(join(tmpdir(), 'bake-heal-'))
    await writeBackups({ storage, dir })
    await restoreBackups(storage, dir)
    const snapshot = await app.request(`${BASE}/api/sync/snapshot?after=0`, {
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${a}` },
    })
    expect(snapshot.headers.get(GENERATION_HEADER)).not.toBe(generation)
    expect(snapshot.headers.get(GENERATION_HEADER)).toBe(
      (await storage.spaceLog(spaceId))?.generation,
    )
  }, 60_000)

  it('after a restore of an old backup, the tablets heal the server: everything returns, nothing twice', async () => {
    const live = await open()
    const route = router()
    route.use(serverOn(live))
    const { spaceId, a: credentialA, b: credentialB } = await spaceOfTwo(serverOn(live))
    const a = tablet(route, 'tablet-a', credentialA)
    const b = tablet(route, 'tablet-b', credentialB)
    const christmas = await a.run((tx) => insert(tx, 'events', event('Christmas fair')))
    await a.sync()
    await b.sync()
    await b.run((tx) => insert(tx, 'events', event('Easter market')))
    await b.sync()
    await a.sync()
    const dir = await mkdtemp(join(tmpdir(), 'bake-heal-'))
    await writeBackups({ storage: live, dir })

    // Acknowledged after the backup, and known to both tablets.
    await a.run((tx) => insert(tx, 'events', event('Harvest supper')))
    await a.sync()
    await b.sync()
    await b.run((tx) => update(tx, 'events', christmas.id, { name: 'Christmas fair (moved)' }))
    await b.sync()
    await a.sync()
    const cursorBefore = await live.latestSeq(spaceId)

    // The server is lost and restored from the old backup: its log is shorter and renumbered.
    const restored = await open()
    await restoreBackups(restored, dir)
    expect(await restored.latestSeq(spaceId)).toBeLessThan(cursorBefore)
    route.use(serverOn(restored))
    // tablet-b writes more and heals first: the log grows past tablet-a's old cursor again, so
    // only the new generation tells tablet-a that its cursor means nothing there.
    await b.run((tx) => insert(tx, 'events', event('Summer fete')))
    await b.sync()
    expect(await restored.latestSeq(spaceId)).toBeGreaterThan(cursorBefore)
    await a.sync()
    await b.sync()

    const expected = ['Christmas fair (moved)', 'Easter market', 'Harvest supper', 'Summer fete']
    expect(await a.eventNames()).toEqual(expected)
    expect(await b.eventNames()).toEqual(expected)
    expect(await serverHolds(restored, spaceId)).toBe(4)
    for (const t of [a, b]) {
      expect(t.status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0 })
      expect(await readGeneration(t.db)).toBe((await restored.spaceLog(spaceId))?.generation)
    }
    // A newcomer starting from the healed server's snapshot gets the same.
    const c = tablet(route, 'tablet-c', await invite(serverOn(restored), credentialA, 'tablet-c'))
    await c.sync()
    expect(await c.eventNames()).toEqual(expected)
  }, 120_000)

  it('a server put back from an older copy (same generation, shorter log) is healed too', async () => {
    const storage = await open()
    const route = router()
    route.use(serverOn(storage))
    const { spaceId, a: credentialA } = await spaceOfTwo(serverOn(storage))
    const a = tablet(route, 'tablet-a', credentialA)
    await a.run((tx) => insert(tx, 'events', event('Christmas fair')))
    await a.sync()
    await a.run((tx) => insert(tx, 'events', event('Easter market')))
    await a.sync()
    // Another database with the same space but an empty log, whose generation this tablet is
    // made to hold: as if an older dump of the database had been put back as it was.
    const older = await open()
    const [record] = (await storage.listSpaces()).filter((space) => space.spaceId === spaceId)
    if (!record) throw new Error('space not listed')
    await older.restore([
      { space: record, changes: [], devices: await storage.deviceBackups(spaceId) },
    ])
    const generation = (await older.spaceLog(spaceId))?.generation
    await a.db.meta.put({ key: 'syncGeneration', value: generation })
    route.use(serverOn(older))
    await a.sync()
    expect(await serverHolds(older, spaceId)).toBe(2)
    expect(a.status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0 })
  }, 120_000)

  it('after the server is wiped and restarted empty, the tablets rebuild it in full', async () => {
    const first = await open()
    const route = router()
    route.use(serverOn(first, true))
    const { spaceId, a: credentialA, b: credentialB } = await spaceOfTwo(serverOn(first))
    const a = tablet(route, 'tablet-a', credentialA)
    const b = tablet(route, 'tablet-b', credentialB)
    const christmas = await a.run((tx) => insert(tx, 'events', event('Christmas fair')))
    await a.sync()
    await b.run((tx) => insert(tx, 'events', event('Easter market')))
    await b.sync()
    await a.sync()
    await b.run((tx) => update(tx, 'events', christmas.id, { name: 'Christmas fair (moved)' }))
    await b.sync()
    await a.sync()

    // Wiped: a new, empty data directory.
    const empty = await open()
    const rebuilt = serverOn(empty, true)
    route.use(rebuilt)
    await a.sync()
    expect(a.status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0 })
    const expected = ['Christmas fair (moved)', 'Easter market']
    expect(await serverHolds(empty, spaceId)).toBe(2)

    // tablet-b's credential died with the server: it joins again by an invitation from tablet-a.
    await b.sync()
    expect(b.status.getState()).toMatchObject({ phase: 'error', reason: 'unauthorized' })
    await b.run((tx) => insert(tx, 'events', event('Summer fete')))
    await b.rejoin(await invite(rebuilt, credentialA, 'tablet-b'))
    await b.sync()
    await a.sync()
    expect(await a.eventNames()).toEqual([...expected, 'Summer fete'])
    expect(await b.eventNames()).toEqual([...expected, 'Summer fete'])
    expect(await serverHolds(empty, spaceId)).toBe(3)
  }, 120_000)

  it('a server that does not allow it, or that knows the space, re-creates nothing', async () => {
    const storage = await open()
    const { spaceId, a } = await spaceOfTwo(serverOn(storage, true))
    const known = await post(serverOn(storage, true), '/api/spaces/reclaim', { deviceId: 'x' }, a)
    expect(known.status).toBe(409)
    const empty = await open()
    const refused = await post(serverOn(empty), '/api/spaces/reclaim', { deviceId: 'tablet-a' }, a)
    expect(refused.status).toBe(403)
    expect(await empty.getSpaceTokenHash(spaceId)).toBeNull()
  }, 60_000)
})

describe('a log generation that cannot be read', () => {
  it('leaves a good answer good, without the stamp, and logs it', async () => {
    const storage = await openPgliteStorage('memory')
    try {
      const logger = memoryLogger()
      const failing: SyncStorage = Object.create(storage) as SyncStorage
      failing.spaceLog = () => Promise.reject(new Error('disk hiccup'))
      const app = createApp({ storage: failing, allowedOrigins: [], logger })
      const { a } = await spaceOfTwo(app)
      const pulled = await app.request(`${BASE}/api/sync/pull?after=0`, {
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${a}` },
      })
      expect(pulled.status).toBe(200)
      expect(pulled.headers.get(GENERATION_HEADER)).toBeNull()
      expect(logger.records).toContainEqual(
        expect.objectContaining({ msg: 'log generation unreadable' }),
      )
    } finally {
      await storage.close()
    }
  }, 60_000)
})

describe('reclaiming counts against the space-creation limit', () => {
  it('refuses with 429 past the limit', async () => {
    const storage = await openPgliteStorage('memory')
    try {
      const app = createApp({
        storage,
        allowedOrigins: [],
        logger: memoryLogger(),
        spaceReclaim: true,
        spaceCreation: { mode: 'open', limiter: new FixedWindowLimiter(1, 3_600_000) },
      })
      const first = await post(
        app,
        '/api/spaces/reclaim',
        { deviceId: 'd' },
        'spaceone1.' + 'x'.repeat(20),
      )
      expect(first.status).toBe(201)
      const second = await post(
        app,
        '/api/spaces/reclaim',
        { deviceId: 'd' },
        'spacetwo2.' + 'x'.repeat(20),
      )
      expect(second.status).toBe(429)
      expect(await storage.getSpaceTokenHash('spacetwo2')).toBeNull()
    } finally {
      await storage.close()
    }
  }, 60_000)
})
