/**
 * The outer guards over a real loopback server: the Host header checked against the public
 * origins (DNS rebinding), security headers and the shell's CSP, the cache policy on the served
 * path, no source maps, space creation limited and optionally behind a token, slow and idle
 * connections cut, the connection cap, and a client leaving mid-body logged as such.
 */
import { request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../src/sync/wire'
import { FixedWindowLimiter, contentSecurityPolicy, defaultPublicOrigins } from './guards'
import { openPgliteStorage } from './storage/pglite-storage'
import type { SyncStorage } from './storage/storage'
import { apiClient, startTestServer, type TestServer } from './testing/http'

type RawAnswer = { status: number; headers: Record<string, string | string[] | undefined> }

/** An HTTP request with headers fetch() will not send as given (Host). */
function rawRequest(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.on('error', reject)
  })
}

/** Resolves with what the server sent once it closes the connection. */
function closed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
    socket.on('error', () => {})
    socket.on('close', () => resolve(received))
  })
}

let storage: SyncStorage
const servers: TestServer[] = []
const sockets: Socket[] = []

beforeAll(async () => {
  storage = await openPgliteStorage('memory')
}, 120_000)
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy()
  for (const server of servers.splice(0)) await server.close()
})
afterAll(async () => {
  await storage.close()
})

async function start(options: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const server = await startTestServer(storage, options)
  servers.push(server)
  return server
}

const protocol = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }

describe('the Host check (DNS rebinding)', () => {
  it('refuses a page that sends its own name as Host and Origin: no space, no pull, no shell', async () => {
    const server = await start()
    const rebound = `rebind.attacker.example:${server.port}`
    const headers = { host: rebound, origin: `http://${rebound}`, ...protocol }
    const created = await rawRequest(server.url, '/api/spaces', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(created.status).toBe(421)
    const credential = await apiClient(server.url).createSpace()
    const pulled = await rawRequest(server.url, '/api/sync/pull?after=0', {
      headers: { ...headers, authorization: `Bearer ${credential}` },
    })
    expect(pulled.status).toBe(421)
    expect((await rawRequest(server.url, '/', { headers: { host: rebound } })).status).toBe(421)
  })

  it('treats only the public origins as same-origin, whatever the Host header says', async () => {
    const server = await start()
    const api = apiClient(server.url)
    const own = await api.call('/api/spaces', { body: {}, headers: { origin: server.url } })
    expect(own.status).toBe(201)
    const other = await api.call('/api/spaces', {
      body: {},
      headers: { origin: `http://rebind.attacker.example:${server.port}` },
    })
    expect(other.status).toBe(403)
  })

  it('answers the health check on any Host (load balancers probe by address)', async () => {
    const server = await start()
    const health = await rawRequest(server.url, '/api/health', {
      headers: { host: `10.1.2.3:${server.port}` },
    })
    expect(health.status).toBe(200)
  })

  it('derives loopback origins by default, and interface addresses on 0.0.0.0', () => {
    expect(defaultPublicOrigins('127.0.0.1', 4173)).toEqual([
      'http://127.0.0.1:4173',
      'http://localhost:4173',
      'http://[::1]:4173',
    ])
    expect(defaultPublicOrigins('0.0.0.0', 80)).toContain('http://127.0.0.1')
  })
})

describe('security headers', () => {
  it('sends the CSP, frame-ancestors none, referrer and permissions policies with the shell', async () => {
    const server = await start()
    const shell = await apiClient(server.url).call('/', { protocol: null })
    expect(shell.status).toBe(200)
    const csp = shell.headers.get('content-security-policy') ?? ''
    expect(csp).toBe(contentSecurityPolicy())
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("script-src 'self'")
    expect(shell.headers.get('x-frame-options')).toBe('DENY')
    expect(shell.headers.get('referrer-policy')).toBe('no-referrer')
    expect(shell.headers.get('permissions-policy')).toContain('camera=()')
    const api = await apiClient(server.url).call('/api/health')
    expect(api.headers.get('referrer-policy')).toBe('no-referrer')
    expect(api.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('chooses the cache policy on the served file, not the path as written', async () => {
    const server = await start()
    const sneaky = await apiClient(server.url).call('/assets%2F..%2Fsw.js', { protocol: null })
    expect(sneaky.status).toBe(200)
    expect(sneaky.headers.get('cache-control')).toBe('no-cache')
  })

  it('never serves source maps', async () => {
    const server = await start()
    await writeFile(join(server.distDir, 'assets', 'index-abc123.js.map'), '{"version":3}')
    const map = await apiClient(server.url).call('/assets/index-abc123.js.map', { protocol: null })
    expect(map.status).toBe(404)
  })
})

describe('space creation', () => {
  it('allows a few spaces per address per hour, then answers 429 with Retry-After', async () => {
    let now = 1_000_000
    const limiter = new FixedWindowLimiter(2, 3_600_000, () => now)
    const server = await start({ spaceCreation: { mode: 'open', limiter } })
    const api = apiClient(server.url)
    expect((await api.call('/api/spaces', { body: {} })).status).toBe(201)
    expect((await api.call('/api/spaces', { body: {} })).status).toBe(201)
    const third = await api.call('/api/spaces', { body: {} })
    expect(third.status).toBe(429)
    expect(third.json).toMatchObject({ code: 'rate-limited' })
    expect(third.headers.get('retry-after')).toBe('3600')
    now += 3_600_000 // the hour is over
    expect((await api.call('/api/spaces', { body: {} })).status).toBe(201)
  })

  it('with SPACE_CREATION=token, creates spaces only for the operator’s token', async () => {
    const limiter = new FixedWindowLimiter(100, 3_600_000)
    const token = 'operator-token-0123456789'
    const server = await start({ spaceCreation: { mode: 'token', token, limiter } })
    const api = apiClient(server.url)
    const anonymous = await api.call('/api/spaces', { body: {} })
    expect(anonymous.status).toBe(403)
    expect((anonymous.json as { message: string }).message).toMatch(/operator/)
    const wrong = await api.call('/api/spaces', {
      body: {},
      headers: { authorization: 'Bearer not-the-token-at-all' },
    })
    expect(wrong.status).toBe(403)
    const operator = await api.call('/api/spaces', {
      body: {},
      headers: { authorization: `Bearer ${token}` },
    })
    expect(operator.status).toBe(201)
  })
})

describe('joining', () => {
  it('allows a few join attempts per address per hour, then answers 429 with Retry-After', async () => {
    let now = 1_000_000
    const joinLimiter = new FixedWindowLimiter(2, 3_600_000, () => now)
    const server = await start({ joinLimiter })
    const api = apiClient(server.url)
    const credential = await api.createSpace('Joining')
    const invite = async () =>
      (
        (await api.call('/api/sync/invitations', { method: 'POST', credential })).json as {
          invitation: string
        }
      ).invitation
    const join = (invitation: string, deviceId: string) =>
      api.call('/api/join', { body: { invitation, deviceId } })
    const unknown = `${credential.split('.')[0]}.${'x'.repeat(43)}`
    expect((await join(unknown, 'tablet-b')).status).toBe(401)
    expect((await join(await invite(), 'tablet-b')).status).toBe(201)
    const kept = await invite()
    const third = await join(kept, 'tablet-c')
    expect(third.status).toBe(429)
    expect(third.json).toMatchObject({ code: 'rate-limited' })
    expect(third.headers.get('retry-after')).toBe('3600')
    now += 3_600_000 // the hour is over; the refused attempt spent nothing
    expect((await join(kept, 'tablet-c')).status).toBe(201)
  })
})

describe('connections', () => {
  const tight = { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000, checkIntervalMs: 100 }

  it('cuts a client that sends its body too slowly', async () => {
    const server = await start({ limits: tight })
    const socket = await openSocket(server.port)
    sockets.push(socket)
    const answer = closed(socket)
    socket.write(
      `POST /api/spaces HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        `${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}\r\n` +
        `content-type: application/json\r\ncontent-length: 100\r\n\r\n{`,
    )
    expect(await answer).toMatch(/^HTTP\/1\.1 408/)
  }, 20_000)

  it('closes a connection that stays silent', async () => {
    const server = await start({ limits: { ...tight, idleTimeoutMs: 500 } })
    const socket = await openSocket(server.port)
    sockets.push(socket)
    await closed(socket)
    expect(socket.destroyed).toBe(true)
  }, 20_000)

  it('refuses connections beyond the cap and keeps serving the ones it holds', async () => {
    const server = await start({ limits: { maxConnections: 2 } })
    const held = [await openSocket(server.port), await openSocket(server.port)]
    sockets.push(...held)
    const extra = await openSocket(server.port)
    sockets.push(extra)
    const extraAnswer = closed(extra)
    extra.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)
    expect(await extraAnswer).toBe('')
    const first = held[0]!
    const answer = new Promise<string>((resolve) =>
      first.once('data', (chunk) => resolve(String(chunk))),
    )
    first.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`)
    expect(await answer).toMatch(/^HTTP\/1\.1 200/)
  }, 20_000)

  it('logs a client that disconnects mid-body as such, not as a 500', async () => {
    const server = await start()
    const credential = await apiClient(server.url).createSpace()
    const socket = await openSocket(server.port)
    socket.write(
      `POST /api/sync/push HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        `authorization: Bearer ${credential}\r\n${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}\r\n` +
        `content-type: application/json\r\ncontent-length: 5000\r\n\r\n{"protocol":1,`,
    )
    // Let the server start reading the body, then vanish.
    await new Promise((resolve) => setTimeout(resolve, 200))
    socket.destroy()
    let line: Record<string, unknown> | undefined
    while (!line) {
      line = server.logger.records.find(
        (record) => record.msg === 'request' && record.path === '/api/sync/push',
      )
      if (!line) await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(line).toMatchObject({
      status: 400,
      reason: 'Client disconnected before sending the body',
    })
    expect(server.logger.records.filter((record) => record.level === 'error')).toEqual([])
  }, 20_000)
})
