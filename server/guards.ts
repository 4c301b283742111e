/**
 * The server's outer guards (issue 19), as Hono middleware the app mounts before any route:
 * the Host header must name one of the configured public origins (a DNS-rebinding page sends its
 * own name), security headers on every answer (a Content-Security-Policy the app works under on
 * the shell), and space creation limited per client address and optionally closed behind an
 * operator token. Nothing here touches storage.
 */
import { networkInterfaces, hostname } from 'node:os'
import { timingSafeEqual, createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { WireError } from '../src/sync/wire'

function refusal(
  status: 403 | 421 | 429,
  code: WireError['code'],
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ code, message } satisfies WireError, { status, headers })
}

/** `http://127.0.0.1:4173` → `127.0.0.1:4173` (the form of a Host header); null when invalid. */
function hostOf(origin: string): string | null {
  try {
    const url = new URL(origin)
    return url.origin === 'null' ? null : url.host
  } catch {
    return null
  }
}

/** Normalises a comma-separated PUBLIC_ORIGIN: each an origin (`scheme://host[:port]`). */
export function parseOrigins(text: string): string[] {
  const origins: string[] = []
  for (const part of text.split(',')) {
    const trimmed = part.trim()
    if (!trimmed) continue
    const url = new URL(trimmed) // throws on a malformed entry: main.ts reports it
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`${trimmed} is not an http(s) origin`)
    origins.push(url.origin)
  }
  return origins
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
const WILDCARD = new Set(['0.0.0.0', '::', ''])

/**
 * The origins a server listening on `host:port` answers as when PUBLIC_ORIGIN is not set: the
 * loopback names, and on a wildcard address every interface address and the machine's name.
 */
export function defaultPublicOrigins(host: string, port: number): string[] {
  const names = new Set<string>(['127.0.0.1', 'localhost', '::1'])
  if (WILDCARD.has(host)) {
    for (const addresses of Object.values(networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.replace(/%.*$/, ''))
    names.add(hostname())
    names.add(`${hostname()}.local`)
  } else if (!LOOPBACK.has(host)) names.add(host)
  return [...names].map(
    (name) => new URL(`http://${name.includes(':') ? `[${name}]` : name}:${port}`).origin,
  )
}

/**
 * Refuses (421) a request whose Host header is not one of `publicOrigins`' hosts. The health
 * check is exempt: load balancers probe it by address.
 */
export function hostCheck(publicOrigins: readonly string[]): MiddlewareHandler {
  const hosts = new Set(publicOrigins.map(hostOf).filter((host) => host !== null))
  const list = publicOrigins.join(', ')
  return async (c, next) => {
    const host = c.req.header('host')?.toLowerCase()
    if (c.req.path !== '/api/health' && (host === undefined || !hosts.has(host)))
      return refusal(
        421,
        'bad-request',
        `This server answers as ${list}, not as ${host ?? '(no Host header)'}; set PUBLIC_ORIGIN`,
      )
    await next()
    return undefined
  }
}

export type CspOptions = {
  /** Further origins the app may fetch from (sync servers other than this one). */
  connectSrc?: readonly string[]
}

/**
 * The shell's Content-Security-Policy. Scripts, styles, workers and the manifest come from this
 * origin only; images may be data:/blob: URLs (the QR code of a join link is a data: URL); React's
 * `style` props go through the CSSOM, which style-src does not govern, so no 'unsafe-inline'.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ['connect-src', "'self'", ...(options.connectSrc ?? [])].join(' '),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** No feature of the app needs these (the join QR code is shown, never scanned). */
export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), display-capture=()'

/** Security headers on every answer; the CSP and framing rules on everything but the API. */
export function securityHeaders(options: CspOptions = {}): MiddlewareHandler {
  const csp = contentSecurityPolicy(options)
  return async (c, next) => {
    await next()
    const headers = c.res.headers
    headers.set('x-content-type-options', 'nosniff')
    // Join links carry the space secret in the fragment; never leak even the path.
    headers.set('referrer-policy', 'no-referrer')
    if (c.req.path.startsWith('/api/')) return
    headers.set('content-security-policy', csp)
    headers.set('x-frame-options', 'DENY')
    headers.set('permissions-policy', PERMISSIONS_POLICY)
  }
}

/** At most `limit` takes per key per fixed window of `windowMs`. */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one take for `key`: null when allowed, else the seconds until the window ends. */
  take(key: string): number | null {
    const now = this.now()
    if (this.windows.size > 10_000) {
      // Bounded memory under a flood of addresses: forget windows that are over.
      for (const [other, window] of this.windows)
        if (now - window.start >= this.windowMs) this.windows.delete(other)
    }
    let window = this.windows.get(key)
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 }
      this.windows.set(key, window)
    }
    if (window.count >= this.limit)
      return Math.max(1, Math.ceil((window.start + this.windowMs - now) / 1000))
    window.count += 1
    return null
  }
}

/** The client's address as the socket saw it ('unknown' outside a real server, e.g. app.request). */
export function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'unknown'
}

export type SpaceCreationOptions =
  | { mode: 'open'; limiter: FixedWindowLimiter }
  | { mode: 'token'; token: string; limiter: FixedWindowLimiter }

function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * Guards `POST /api/spaces`: with SPACE_CREATION=token only a request bearing the operator's
 * token passes; every request counts against its address's hourly limit (429 with Retry-After).
 */
export function spaceCreationGuard(options: SpaceCreationOptions): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next()
    const retryAfter = options.limiter.take(clientAddress(c))
    if (retryAfter !== null)
      return refusal(
        429,
        'rate-limited',
        `Too many new spaces from this address; try again in ${retryAfter} s`,
        { 'retry-after': String(retryAfter) },
      )
    if (options.mode === 'token') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
      if (!match?.[1] || !sameSecret(match[1], options.token))
        return refusal(
          403,
          'unauthorized',
          'Creating a space on this server needs its operator’s token; ask them for a join code',
        )
    }
    await next()
    return undefined
  }
}
