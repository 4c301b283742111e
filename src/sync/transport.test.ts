import { describe, expect, it } from 'vitest'
import { createHttpTransport, retryAfterMs } from './transport'

function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const urls: string[] = []
  const fetch: typeof globalThis.fetch = (input) => {
    urls.push(input instanceof Request ? input.url : input.toString())
    return Promise.resolve(Response.json(body, { status, headers }))
  }
  return { fetch, urls }
}

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, ignores nonsense and caps at an hour', () => {
    expect(retryAfterMs('30')).toBe(30_000)
    const now = Date.parse('2026-11-30T12:00:00Z')
    expect(retryAfterMs('Mon, 30 Nov 2026 12:02:00 GMT', now)).toBe(120_000)
    expect(retryAfterMs('soon')).toBeUndefined()
    expect(retryAfterMs(null)).toBeUndefined()
    expect(retryAfterMs('-5')).toBeUndefined()
    expect(retryAfterMs('86400')).toBe(3_600_000)
  })
})

describe('createHttpTransport', () => {
  it('passes a 429’s Retry-After on with the failure', async () => {
    const server = answering(
      429,
      { code: 'rate-limited', message: 'Too many new spaces from this address' },
      { 'retry-after': '45' },
    )
    const transport = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: server.fetch,
    })
    expect(await transport.pull(0, 10)).toEqual({
      ok: false,
      reason: 'server-error',
      detail: 'Too many new spaces from this address',
      retryAfterMs: 45_000,
    })
  })

  it('asks for a snapshot page after the given cursor', async () => {
    const server = answering(200, { changes: [], cursor: 7, hasMore: false })
    const transport = createHttpTransport({
      serverUrl: 'http://sync.test/',
      credential: 'space.token',
      fetch: server.fetch,
    })
    expect(await transport.snapshot(5)).toEqual({
      ok: true,
      value: { changes: [], cursor: 7, hasMore: false },
    })
    expect(server.urls).toEqual(['http://sync.test/api/sync/snapshot?after=5'])
  })

  it('asks for a page of current rows by scope, events and cursor, and refuses a malformed answer', async () => {
    const page = { changes: [], rows: 0, cursor: null, seq: 12 }
    const server = answering(200, page)
    const transport = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: server.fetch,
    })
    expect(await transport.rows!({ scope: 'global', events: [] })).toEqual({
      ok: true,
      value: page,
    })
    await transport.rows!({ scope: 'rest', events: ['e-1', 'e-2'], cursor: '12.abc', limit: 50 })
    expect(server.urls).toEqual([
      'http://sync.test/api/sync/rows?scope=global',
      'http://sync.test/api/sync/rows?scope=rest&events=e-1%2Ce-2&cursor=12.abc&limit=50',
    ])
    const malformed = answering(200, { changes: [], cursor: 7 })
    const broken = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: malformed.fetch,
    })
    expect(await broken.rows!({ scope: 'global', events: [] })).toMatchObject({
      ok: false,
      reason: 'bad-response',
    })
  })

  it('tells a removed tablet apart from a wrong credential', async () => {
    const removed = answering(401, {
      code: 'device-removed',
      message: 'This device was removed from the space',
    })
    const transport = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: removed.fetch,
    })
    expect(await transport.pull(0, 10)).toMatchObject({ ok: false, reason: 'device-removed' })
    const wrong = answering(401, {
      code: 'unauthorized',
      message: 'Missing or wrong space credential',
    })
    const other = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: wrong.fetch,
    })
    expect(await other.push('tablet-a', [])).toMatchObject({ ok: false, reason: 'unauthorized' })
  })

  it('keeps the log generation and end a sync answer states, and nothing from one without them', async () => {
    const pulled = answering(
      200,
      { changes: [], cursor: 7, hasMore: false },
      { 'x-bake-generation': 'gen-1', 'x-bake-log-end': '7' },
    )
    const transport = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: pulled.fetch,
    })
    expect(transport.serverLog?.()).toBeNull()
    expect((await transport.pull(7, 10)).ok).toBe(true)
    expect(transport.serverLog?.()).toEqual({ generation: 'gen-1', latestSeq: 7 })

    const older = createHttpTransport({
      serverUrl: 'http://sync.test',
      credential: 'space.token',
      fetch: answering(200, { changes: [], cursor: 7, hasMore: false }).fetch,
    })
    expect((await older.pull(7, 10)).ok).toBe(true)
    expect(older.serverLog?.()).toBeNull()
  })
})
