/**
 * HTTP contract tests of the sync server over real loopback sockets, once per storage backend
 * (DESIGN §5, Server): embedded PGlite in memory, then PostgreSQL (a fresh database; skipped with
 * the reason when there is none). Each test makes its own space, so tests do not see each other.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { formatHlc } from '../src/crdt/hlc'
import {
  compactChanges,
  CLOCK_TOLERANCE_MS,
  GENERATION_HEADER,
  LOG_END_HEADER,
  SERVER_TIME_HEADER,
  clockAheadErrorSchema,
  devicesResponseSchema,
  serverTimeSchema,
  MAX_BODY_BYTES,
  MAX_CHANGE_FIELDS_BYTES,
  MAX_PUSH_BATCH,
  PROTOCOL_HEADER,
  createSpaceResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  rowsResponseSchema,
  PROTOCOL_VERSION,
  spaceCredentialSchema,
  splitCredential,
  wireErrorSchema,
  type PullResponse,
  type PushResponse,
} from '../src/sync/wire'
import { createApp } from './app'
import { hashToken } from './auth'
import { memoryLogger } from './logger'
import type { SyncStorage } from './storage/storage'
import { describeEachBackend } from './testing/backends'
import { makeChange, makeChanges, makeMixedChanges, seededRng } from './testing/fixtures'
import {
  ALLOWED_ORIGIN,
  apiClient,
  openEvents,
  sseReader,
  startTestServer,
  type TestServer,
} from './testing/http'

function expectWireError(json: unknown, code: string) {
  const parsed = wireErrorSchema.safeParse(json)
  expect(parsed.success, JSON.stringify(json)).toBe(true)
  expect(parsed.data?.code).toBe(code)
  return parsed.data!
}

describeEachBackend('sync server', (backend) => {
  let storage: SyncStorage
  let server: TestServer
  let api: ReturnType<typeof apiClient>

  beforeAll(async () => {
    storage = await backend.open()
    server = await startTestServer(storage, { keepAliveMs: 100 })
    api = apiClient(server.url)
  }, 120_000) // opening PGlite takes 1–3 s idle, far more on a loaded 2-core machine

  afterAll(async () => {
    await server.close()
    await storage.close()
  })

  describe('GET /api/health', () => {
    it('answers ok when storage is reachable, without credential or protocol header', async () => {
      const result = await api.call('/api/health', { protocol: null })
      expect(result.status).toBe(200)
      expect(result.json).toEqual({ ok: true, storage: 'ok' })
      expect(result.headers.get(PROTOCOL_HEADER)).toBe(String(PROTOCOL_VERSION))
    })
  })

  describe('POST /api/spaces', () => {
    it('creates a space whose credential is a valid join code, storing only the token hash', async () => {
      const result = await api.call('/api/spaces', { body: { name: 'Grandma’s kitchen' } })
      expect(result.status).toBe(201)
      const { spaceId, token } = createSpaceResponseSchema.parse(result.json)
      expect(spaceCredentialSchema.safeParse(`${spaceId}.${token}`).success).toBe(true)
      expect(Buffer.from(token, 'base64url')).toHaveLength(32)
      const stored = await storage.getSpaceTokenHash(spaceId)
      expect(stored).toBe(hashToken(token))
      expect(stored).not.toContain(token)
    })

    it('refuses a malformed body with a reason naming the field', async () => {
      const result = await api.call('/api/spaces', { body: { name: 42 } })
      expect(result.status).toBe(400)
      expect(expectWireError(result.json, 'bad-request').message).toMatch(/^name:/)
    })
  })

  describe('authentication', () => {
    it('answers 401 with a wire error for a missing, malformed or wrong credential', async () => {
      const credential = await api.createSpace()
      const { spaceId } = splitCredential(credential)
      const wrongToken = `${spaceId}.${'A'.repeat(43)}`
      const unknownSpace = `nosuchspace.${'A'.repeat(43)}`
      for (const attempt of [undefined, 'garbage', wrongToken, unknownSpace]) {
        for (const path of ['/api/sync/pull', '/api/sync/snapshot']) {
          const result = await api.call(path, { credential: attempt ?? null })
          expect(result.status, `${path} with ${attempt}`).toBe(401)
          expectWireError(result.json, 'unauthorized')
        }
        const push = await api.push(attempt ?? '', makeChanges(1, 1))
        expect(push.status).toBe(401)
      }
      expect((await api.pull(credential, 0, 10)).status).toBe(200)
    })

    it('does not let one space read another', async () => {
      const a = await api.createSpace()
      const b = await api.createSpace()
      await api.push(a, makeChanges(1, 3))
      const forged = `${splitCredential(b).spaceId}.${splitCredential(a).token}`
      expect((await api.pull(forged, 0, 10)).status).toBe(401)
      expect(((await api.pull(b, 0, 10)).json as PullResponse).changes).toEqual([])
    })
  })

  describe('protocol version', () => {
    it('answers unsupported-protocol, naming who must update, for a missing or other version', async () => {
      const credential = await api.createSpace()
      const missing = await api.call('/api/sync/pull', { credential, protocol: null })
      expect(missing.status).toBe(426)
      expectWireError(missing.json, 'unsupported-protocol')
      const newer = await api.call('/api/sync/pull', { credential, protocol: '2' })
      expect(expectWireError(newer.json, 'unsupported-protocol').message).toMatch(
        /update the server/,
      )
      const older = await api.call('/api/sync/pull', { credential, protocol: '0' })
      expect(expectWireError(older.json, 'unsupported-protocol').message).toMatch(/update the app/)
      const create = await api.call('/api/spaces', { body: {}, protocol: '2' })
      expect(create.status).toBe(426)
    })
  })

  describe('POST /api/sync/push', () => {
    it('stores new changes and acknowledges every id; a retried push stores nothing twice', async () => {
      const credential = await api.createSpace()
      const batch = makeChanges(1, 5)
      const first = await api.push(credential, batch)
      expect(first.status).toBe(200)
      expect(pushResponseSchema.parse(first.json)).toEqual({
        acknowledged: batch.map((change) => change.id),
        stored: 5,
      })
      const retried = await api.push(credential, [...batch, makeChange(6)])
      expect(retried.json as PushResponse).toEqual({
        acknowledged: [...batch, makeChange(6)].map((change) => change.id),
        stored: 1,
      })
      const pulled = (await api.pull(credential, 0, 100)).json as PullResponse
      expect(pulled.changes.map((change) => change.id)).toEqual(
        [...batch, makeChange(6)].map((change) => change.id),
      )
      expect(pulled.changes.map((change) => change.seq)).toEqual([1, 2, 3, 4, 5, 6])
    })

    it('refuses a whole push stamped an hour ahead of its clock with clock-ahead and stores nothing', async () => {
      const credential = await api.createSpace()
      const before = Date.now()
      const ahead = makeChange(2, {
        hlc: formatHlc({ wall: before + 60 * 60_000, counter: 0, node: 'device-a' }),
      })
      const refused = await api.push(credential, [makeChange(1), ahead])
      expect(refused.status).toBe(409)
      const reason = clockAheadErrorSchema.parse(refused.json)
      expect(reason.message).toMatch(/60 minutes ahead/)
      expect(reason.serverTime).toBeGreaterThanOrEqual(before)
      expect(reason.aheadByMs).toBeGreaterThan(55 * 60_000)
      expect(reason.aheadByMs).toBeLessThanOrEqual(60 * 60_000)
      const pulled = pullResponseSchema.parse((await api.pull(credential, 0, 100)).json)
      expect(pulled.changes).toEqual([])
      expect(await storage.latestSeq(splitCredential(credential).spaceId)).toBe(0)
      // The same changes, re-stamped by a clock that is right again, go through.
      const restamped = makeChange(2, {
        hlc: formatHlc({ wall: Date.now(), counter: 0, node: 'device-a' }),
      })
      const accepted = await api.push(credential, [makeChange(1), restamped])
      expect(pushResponseSchema.parse(accepted.json).stored).toBe(2)
    })

    it('accepts a push stamped less than the tolerance ahead, and every answer carries its clock', async () => {
      const credential = await api.createSpace()
      const before = Date.now()
      const slightlyAhead = makeChange(1, {
        hlc: formatHlc({ wall: before + CLOCK_TOLERANCE_MS - 60_000, counter: 0, node: 'x' }),
      })
      const result = await api.push(credential, [slightlyAhead])
      expect(result.status).toBe(200)
      const pulled = await api.pull(credential, 0, 10)
      const serverTime = serverTimeSchema.parse(pulled.headers.get(SERVER_TIME_HEADER))
      expect(serverTime).toBeGreaterThanOrEqual(before)
    })

    it('refuses a body over the size limit with 413, by content-length and by bytes read', async () => {
      const credential = await api.createSpace()
      const declared = await api.call('/api/sync/push', {
        credential,
        rawBody: 'x'.repeat(MAX_BODY_BYTES + 1),
        headers: { 'content-type': 'application/json' },
      })
      expect(declared.status).toBe(413)
      expectWireError(declared.json, 'payload-too-large')

      // Chunked, with no content-length: the limit holds on the bytes actually read.
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
      let sent = 0
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent > MAX_BODY_BYTES + chunk.length) controller.close()
          else {
            sent += chunk.length
            controller.enqueue(chunk)
          }
        },
      })
      const response = await fetch(`${server.url}/api/sync/push`, {
        method: 'POST',
        body: stream,
        headers: {
          authorization: `Bearer ${credential}`,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
        duplex: 'half',
      } as RequestInit)
      expect(response.status).toBe(413)
      expect(await storage.latestSeq(splitCredential(credential).spaceId)).toBe(0)
    })

    it('refuses malformed bodies with 400 and a reason naming the field', async () => {
      const credential = await api.createSpace()
      const valid = { protocol: PROTOCOL_VERSION, deviceId: 'device-a', changes: makeChanges(1, 1) }
      const cases: [unknown, RegExp][] = [
        [{ ...valid, deviceId: undefined }, /^deviceId:/],
        [{ ...valid, changes: [] }, /^changes:/],
        [{ ...valid, changes: makeChanges(1, MAX_PUSH_BATCH + 1) }, /^changes:/],
        [{ ...valid, extra: true }, /extra/],
        [{ ...valid, changes: [{ ...makeChange(1), hlc: 'yesterday' }] }, /^changes\.0\.hlc:/],
        [{ ...valid, changes: [{ ...makeChange(1), rowId: '' }] }, /^changes\.0\.rowId:/],
        [{ ...valid, changes: [{ ...makeChange(1), rowId: 'a\u0000b' }] }, /^changes\.0\.rowId:/],
        [{ ...valid, protocol: 2 }, /^protocol:/],
        [[1, 2, 3], /expected object/i],
      ]
      for (const [body, reason] of cases) {
        const result = await api.call('/api/sync/push', { credential, body })
        expect(result.status, JSON.stringify(body).slice(0, 200)).toBe(400)
        expect(expectWireError(result.json, 'bad-request').message).toMatch(reason)
      }
      const notJson = await api.call('/api/sync/push', { credential, rawBody: '{"changes": [' })
      expect(notJson.status).toBe(400)
      expect(expectWireError(notJson.json, 'bad-request').message).toMatch(/not valid JSON/)
      expect(await storage.latestSeq(splitCredential(credential).spaceId)).toBe(0)
    })

    it('refuses unknown tables, unknown fields, invalid values and oversized fields with a reason', async () => {
      const credential = await api.createSpace()
      const push = (change: unknown) =>
        api.call('/api/sync/push', {
          credential,
          body: {
            protocol: PROTOCOL_VERSION,
            deviceId: 'device-a',
            changes: [makeChange(1), change],
          },
        })
      const cases: [unknown, RegExp][] = [
        [{ ...makeChange(2), table: 'secrets' }, /^changes\.1\.table:/],
        [{ ...makeChange(2), fields: { colour: 'red' } }, /unknown field "colour"/],
        [{ ...makeChange(2), fields: { constructor: 1 } }, /field/],
        [{ ...makeChange(2), fields: { unitCost: -5 } }, /invalid ingredients\.unitCost/],
        [
          { ...makeChange(2), fields: { name: 'x'.repeat(MAX_CHANGE_FIELDS_BYTES) } },
          /larger than/,
        ],
      ]
      for (const [change, reason] of cases) {
        const result = await push(change)
        expect(result.status).toBe(400)
        expect(expectWireError(result.json, 'bad-request').message).toMatch(reason)
      }
      // Nothing of a refused batch is stored, not even its valid change.
      expect(await storage.latestSeq(splitCredential(credential).spaceId)).toBe(0)
    })

    it('refuses a field named __proto__ like one named constructor, storing nothing', async () => {
      const credential = await api.createSpace()
      // JSON.stringify would drop the key; on the wire it is an ordinary member.
      const body = JSON.stringify({
        protocol: PROTOCOL_VERSION,
        deviceId: 'device-a',
        changes: [makeChange(1)],
      }).replace('"fields":{', '"fields":{"__proto__":{"polluted":true},')
      const result = await api.call('/api/sync/push', {
        credential,
        rawBody: body,
        headers: { 'content-type': 'application/json' },
      })
      expect(result.status).toBe(400)
      expect(expectWireError(result.json, 'bad-request').message).toMatch(
        /unknown field "__proto__"/,
      )
      expect(await storage.latestSeq(splitCredential(credential).spaceId)).toBe(0)
    })
  })

  describe('GET /api/sync/devices', () => {
    it('lists the devices that pushed to the space with the name each last gave', async () => {
      const credential = await api.createSpace()
      const push = (deviceId: string, deviceName: string | undefined, n: number) =>
        api.call('/api/sync/push', {
          credential,
          body: {
            protocol: PROTOCOL_VERSION,
            deviceId,
            ...(deviceName === undefined ? {} : { deviceName }),
            changes: [makeChange(n, { deviceId })],
          },
        })
      expect((await push('tablet-a', 'Kitchen iPad', 1)).status).toBe(200)
      expect((await push('tablet-b', undefined, 2)).status).toBe(200)
      expect((await push('tablet-a', undefined, 3)).status).toBe(200)
      const result = await api.call('/api/sync/devices', { credential })
      expect(result.status).toBe(200)
      const { devices } = devicesResponseSchema.parse(result.json)
      expect(devices.map(({ deviceId, name }) => ({ deviceId, name }))).toEqual([
        { deviceId: 'tablet-a', name: 'Kitchen iPad' },
        { deviceId: 'tablet-b', name: null },
      ])
      const other = await api.createSpace()
      expect((await api.call('/api/sync/devices', { credential: other })).json).toEqual({
        devices: [],
      })
      expect((await api.call('/api/sync/devices')).status).toBe(401)
    })

    it('lets a device rename itself without a push, validating the name', async () => {
      const credential = await api.createSpace()
      const register = (deviceName: string) =>
        api.call('/api/sync/devices', {
          credential,
          body: { protocol: PROTOCOL_VERSION, deviceId: 'tablet-a', deviceName },
        })
      const renamed = await register('  Kitchen iPad ')
      expect(renamed.status).toBe(200)
      expect(devicesResponseSchema.parse(renamed.json).devices).toMatchObject([
        { deviceId: 'tablet-a', name: 'Kitchen iPad' },
      ])
      expect((await register('')).status).toBe(400)
      expect((await register('x'.repeat(61))).status).toBe(400)
    })
  })

  describe('GET /api/sync/pull', () => {
    it('pages 2,500 changes by 1,000 as 1000/1000/500 with no gaps or duplicates', async () => {
      const credential = await api.createSpace()
      for (let from = 0; from < 2500; from += MAX_PUSH_BATCH) {
        const result = await api.push(credential, makeChanges(from, MAX_PUSH_BATCH))
        expect(result.status).toBe(200)
      }
      const sizes: number[] = []
      const ids: string[] = []
      const seqs: number[] = []
      let after = 0
      for (;;) {
        const page = pullResponseSchema.parse((await api.pull(credential, after, 1000)).json)
        sizes.push(page.changes.length)
        ids.push(...page.changes.map((change) => change.id))
        seqs.push(...page.changes.map((change) => change.seq))
        after = page.cursor
        if (!page.hasMore) break
      }
      expect(sizes).toEqual([1000, 1000, 500])
      expect(seqs).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1))
      expect(ids).toEqual(makeChanges(0, 2500).map((change) => change.id))
    }, 30_000)

    it('answers an empty page at the cursor for a cursor past the end (join check)', async () => {
      const credential = await api.createSpace()
      const result = await api.pull(credential, Number.MAX_SAFE_INTEGER, 1)
      expect(result.status).toBe(200)
      expect(result.json).toEqual({ changes: [], cursor: Number.MAX_SAFE_INTEGER, hasMore: false })
    })

    it('refuses out-of-range or unknown query parameters with a reason', async () => {
      const credential = await api.createSpace()
      for (const [query, reason] of [
        ['after=-1', /^after:/],
        ['limit=5000', /^limit:/],
        ['limit=0', /^limit:/],
        ['after=abc', /^after:/],
        ['after=1&sneaky=1', /sneaky/],
      ] as const) {
        const result = await api.call(`/api/sync/pull?${query}`, { credential })
        expect(result.status, query).toBe(400)
        expect(expectWireError(result.json, 'bad-request').message).toMatch(reason)
      }
    })
  })

  describe('GET /api/sync/snapshot', () => {
    it('answers the compacted log with the cursor it covers', async () => {
      const credential = await api.createSpace()
      const changes = [
        ...makeChanges(1, 40, 'device-a'),
        ...makeChanges(1, 25, 'device-b'),
        makeChange(99, { fields: { deletedAt: '2026-11-23T10:00:00.000Z' } }),
      ]
      for (let index = 0; index < changes.length; index += 30)
        await api.push(credential, changes.slice(index, index + 30))
      const result = await api.call('/api/sync/snapshot', { credential })
      expect(result.status).toBe(200)
      const snapshot = snapshotResponseSchema.parse(result.json)
      const log = ((await api.pull(credential, 0, 1000)).json as PullResponse).changes
      expect(snapshot.cursor).toBe(log.length)
      expect(snapshot.changes).toEqual(
        compactChanges(log.map(({ seq: _seq, ...change }) => change)),
      )
      expect(snapshot.changes.length).toBeLessThan(log.length)
    })

    it('pages 2,600 log entries by 1,000 with a stable cursor, each page compacted', async () => {
      const credential = await api.createSpace()
      for (let from = 1; from <= 2600; from += MAX_PUSH_BATCH)
        await api.push(credential, makeChanges(from, Math.min(MAX_PUSH_BATCH, 2601 - from)))
      const log = (
        await (async () => {
          const all: PullResponse['changes'] = []
          for (let after = 0; ;) {
            const page = pullResponseSchema.parse((await api.pull(credential, after, 1000)).json)
            all.push(...page.changes)
            after = page.cursor
            if (!page.hasMore) return all
          }
        })()
      ).map(({ seq: _seq, ...change }) => change)
      const pages: { cursor: number; hasMore: boolean | undefined; size: number }[] = []
      for (let after = 0; ;) {
        const result = await api.call(`/api/sync/snapshot?after=${after}&limit=1000`, {
          credential,
        })
        const page = snapshotResponseSchema.parse(result.json)
        expect(page.changes).toEqual(compactChanges(log.slice(after, page.cursor)))
        pages.push({ cursor: page.cursor, hasMore: page.hasMore, size: page.changes.length })
        after = page.cursor
        if (!page.hasMore) break
      }
      // 10 rows per 1,000 entries: each page is bounded and compacts to one change per row.
      expect(pages).toEqual([
        { cursor: 1000, hasMore: true, size: 10 },
        { cursor: 2000, hasMore: true, size: 10 },
        { cursor: 2600, hasMore: false, size: 10 },
      ])
      // An older app sends no cursor: it gets one bounded page without hasMore, then pulls on.
      const legacy = await api.call('/api/sync/snapshot', { credential })
      expect(Object.keys(legacy.json as object).sort()).toEqual(['changes', 'cursor'])
      const tooMany = await api.call('/api/sync/snapshot?after=0&limit=100000', { credential })
      expect(tooMany.status).toBe(400)
    }, 60_000)
  })

  describe('GET /api/sync/rows', () => {
    it('serves current rows scope by scope and page by page; with the log after its position, a new tablet has every row', async () => {
      const credential = await api.createSpace()
      const changes = makeMixedChanges(11, 0, 600)
      for (let index = 0; index < changes.length; index += 100)
        await api.push(credential, changes.slice(index, index + 100))
      const fetchScope = async (query: string) => {
        const received: (typeof changes)[number][] = []
        let rows = 0
        let first: { seq: number; total: number | undefined } | null = null
        for (let cursor: string | null = null; ;) {
          const suffix: string = cursor === null ? '' : `&cursor=${cursor}`
          const result = await api.call(`/api/sync/rows?${query}&limit=9${suffix}`, { credential })
          expect(result.status).toBe(200)
          const page = rowsResponseSchema.parse(result.json)
          expect(page.rows).toBeLessThanOrEqual(9)
          first ??= { seq: page.seq, total: page.total }
          if (cursor !== null) expect(page.total).toBeUndefined()
          received.push(...page.changes)
          rows += page.rows
          cursor = page.cursor
          if (cursor === null) return { received, rows, ...first }
          // Another tablet pushes meanwhile; its changes come by pull after the first position.
          if (rows === 18) await api.push(credential, makeMixedChanges(12, 600, 50))
        }
      }
      const global = await fetchScope('scope=global')
      expect(global.seq).toBe(600)
      // Only the past events' scope is counted (its progress figure).
      expect(global.total).toBeUndefined()
      const chosen = await fetchScope('scope=events&events=event-a,event-b')
      expect(chosen.total).toBeUndefined()
      const rest = await fetchScope('scope=rest&events=event-a,event-b')
      // The count is of the rows at the first page; a row pushed meanwhile may come too.
      expect(rest.rows).toBeGreaterThanOrEqual(rest.total ?? Infinity)
      const log = (await api.pull(credential, 0, 1000)).json as PullResponse
      const later = log.changes.filter((change) => change.seq > global.seq)
      expect(later).toHaveLength(50)
      const all = [...global.received, ...chosen.received, ...rest.received, ...later].map(
        ({ seq: _seq, ...change }: { seq?: number } & (typeof changes)[number]) => change,
      )
      const whole = log.changes.map(({ seq: _seq, ...change }) => change)
      const rowsOf = (list: typeof changes) =>
        new Set(list.map((change) => `${change.table} ${change.rowId}`))
      expect(rowsOf(all)).toEqual(rowsOf(whole))
      expect(compactChanges(all)).toEqual(compactChanges(whole))
      expect(rest.received.every((change) => change.table !== 'ingredients')).toBe(true)
    }, 60_000)

    it('refuses an unknown scope, a malformed cursor or too many events with a reason', async () => {
      const credential = await api.createSpace()
      for (const [query, reason] of [
        ['', /^scope:/],
        ['scope=everything', /^scope:/],
        ['scope=global&cursor=12', /^cursor:/],
        ['scope=global&cursor=1.bm90IGpzb24', /^cursor:/],
        [
          `scope=events&events=${Array.from({ length: 101 }, (_, i) => `e${i}`).join(',')}`,
          /^events/,
        ],
        ['scope=global&limit=2001', /^limit:/],
      ] as const) {
        const result = await api.call(`/api/sync/rows?${query}`, { credential })
        expect(result.status, query).toBe(400)
        expect(expectWireError(result.json, 'bad-request').message, query).toMatch(reason)
      }
    })
  })

  describe('GET /api/sync/events', () => {
    it('notifies a second client of a push within the space, and only that space', async () => {
      const credential = await api.createSpace()
      const other = await api.createSpace()
      const open = async (auth: string) => {
        const response = await openEvents(server.url, auth)
        expect(response.status).toBe(200)
        expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
        const reader = sseReader(response)
        await reader.waitFor(/event: ready/)
        return reader
      }
      const listener = await open(credential)
      const stranger = await open(other)
      await api.push(credential, makeChanges(1, 3), 'device-b')
      await listener.waitFor(/event: changes\ndata: \{"cursor":3\}/)
      // Keep-alive comments keep proxies from closing the idle stream.
      await listener.waitFor(/: keep-alive/)
      await stranger.waitFor(/: keep-alive/)
      expect(stranger.text).not.toMatch(/event: changes/)
      expect(server.events.count(splitCredential(credential).spaceId)).toBe(1)
      await listener.cancel()
      await stranger.cancel()
      // A client that goes away is unsubscribed (no leak of listeners or timers).
      await vi.waitFor(
        () => expect(server.events.count(splitCredential(credential).spaceId)).toBe(0),
        { timeout: 10_000, interval: 20 },
      )
      expect(server.events.count(splitCredential(other).spaceId)).toBe(0)
    })

    it('serves a configured cross-origin live channel with CORS headers', async () => {
      const credential = await api.createSpace()
      const response = await openEvents(server.url, credential, { origin: ALLOWED_ORIGIN })
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
      const reader = sseReader(response)
      await reader.waitFor(/event: ready\ndata: \{"cursor":0\}/)
      await reader.cancel()
    })

    it('refuses a missing or wrong credential with 401', async () => {
      const missing = await fetch(`${server.url}/api/sync/events`)
      expect(missing.status).toBe(401)
      const wrong = await openEvents(server.url, `abcdefgh.${'B'.repeat(43)}`)
      expect(wrong.status).toBe(401)
    })

    it('refuses the space secret in the query string, even a valid one, and never logs it', async () => {
      const credential = await api.createSpace()
      const inAddress = await fetch(
        `${server.url}/api/sync/events?auth=${encodeURIComponent(credential)}`,
      )
      expect(inAddress.status).toBe(401)
      expectWireError(await inAddress.json(), 'unauthorized')
      const token = splitCredential(credential).token
      expect(JSON.stringify(server.logger.records)).not.toContain(token)
    })
  })

  describe('CORS', () => {
    it('allows a configured origin, including its preflight', async () => {
      const preflight = await fetch(`${server.url}/api/sync/push`, {
        method: 'OPTIONS',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': `authorization,content-type,${PROTOCOL_HEADER}`,
        },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
      expect(preflight.headers.get('access-control-allow-headers')).toContain(PROTOCOL_HEADER)
      const result = await api.call('/api/health', { headers: { origin: ALLOWED_ORIGIN } })
      expect(result.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN)
    })

    it('refuses another origin with 403 and no CORS headers, but always allows same-origin', async () => {
      const preflight = await fetch(`${server.url}/api/sync/push`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      })
      expect(preflight.status).toBe(403)
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      const create = await api.call('/api/spaces', {
        body: {},
        headers: { origin: 'https://evil.example' },
      })
      expect(create.status).toBe(403)
      expectWireError(create.json, 'unauthorized')
      const same = await api.call('/api/spaces', { body: {}, headers: { origin: server.url } })
      expect(same.status).toBe(201)
    })
  })

  describe('static app', () => {
    it('serves the shell and service worker files with no-cache and assets as immutable', async () => {
      for (const path of [
        '/',
        '/index.html',
        '/sw.js',
        '/registerSW.js',
        '/manifest.webmanifest',
      ]) {
        const result = await api.call(path, { protocol: null })
        expect(result.status, path).toBe(200)
        expect(result.headers.get('cache-control'), path).toBe('no-cache')
      }
      const asset = await api.call('/assets/index-abc123.js', { protocol: null })
      expect(asset.status).toBe(200)
      expect(asset.headers.get('content-type')).toMatch(/javascript/)
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      const manifest = await api.call('/manifest.webmanifest', { protocol: null })
      expect(manifest.headers.get('content-type')).toMatch(/application\/manifest\+json/)
    })

    it('answers a navigation to a client route with index.html, and a missing file with 404', async () => {
      const route = await api.call('/events/123/deliver', {
        protocol: null,
        headers: { accept: 'text/html,application/xhtml+xml' },
      })
      expect(route.status).toBe(200)
      expect(route.text).toContain('<title>Bake Tracker</title>')
      expect(route.headers.get('cache-control')).toBe('no-cache')
      expect((await api.call('/assets/missing.js', { protocol: null })).status).toBe(404)
      const api404 = await api.call('/api/nothing', { headers: { accept: 'text/html' } })
      expect(api404.status).toBe(404)
      expectWireError(api404.json, 'not-found')
    })

    it('never serves a file outside dist/', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(server.url)
        const req = httpRequest(
          { host: url.hostname, port: url.port, path: '/../../../../etc/passwd', method: 'GET' },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', reject)
        req.end()
      })
      expect(status).toBe(404)
      expect((await api.call('/%2e%2e/%2e%2e/etc/passwd', { protocol: null })).status).toBe(404)
    })
  })

  describe('robustness', () => {
    it('answers a few hundred random bodies with 4xx, never 5xx, and stays healthy', async () => {
      const credential = await api.createSpace()
      const random = seededRng(20261123)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
      const scalars = [null, true, 0, -1, 1.5, 1e308, '', 'x', '\u0000', '\ud800', [], {}]
      const keys = [
        'id',
        'table',
        'rowId',
        'fields',
        'hlc',
        'deviceId',
        'protocol',
        'changes',
        'constructor',
        '__proto__',
        'toString',
        'name',
        'unitCost',
        'seq',
      ]
      const value = (depth: number): unknown => {
        const roll = random()
        if (depth > 3 || roll < 0.4) return pick(scalars)
        if (roll < 0.7)
          return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
        const object: Record<string, unknown> = {}
        for (let index = 0; index < random() * 5; index += 1) object[pick(keys)] = value(depth + 1)
        return object
      }
      const mutate = (): unknown => {
        const change: Record<string, unknown> = { ...makeChange(Math.floor(random() * 100)) }
        const field = pick(Object.keys(change))
        if (random() < 0.5) change[field] = value(1)
        else delete change[field]
        if (random() < 0.3) change.fields = { [pick(keys)]: value(1) }
        return { protocol: PROTOCOL_VERSION, deviceId: 'fuzz', changes: [change] }
      }
      const statuses = new Map<number, number>()
      for (let round = 0; round < 300; round += 1) {
        const kind = random()
        const result =
          kind < 0.5
            ? await api.call('/api/sync/push', { credential, body: mutate() })
            : kind < 0.7
              ? await api.call('/api/sync/push', { credential, body: value(0) })
              : kind < 0.8
                ? await api.call('/api/sync/push', {
                    credential,
                    rawBody: new Uint8Array(
                      Array.from({ length: 50 }, () => Math.floor(random() * 256)),
                    ),
                  })
                : kind < 0.9
                  ? await api.call(
                      `/api/sync/pull?after=${encodeURIComponent((JSON.stringify(value(2)) ?? '').replace(/\p{Cs}/gu, '?'))}`,
                      {
                        credential,
                      },
                    )
                  : await api.call('/api/spaces', { body: value(0) })
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1)
        expect(result.status, `round ${round}: ${result.text}`).toBeLessThan(500)
      }
      expect(statuses.get(400)).toBeGreaterThan(100)
      expect((await api.call('/api/health')).status).toBe(200)
      expect(server.logger.records.filter((record) => record.level === 'error')).toEqual([])
    }, 30_000)
  })

  describe('createApp', () => {
    const brokenStorage = (): SyncStorage => {
      const fail = () => Promise.reject(new Error('disk on fire'))
      return {
        createSpace: fail,
        getSpaceTokenHash: fail,
        listSpaces: fail,
        appendChanges: fail,
        restore: fail,
        pull: fail,
        snapshot: fail,
        rowsPage: fail,
        countRows: fail,
        latestSeq: fail,
        spaceLog: fail,
        renewGenerations: fail,
        recordDevice: fail,
        listDevices: fail,
        deviceBackups: fail,
        setDeviceCredential: fail,
        deviceByTokenHash: fail,
        revokeDevice: fail,
        createInvitation: fail,
        redeemInvitation: fail,
        ping: fail,
        close: () => Promise.resolve(),
      }
    }

    it('turns a storage failure into a 500 wire error and logs it', async () => {
      const logger = memoryLogger()
      const app = createApp({ storage: brokenStorage(), allowedOrigins: [], logger })
      const response = await app.request('/api/spaces', {
        method: 'POST',
        body: '{}',
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      })
      expect(response.status).toBe(500)
      expect(await response.json()).toEqual({ code: 'internal', message: 'Internal server error' })
      expect(logger.records.find((record) => record.level === 'error')?.error).toMatch(
        /disk on fire/,
      )
      const health = await app.request('/api/health')
      expect(health.status).toBe(503)
    })

    it("states a push answer's log generation and end from the append itself, with no read of its own", async () => {
      const credential = await api.createSpace()
      await api.push(credential, makeChanges(1, 3))
      let logReads = 0
      const counting: SyncStorage = new Proxy(storage, {
        get(target, key): unknown {
          if (key === 'spaceLog')
            return (spaceId: string) => ((logReads += 1), target.spaceLog(spaceId))
          const value: unknown = Reflect.get(target, key)
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value
        },
      })
      const app = createApp({ storage: counting, allowedOrigins: [], logger: memoryLogger() })
      const response = await app.request('/api/sync/push', {
        method: 'POST',
        body: JSON.stringify({
          protocol: PROTOCOL_VERSION,
          deviceId: 'tablet-a',
          changes: makeChanges(4, 2),
        }),
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${credential}`,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
      })
      expect(response.status).toBe(200)
      const log = await storage.spaceLog(splitCredential(credential).spaceId)
      expect(response.headers.get(GENERATION_HEADER)).toBe(log?.generation)
      expect(response.headers.get(LOG_END_HEADER)).toBe('5')
      expect(logReads).toBe(0)
    })

    it('logs one structured line per request with method, path, status, time, space and counts', async () => {
      const credential = await api.createSpace()
      await api.push(credential, makeChanges(1, 4))
      const line = server.logger.records.findLast(
        (record) => record.path === '/api/sync/push' && record.status === 200,
      )
      expect(line).toMatchObject({
        level: 'info',
        msg: 'request',
        method: 'POST',
        spaceId: splitCredential(credential).spaceId,
        received: 4,
        stored: 4,
      })
      expect(typeof line?.ms).toBe('number')
      await api.pull(credential, -1, 10)
      expect(server.logger.records.at(-1)).toMatchObject({ status: 400, reason: /^after:/ })
    })
  })
})
