/**
 * Helpers for the server's HTTP contract tests: a real server on loopback (port 0) over one
 * shared in-memory PGlite per test file, a small API client, and an SSE reader.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ChangeRecord, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/sync/wire'
import { memoryLogger } from '../logger'
import { FixedWindowLimiter } from '../guards'
import { startServer, type RunningServer, type ServerConfig } from '../start'
import type { SyncStorage } from '../storage/storage'

export const ALLOWED_ORIGIN = 'https://bakery.example'

export type TestServer = RunningServer & {
  logger: ReturnType<typeof memoryLogger>
  distDir: string
}

/** A dist/ with the files the PWA build produces. */
export async function makeDist(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bake-dist-'))
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>Bake Tracker</title>')
  await writeFile(join(dir, 'sw.js'), 'self.addEventListener("install", () => {})')
  await writeFile(join(dir, 'registerSW.js'), '// register')
  await writeFile(join(dir, 'manifest.webmanifest'), '{"name":"Bake Tracker"}')
  await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")')
  return dir
}

/**
 * A real server on loopback. Space creation is open, and it and joining have limits no suite
 * reaches (the file's
 * tests share one address); the limit itself is tested with its own options.
 */
export async function startTestServer(
  storage: SyncStorage,
  options: Partial<
    Pick<ServerConfig, 'keepAliveMs' | 'spaceCreation' | 'limits' | 'joinLimiter'>
  > = {},
): Promise<TestServer> {
  const logger = memoryLogger()
  const distDir = await makeDist()
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    storage,
    allowedOrigins: [ALLOWED_ORIGIN],
    logger,
    staticDir: distDir,
    backup: null,
    keepAliveMs: options.keepAliveMs ?? 25_000,
    spaceCreation: options.spaceCreation ?? {
      mode: 'open',
      limiter: new FixedWindowLimiter(1_000_000, 3_600_000),
    },
    ...(options.limits ? { limits: options.limits } : {}),
    joinLimiter: options.joinLimiter ?? new FixedWindowLimiter(1_000_000, 3_600_000),
  })
  return { ...server, logger, distDir }
}

export type CallOptions = {
  method?: string
  body?: unknown
  rawBody?: BodyInit
  credential?: string | null
  headers?: Record<string, string>
  protocol?: string | null
}

export function apiClient(baseUrl: string) {
  async function call(path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { ...options.headers }
    if (options.protocol !== null)
      headers[PROTOCOL_HEADER] = options.protocol ?? String(PROTOCOL_VERSION)
    if (options.credential) headers.authorization = `Bearer ${options.credential}`
    let body: BodyInit | undefined = options.rawBody
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] = 'application/json'
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(body === undefined ? {} : { body }),
    })
    const text = await response.text()
    let json: unknown = undefined
    try {
      json = JSON.parse(text)
    } catch {
      // not JSON (static files)
    }
    return { status: response.status, headers: response.headers, text, json }
  }

  return {
    call,
    async createSpace(name?: string): Promise<string> {
      const result = await call('/api/spaces', { body: name ? { name } : {} })
      const { spaceId, token } = result.json as { spaceId: string; token: string }
      return `${spaceId}.${token}`
    },
    push: (credential: string, changes: ChangeRecord[], deviceId = 'device-a') =>
      call('/api/sync/push', {
        credential,
        body: { protocol: PROTOCOL_VERSION, deviceId, changes },
      }),
    pull: (credential: string, after: number, limit: number) =>
      call(`/api/sync/pull?after=${after}&limit=${limit}`, { credential }),
  }
}

/** Opens the live channel of a space as the app does: fetch, credential in the header. */
export function openEvents(
  baseUrl: string,
  credential: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/api/sync/events`, {
    headers: { ...headers, authorization: `Bearer ${credential}` },
  })
}

/** Reads an SSE response incrementally; `waitFor` resolves once the text so far matches. */
export function sseReader(response: Response) {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  return {
    get text() {
      return text
    },
    async waitFor(pattern: RegExp, timeoutMs = 5000): Promise<string> {
      const deadline = Date.now() + timeoutMs
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`SSE timeout waiting for ${pattern}: ${text}`)
        const { done, value } = await reader.read()
        if (done) throw new Error(`SSE stream ended before ${pattern}: ${text}`)
        text += decoder.decode(value, { stream: true })
      }
      return text
    },
    cancel: () => reader.cancel(),
  }
}
