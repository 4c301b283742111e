/**
 * The sync server's HTTP API (DESIGN §4) as a Hono app, independent of how it is served:
 * `POST /api/spaces`, `POST /api/join`, `POST /api/sync/push`, `GET /api/sync/pull`,
 * `GET /api/sync/snapshot`, `GET /api/sync/rows`, `GET|POST /api/sync/devices`, `POST /api/sync/devices/remove`,
 * `POST /api/sync/invitations`, `POST /api/sync/credential`, `GET /api/sync/events` (SSE) and
 * `GET /api/health`, plus the built PWA when `staticDir` is set. Each device holds its own
 * credential (a removed device is refused at once); the shared space secret of older spaces works
 * until the space's first device removal.
 * Every request is checked in this order: Host (against the public origins), origin, protocol
 * version, the space-creation guard, credential, body size, then the wire.ts zod schema; only a
 * fully valid request touches storage, and every refusal is a wire error `{code, message,
 * details?}`. Nothing a client sends can crash the process (guards.ts holds the outer guards).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { streamSSE } from 'hono/streaming'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import {
  compactChanges,
  CLOCK_TOLERANCE_MS,
  GENERATION_HEADER,
  LOG_END_HEADER,
  MAX_BODY_BYTES,
  PROTOCOL_HEADER,
  SERVER_TIME_HEADER,
  clockAheadBy,
  PROTOCOL_VERSION,
  createSpaceRequestSchema,
  INVITATION_TTL_MS,
  joinRequestSchema,
  pullQuerySchema,
  reclaimSpaceRequestSchema,
  removeDeviceRequestSchema,
  tradeCredentialRequestSchema,
  pushRequestSchema,
  registerDeviceRequestSchema,
  snapshotQuerySchema,
  rowsQuerySchema,
  GLOBAL_SCOPE,
  eventScope,
  wireErrorSchema,
  type RowsResponse,
  type ClockAheadError,
  type CreateSpaceResponse,
  type DevicesResponse,
  type InvitationResponse,
  type PullResponse,
  type PushResponse,
  type ReclaimSpaceResponse,
  type SnapshotResponse,
  type WireError,
  splitCredential,
} from '../src/sync/wire'
import {
  bearerCredential,
  hashToken,
  newSpaceId,
  newToken,
  parseCredential,
  tokenMatches,
} from './auth'
import { UNSTORABLE } from './change-checks'
import { SpaceEvents } from './events'
import {
  clientAddress,
  FixedWindowLimiter,
  hostCheck,
  securityHeaders,
  spaceCreationGuard,
  type SpaceCreationOptions,
} from './guards'
import type { Logger } from './logger'
import { staticFiles } from './static'
import {
  SpaceExistsError,
  SpaceNotFoundError,
  type RowKey,
  type RowsFilter,
  type SpaceLog,
  type SyncStorage,
} from './storage/storage'

export type AppOptions = {
  storage: SyncStorage
  /** Origins (`https://host:port`) allowed to call the API cross-origin; `*` allows any. */
  allowedOrigins: readonly string[]
  logger: Logger
  now?: () => Date
  /** The built app to serve (dist/); none when null/undefined. */
  staticDir?: string | null
  /** The SSE hub; pass one to close its streams on shutdown. */
  events?: SpaceEvents
  /** Interval of SSE keep-alive comments (proxies drop idle connections). */
  keepAliveMs?: number
  /**
   * Whether a push announces its new cursor to `events` itself (default). Off when the storage's
   * change feed relays every process's appends, so nothing is announced twice.
   */
  announcePushes?: boolean
  /**
   * The origins this server answers as (PUBLIC_ORIGIN). When set, a request's Host must be one
   * of them and "same origin" means one of them; the Host header is never trusted on its own.
   */
  publicOrigins?: readonly string[]
  /** Further origins the shell's CSP lets the app connect to (other sync servers). */
  connectSrc?: readonly string[]
  /** Who may create spaces, and how often per address (default: open, 20 per hour). */
  spaceCreation?: SpaceCreationOptions
  /**
   * Whether a tablet may re-create a space this server does not know, under its own credential
   * (SPACE_RECLAIM; `POST /api/spaces/reclaim`, counted against the space-creation limit).
   * Default: off.
   */
  spaceReclaim?: boolean
  /** Join attempts (`POST /api/join`) per client address per hour (default 60; JOINS_PER_HOUR). */
  joinLimiter?: FixedWindowLimiter
}

export const DEFAULT_SPACES_PER_HOUR = 20
export const DEFAULT_JOINS_PER_HOUR = 60

type Env = {
  Variables: {
    spaceId: string
    /** The authenticated device; null for a tablet on the shared space secret. */
    deviceId: string | null
    counts: Record<string, number>
    /** The log's generation and end as the route saw them (a push: under the append's lock). */
    log?: SpaceLog
  }
}

/** Who a credential is: a device of a space, a tablet on the space secret, or refused (why). */
type Authentication =
  | { ok: true; spaceId: string; deviceId: string | null }
  | { ok: false; reason: 'unauthorized' | 'device-removed' }

const MAX_DETAILS = 10

function wireError(
  status: ContentfulStatusCode,
  code: WireError['code'],
  message: string,
  details?: string[],
  headers?: Record<string, string>,
): Response {
  const body: WireError = details ? { code, message, details } : { code, message }
  return Response.json(body, { status, ...(headers ? { headers } : {}) })
}

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    return path ? `${path}: ${issue.message}` : issue.message
  })
}

function badRequest(error: z.ZodError): Response {
  const details = describeIssues(error)
  return wireError(
    400,
    'bad-request',
    details[0] ?? 'Invalid request',
    details.slice(0, MAX_DETAILS),
  )
}

type BodyResult = { ok: true; value: unknown } | { ok: false; response: Response }

/** Reads a JSON body, refusing more than MAX_BODY_BYTES before parsing (declared or actual). */
async function readJsonBody(c: Context, allowEmpty: boolean): Promise<BodyResult> {
  const tooLarge = () => ({
    ok: false as const,
    response: wireError(
      413,
      'payload-too-large',
      `Request body larger than ${MAX_BODY_BYTES} bytes`,
      undefined,
      // The rest of the body is never read, so this connection cannot carry another request.
      { connection: 'close' },
    ),
  })
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > MAX_BODY_BYTES) return tooLarge()
  const chunks: Uint8Array[] = []
  let size = 0
  const stream = c.req.raw.body
  if (stream) {
    const reader = stream.getReader()
    for (;;) {
      let read: Awaited<ReturnType<typeof reader.read>>
      try {
        read = await reader.read()
      } catch {
        // The client went away mid-body: nobody reads this answer, but the log says what it was.
        return {
          ok: false,
          response: wireError(400, 'bad-request', 'Client disconnected before sending the body'),
        }
      }
      const { done, value } = read
      if (done) break
      size += value.byteLength
      if (size > MAX_BODY_BYTES) {
        await reader.cancel()
        return tooLarge()
      }
      chunks.push(value)
    }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    return { ok: false, response: wireError(400, 'bad-request', 'Request body is not UTF-8') }
  }
  if (text.trim() === '' && allowEmpty) return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return {
      ok: false,
      response: wireError(400, 'bad-request', 'Request body is not valid JSON'),
    }
  }
}

function isSameOrigin(requestUrl: string, host: string | undefined, origin: string): boolean {
  try {
    return new URL(origin).host === (host ?? new URL(requestUrl).host)
  } catch {
    return false
  }
}

/** A rows cursor: the log position of the scope's first page, then the last key sent. */
function encodeRowsCursor(seq: number, last: RowKey): string {
  return `${seq}.${Buffer.from(JSON.stringify([last.table, last.rowId])).toString('base64url')}`
}

function decodeRowsCursor(cursor: string): { seq: number; after: RowKey } | null {
  const dot = cursor.indexOf('.')
  const seq = Number(cursor.slice(0, dot))
  try {
    const key = JSON.parse(Buffer.from(cursor.slice(dot + 1), 'base64url').toString()) as unknown
    if (
      Number.isSafeInteger(seq) &&
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      typeof key[1] === 'string'
    )
      return { seq, after: { table: key[0], rowId: key[1] } }
  } catch {
    // Not JSON: refused below like any other malformed cursor.
  }
  return null
}

/** Builds the app; see the module comment for the order of checks. */
export function createApp(options: AppOptions): Hono<Env> {
  const { storage, logger } = options
  const now = options.now ?? (() => new Date())
  const events = options.events ?? new SpaceEvents()
  const keepAliveMs = options.keepAliveMs ?? 25_000
  const announcePushes = options.announcePushes ?? true
  const anyOrigin = options.allowedOrigins.includes('*')
  const allowed = new Set(options.allowedOrigins)
  const publicOrigins = options.publicOrigins ? new Set(options.publicOrigins) : null
  const originAllowed = (c: { req: Context['req'] }, origin: string) =>
    anyOrigin ||
    allowed.has(origin) ||
    (publicOrigins
      ? publicOrigins.has(origin)
      : isSameOrigin(c.req.url, c.req.header('host'), origin))
  const serveStatic = options.staticDir ? staticFiles(options.staticDir) : null

  const app = new Hono<Env>()

  // One structured line per request. Never the query string: it may hold what a client should not
  // have put there.
  app.use('*', async (c, next) => {
    const started = performance.now()
    c.set('counts', {})
    await next()
    let reason: string | undefined
    if (c.res.status >= 400 && c.res.headers.get('content-type')?.includes('json')) {
      const parsed = wireErrorSchema.safeParse(
        await c.res
          .clone()
          .json()
          .catch(() => null),
      )
      reason = parsed.success ? parsed.data.message : undefined
    }
    logger.info({
      msg: 'request',
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      spaceId: c.get('spaceId'),
      ...c.get('counts'),
      ...(reason === undefined ? {} : { reason }),
    })
  })

  // ---- Outer guards (issue 19): Host, security headers, space creation. -------------------
  if (options.publicOrigins) app.use('*', hostCheck(options.publicOrigins))
  app.use('*', securityHeaders(options.connectSrc ? { connectSrc: options.connectSrc } : {}))
  // ---- End of outer guards. -----------------------------------------------------------------

  app.use('/api/*', async (c, next) => {
    const origin = c.req.header('origin')
    if (origin !== undefined && !originAllowed(c, origin))
      return wireError(403, 'unauthorized', `Origin ${origin} may not use this server`)
    await next()
    return undefined
  })
  app.use(
    '/api/*',
    cors({
      origin: (origin, c) => (originAllowed(c, origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['authorization', 'content-type', PROTOCOL_HEADER],
      exposeHeaders: [PROTOCOL_HEADER, SERVER_TIME_HEADER, GENERATION_HEADER, LOG_END_HEADER],
      maxAge: 600,
    }),
  )
  // Every API answer says which protocol this server speaks, and its clock (Settings shows the
  // tablet's offset from it).
  app.use('/api/*', async (c, next) => {
    await next()
    c.res.headers.set(PROTOCOL_HEADER, String(PROTOCOL_VERSION))
    c.res.headers.set(SERVER_TIME_HEADER, String(now().getTime()))
  })

  // The SSE channel is exempt from the protocol header (it sends nothing a version changes).
  const checkProtocol = async (c: Context, next: () => Promise<void>) => {
    const header = c.req.header(PROTOCOL_HEADER)
    if (header !== String(PROTOCOL_VERSION)) {
      const theirs = Number(header)
      const message =
        header === undefined
          ? `Send the header ${PROTOCOL_HEADER}: ${PROTOCOL_VERSION}`
          : Number.isInteger(theirs) && theirs > PROTOCOL_VERSION
            ? `This server speaks sync protocol ${PROTOCOL_VERSION} and the app ${header}: update the server.`
            : `This server speaks sync protocol ${PROTOCOL_VERSION} and the app ${header}: update the app.`
      return wireError(426, 'unsupported-protocol', message)
    }
    await next()
    return undefined
  }
  app.use('/api/spaces', checkProtocol)
  app.use('/api/spaces/reclaim', checkProtocol)
  app.use('/api/join', checkProtocol)
  app.use('/api/sync/push', checkProtocol)
  app.use('/api/sync/pull', checkProtocol)
  app.use('/api/sync/snapshot', checkProtocol)
  app.use('/api/sync/rows', checkProtocol)
  app.use('/api/sync/devices', checkProtocol)
  app.use('/api/sync/devices/*', checkProtocol)
  app.use('/api/sync/invitations', checkProtocol)
  app.use('/api/sync/credential', checkProtocol)

  // ---- Space creation guard (issue 19): operator token and per-address limit. ----------------
  const spaceCreation: SpaceCreationOptions = options.spaceCreation ?? {
    mode: 'open',
    limiter: new FixedWindowLimiter(DEFAULT_SPACES_PER_HOUR, 3_600_000),
  }
  app.use('/api/spaces', spaceCreationGuard(spaceCreation))

  /**
   * Whom a credential opens: a device's own credential first (looked up by its hash; a removed
   * device is refused with its own reason), then the space's shared secret (older spaces).
   */
  async function authenticate(credential: string | null): Promise<Authentication> {
    const parts = parseCredential(credential)
    if (!parts) return { ok: false, reason: 'unauthorized' }
    const device = await storage.deviceByTokenHash(parts.spaceId, hashToken(parts.token))
    if (device) {
      return device.revokedAt === null
        ? { ok: true, spaceId: parts.spaceId, deviceId: device.deviceId }
        : { ok: false, reason: 'device-removed' }
    }
    const storedHash = await storage.getSpaceTokenHash(parts.spaceId)
    return tokenMatches(parts.token, storedHash)
      ? { ok: true, spaceId: parts.spaceId, deviceId: null }
      : { ok: false, reason: 'unauthorized' }
  }
  const unauthorized = () => wireError(401, 'unauthorized', 'Missing or wrong space credential')
  const refused = (reason: 'unauthorized' | 'device-removed') =>
    reason === 'device-removed'
      ? wireError(401, 'device-removed', 'This device was removed from the space')
      : unauthorized()
  /** A new device credential: the token for the device, its hash for storage. */
  const newDeviceToken = () => {
    const token = newToken()
    return { token, tokenHash: hashToken(token) }
  }

  app.use('/api/sync/*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return next()
    // Only the Authorization header: a credential in the address (the old `?auth=` of the live
    // channel) would end up in proxy logs and browser history, so it is refused like none.
    const credential = bearerCredential(c.req.header('authorization'))
    const auth = await authenticate(credential)
    if (!auth.ok) return refused(auth.reason)
    c.set('spaceId', auth.spaceId)
    c.set('deviceId', auth.deviceId)
    await next()
    return undefined
  })

  // ---- Log generation (issue 19 item 2): which log, and where it ends, on every sync answer. --
  // Read AFTER the route ran: an answer never claims an older generation than its content.
  const stampLog = async (c: Context<Env>, next: () => Promise<void>) => {
    await next()
    if (!c.res.ok) return
    let log: Awaited<ReturnType<SyncStorage['spaceLog']>> = c.get('log') ?? null
    try {
      log ??= await storage.spaceLog(c.get('spaceId'))
    } catch (error) {
      // The answer itself is good (a push may be stored): send it without the stamp; the tablet
      // judges the log at its next answer.
      logger.error({ msg: 'log generation unreadable', error: String(error) })
      return
    }
    if (!log) return
    c.res.headers.set(GENERATION_HEADER, log.generation)
    c.res.headers.set(LOG_END_HEADER, String(log.latestSeq))
  }
  app.use('/api/sync/push', stampLog)
  app.use('/api/sync/pull', stampLog)
  app.use('/api/sync/snapshot', stampLog)
  // ---- End of log generation. ---------------------------------------------------------------

  app.get('/api/health', async (c) => {
    try {
      await storage.ping()
      return c.json({ ok: true, storage: 'ok' })
    } catch (error) {
      logger.error({ msg: 'health check failed', error: String(error) })
      return c.json({ ok: false, storage: 'unreachable' }, 503)
    }
  })

  app.post('/api/spaces', async (c) => {
    const body = await readJsonBody(c, true)
    if (!body.ok) return body.response
    const parsed = createSpaceRequestSchema.safeParse(body.value)
    if (!parsed.success) return badRequest(parsed.error)
    const { deviceId, deviceName } = parsed.data
    if (deviceId !== undefined && UNSTORABLE.test(deviceId))
      return wireError(400, 'bad-request', 'deviceId: control or unpaired surrogate character')
    // With a creating device, the space secret is one nobody is given: every tablet has its own.
    const spaceToken = newToken()
    for (;;) {
      const spaceId = newSpaceId()
      try {
        await storage.createSpace({
          spaceId,
          tokenHash: hashToken(spaceToken),
          name: parsed.data.name ?? null,
          createdAt: now().toISOString(),
        })
      } catch (error) {
        // 96 random bits collide practically never; if they do, draw again.
        if (error instanceof SpaceExistsError) continue
        throw error
      }
      c.set('spaceId', spaceId)
      if (deviceId === undefined) {
        const response: CreateSpaceResponse = { spaceId, token: spaceToken }
        return c.json(response, 201)
      }
      const device = newDeviceToken()
      await storage.setDeviceCredential(spaceId, {
        deviceId,
        name: deviceName ?? null,
        tokenHash: device.tokenHash,
        seenAt: now().toISOString(),
      })
      const response: CreateSpaceResponse = { spaceId, token: device.token }
      return c.json(response, 201)
    }
  })

  // ---- Reclaiming a space a rebuilt server lost (issue 19 item 2). ---------------------------
  // Only a space this server does not know, only when the operator allows it, and counted
  // against the space-creation limit of the address: see docs/decisions.md.
  app.post('/api/spaces/reclaim', async (c) => {
    if (options.spaceReclaim !== true)
      return wireError(
        403,
        'unauthorized',
        'This server does not re-create lost spaces (its operator can allow it: SPACE_RECLAIM=on)',
      )
    const retryAfter = spaceCreation.limiter.take(clientAddress(c))
    if (retryAfter !== null)
      return wireError(
        429,
        'rate-limited',
        `Too many new spaces from this address; try again in ${retryAfter} s`,
        undefined,
        { 'retry-after': String(retryAfter) },
      )
    const parts = parseCredential(bearerCredential(c.req.header('authorization')))
    if (!parts) return unauthorized()
    const body = await readJsonBody(c, false)
    if (!body.ok) return body.response
    const parsed = reclaimSpaceRequestSchema.safeParse(body.value)
    if (!parsed.success) return badRequest(parsed.error)
    const { deviceId, deviceName, name } = parsed.data
    if (UNSTORABLE.test(deviceId))
      return wireError(400, 'bad-request', 'deviceId: control or unpaired surrogate character')
    const exists = () => wireError(409, 'bad-request', 'This server already has this space')
    if ((await storage.getSpaceTokenHash(parts.spaceId)) !== null) return exists()
    const at = now().toISOString()
    try {
      // The space secret is one nobody is given: the tablet keeps its own credential.
      await storage.createSpace({
        spaceId: parts.spaceId,
        tokenHash: hashToken(newToken()),
        name: name ?? null,
        createdAt: at,
      })
    } catch (error) {
      if (error instanceof SpaceExistsError) return exists()
      throw error
    }
    await storage.setDeviceCredential(parts.spaceId, {
      deviceId,
      name: deviceName ?? null,
      tokenHash: hashToken(parts.token),
      seenAt: at,
    })
    c.set('spaceId', parts.spaceId)
    logger.info({ msg: 'space reclaimed', spaceId: parts.spaceId, deviceId })
    const response: ReclaimSpaceResponse = { spaceId: parts.spaceId }
    return c.json(response, 201)
  })
  // ---- End of reclaiming. -------------------------------------------------------------------

  // ---- Join limit (issue 19): attempts per address, as space creation is limited. ------------
  const joinLimiter =
    options.joinLimiter ?? new FixedWindowLimiter(DEFAULT_JOINS_PER_HOUR, 3_600_000)
  const joinGuard: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== 'POST') return next()
    const retryAfter = joinLimiter.take(clientAddress(c))
    if (retryAfter !== null)
      return wireError(
        429,
        'rate-limited',
        `Too many join attempts from this address; try again in ${retryAfter} s`,
        undefined,
        { 'retry-after': String(retryAfter) },
      )
    await next()
    return undefined
  }
  app.use('/api/join', joinGuard)
  // ---- End of join limit. -------------------------------------------------------------------

  // The invitation travels in the body (the join link keeps it in the fragment), never a URL.
  app.post('/api/join', async (c) => {
    const body = await readJsonBody(c, false)
    if (!body.ok) return body.response
    const parsed = joinRequestSchema.safeParse(body.value)
    if (!parsed.success) return badRequest(parsed.error)
    const { invitation, deviceId, deviceName } = parsed.data
    if (UNSTORABLE.test(deviceId))
      return wireError(400, 'bad-request', 'deviceId: control or unpaired surrogate character')
    const { spaceId, token: code } = splitCredential(invitation)
    const device = newDeviceToken()
    const result = await storage.redeemInvitation(spaceId, hashToken(code), {
      deviceId,
      name: deviceName ?? null,
      tokenHash: device.tokenHash,
      seenAt: now().toISOString(),
    })
    if (result !== 'ok') {
      const why = {
        unknown: 'This invitation is not known to the server',
        expired: 'This invitation has expired',
        spent: 'This invitation has already been used',
      }[result]
      return wireError(401, 'invitation-invalid', why)
    }
    c.set('spaceId', spaceId)
    const response: CreateSpaceResponse = { spaceId, token: device.token }
    return c.json(response, 201)
  })

  app.post('/api/sync/push', async (c) => {
    const body = await readJsonBody(c, false)
    if (!body.ok) return body.response
    let parsed: ReturnType<typeof pushRequestSchema.safeParse>
    try {
      parsed = pushRequestSchema.safeParse(body.value)
    } catch {
      // A field named like an Object.prototype member ("constructor") trips checkChangeFields.
      return wireError(400, 'bad-request', 'changes: a change has a malformed field name')
    }
    if (!parsed.success) return badRequest(parsed.error)
    const { changes } = parsed.data
    for (const [index, change] of changes.entries()) {
      for (const key of ['id', 'rowId', 'deviceId', 'hlc'] as const) {
        if (UNSTORABLE.test(change[key]))
          return wireError(
            400,
            'bad-request',
            `changes.${index}.${key}: control or unpaired surrogate character`,
          )
      }
    }
    // A device whose clock runs ahead would win every last-writer-wins conflict: refuse the
    // whole push, store nothing, and say by how much (the device re-stamps once its clock is right).
    const serverTime = now().getTime()
    const aheadByMs = clockAheadBy(changes, serverTime)
    if (aheadByMs > CLOCK_TOLERANCE_MS) {
      const minutes = Math.ceil(aheadByMs / 60_000)
      const refusal: ClockAheadError = {
        code: 'clock-ahead',
        message: `Changes stamped ${minutes} minutes ahead of the server's clock: correct the device's date and time.`,
        serverTime,
        aheadByMs,
      }
      return c.json(refusal, 409)
    }
    const result = await storage.appendChanges(c.get('spaceId'), changes)
    await storage.recordDevice(c.get('spaceId'), {
      deviceId: parsed.data.deviceId,
      name: parsed.data.deviceName ?? null,
      seenAt: now().toISOString(),
    })
    // The answer states the generation its acknowledgements were stored in, and the log's end
    // then: no statement of its own (stampLog).
    if (result.generation !== undefined)
      c.set('log', { generation: result.generation, latestSeq: result.latestSeq })
    c.set('counts', { received: changes.length, stored: result.accepted.length })
    if (announcePushes && result.accepted.length > 0)
      events.notify(c.get('spaceId'), result.latestSeq)
    const response: PushResponse = {
      acknowledged: changes.map((change) => change.id),
      stored: result.accepted.length,
    }
    return c.json(response)
  })

  // The bench's push floor (bench/run.ts sets BENCH_PUSH_FLOOR=1; never in production): parse a
  // push body and answer its ids, with no checks, storage or auth: the raw cost of the transport.
  if (process.env.BENCH_PUSH_FLOOR === '1')
    app.post('/api/bench/push-floor', async (c) => {
      const body = await c.req.json<{ changes: { id: string }[] }>()
      return c.json({ acknowledged: body.changes.map((change) => change.id) })
    })

  app.get('/api/sync/pull', async (c) => {
    const parsed = pullQuerySchema.safeParse(c.req.query())
    if (!parsed.success) return badRequest(parsed.error)
    const { after, limit } = parsed.data
    const result = await storage.pull(c.get('spaceId'), after, limit)
    c.set('counts', { after, returned: result.changes.length })
    const response: PullResponse = result
    return c.json(response)
  })

  // Paged by log number (issue 19): each page compacts at most MAX_SNAPSHOT_LIMIT entries, so
  // one large space neither holds other spaces' pushes nor the server's memory for long.
  app.get('/api/sync/snapshot', async (c) => {
    const parsed = snapshotQuerySchema.safeParse(c.req.query())
    if (!parsed.success) return badRequest(parsed.error)
    const { after, limit } = parsed.data
    const page = await storage.pull(c.get('spaceId'), after, limit)
    const response: SnapshotResponse = {
      changes: compactChanges(page.changes.map(({ seq: _seq, ...change }) => change)),
      cursor: page.cursor,
      ...(c.req.query('after') === undefined ? {} : { hasMore: page.hasMore }),
    }
    c.set('counts', { after, log: page.changes.length, returned: response.changes.length })
    return c.json(response)
  })

  // Current rows (issue 18): a new tablet pages the space's rows by key, never the history. The
  // log position is read BEFORE the first page and carried in the cursor: every row a page holds
  // is at least that current, and what comes later reaches the tablet by pull.
  app.get('/api/sync/rows', async (c) => {
    const parsed = rowsQuerySchema.safeParse(c.req.query())
    if (!parsed.success) return badRequest(parsed.error)
    const { scope, events: eventIds, limit } = parsed.data
    const spaceId = c.get('spaceId')
    const listed = eventIds.map(eventScope)
    const filter: RowsFilter =
      scope === 'global'
        ? { only: [GLOBAL_SCOPE] }
        : scope === 'events'
          ? { only: listed }
          : { except: [GLOBAL_SCOPE, ...listed] }
    let seq: number
    let after: RowKey | null = null
    let total: number | undefined
    if (parsed.data.cursor === undefined) {
      seq = await storage.latestSeq(spaceId)
      // Only the past events' stage shows a progress figure; counting is a walk of the space's
      // rows (no index on scope), so the stages before the tablet is usable are spared it.
      if (scope === 'rest') total = await storage.countRows(spaceId, filter)
    } else {
      const decoded = decodeRowsCursor(parsed.data.cursor)
      if (!decoded) return wireError(400, 'bad-request', 'cursor: not a rows cursor')
      ;({ seq, after } = decoded)
    }
    const page = await storage.rowsPage(spaceId, filter, after, limit)
    const response: RowsResponse = {
      changes: page.rows.flatMap((row) => row.changes),
      rows: page.rows.length,
      cursor: page.last ? encodeRowsCursor(seq, page.last) : null,
      seq,
      ...(total === undefined ? {} : { total }),
    }
    c.set('counts', { rows: page.rows.length, returned: response.changes.length })
    return c.json(response)
  })

  const listDevices = async (spaceId: string): Promise<DevicesResponse> => ({
    devices: (await storage.listDevices(spaceId))
      .filter((device) => device.revokedAt === null)
      .map(({ deviceId, name, lastSeenAt }) => ({ deviceId, name, lastSeenAt })),
  })

  app.get('/api/sync/devices', async (c) => c.json(await listDevices(c.get('spaceId'))))

  app.post('/api/sync/invitations', async (c) => {
    const code = newToken()
    const created = now()
    const expiresAt = new Date(created.getTime() + INVITATION_TTL_MS).toISOString()
    await storage.createInvitation(c.get('spaceId'), {
      codeHash: hashToken(code),
      createdBy: c.get('deviceId'),
      createdAt: created.toISOString(),
      expiresAt,
    })
    const response: InvitationResponse = { invitation: `${c.get('spaceId')}.${code}`, expiresAt }
    return c.json(response, 201)
  })

  app.post('/api/sync/devices/remove', async (c) => {
    const body = await readJsonBody(c, false)
    if (!body.ok) return body.response
    const parsed = removeDeviceRequestSchema.safeParse(body.value)
    if (!parsed.success) return badRequest(parsed.error)
    const spaceId = c.get('spaceId')
    // Removing a device also retires the shared space secret: a lost tablet that still holds it
    // must not keep a way in. Tablets with their own credentials are unaffected.
    const removed = await storage.revokeDevice(
      spaceId,
      parsed.data.deviceId,
      now().toISOString(),
      hashToken(newToken()),
    )
    if (!removed)
      return wireError(404, 'not-found', `No device ${parsed.data.deviceId} in this space`)
    events.closeDevices(spaceId, [parsed.data.deviceId, null])
    return c.json(await listDevices(spaceId))
  })

  app.post('/api/sync/credential', async (c) => {
    if (c.get('deviceId') !== null)
      return wireError(400, 'bad-request', 'This device already has its own credential')
    const body = await readJsonBody(c, false)
    if (!body.ok) return body.response
    const parsed = tradeCredentialRequestSchema.safeParse(body.value)
    if (!parsed.success) return badRequest(parsed.error)
    if (UNSTORABLE.test(parsed.data.deviceId))
      return wireError(400, 'bad-request', 'deviceId: control or unpaired surrogate character')
    const spaceId = c.get('spaceId')
    // A device id that was removed stays removed: only a new invitation brings it back.
    const known = (await storage.listDevices(spaceId)).find(
      (device) => device.deviceId === parsed.data.deviceId,
    )
    if (known?.revokedAt) return refused('device-removed')
    const device = newDeviceToken()
    await storage.setDeviceCredential(spaceId, {
      deviceId: parsed.data.deviceId,
      name: parsed.data.deviceName ?? null,
      tokenHash: device.tokenHash,
      seenAt: now().toISOString(),
    })
    const response: CreateSpaceResponse = { spaceId, token: device.token }
    return c.json(response, 201)
  })

  app.post('/api/sync/devices', async (c) => {
    const body = await readJsonBody(c, false)
    if (!body.ok) return body.response
    const parsed = registerDeviceRequestSchema.safeParse(body.value)
    if (!parsed.success) return badRequest(parsed.error)
    if (UNSTORABLE.test(parsed.data.deviceId) || UNSTORABLE.test(parsed.data.deviceName))
      return wireError(400, 'bad-request', 'deviceId: control or unpaired surrogate character')
    await storage.recordDevice(c.get('spaceId'), {
      deviceId: parsed.data.deviceId,
      name: parsed.data.deviceName,
      seenAt: now().toISOString(),
    })
    return c.json(await listDevices(c.get('spaceId')))
  })

  app.get('/api/sync/events', (c) => {
    const spaceId = c.get('spaceId')
    const deviceId = c.get('deviceId')
    const credential = bearerCredential(c.req.header('authorization'))
    c.header('x-accel-buffering', 'no')
    return streamSSE(c, async (stream) => {
      let finish = () => {}
      const finished = new Promise<void>((resolve) => {
        finish = resolve
      })
      // A write to a stream the client already left fails; the abort handler cleans up.
      const send = (write: Promise<unknown>) => write.catch(finish)
      const unsubscribe = events.subscribe(spaceId, (latestSeq) => {
        void send(
          stream.writeSSE({ event: 'changes', data: JSON.stringify({ cursor: latestSeq }) }),
        )
      })
      const unregister = events.onClose(finish, { spaceId, deviceId })
      stream.onAbort(finish)
      // Each keep-alive checks the credential again: a removal made through another server
      // process (PostgreSQL) closes this stream within one interval; this process closes at once.
      const keepAlive = setInterval(() => {
        void authenticate(credential)
          .then((auth) => (auth.ok ? send(stream.write(': keep-alive\n\n')) : finish()))
          .catch(finish)
      }, keepAliveMs)
      try {
        const cursor = await storage.latestSeq(spaceId)
        await send(stream.writeSSE({ event: 'ready', data: JSON.stringify({ cursor }) }))
        await finished
      } finally {
        clearInterval(keepAlive)
        unsubscribe()
        unregister()
      }
    })
  })

  app.notFound(async (c) => {
    if (!c.req.path.startsWith('/api/') && serveStatic) {
      const response = await serveStatic(c)
      if (response) return response
    }
    return wireError(404, 'not-found', `No such resource: ${c.req.method} ${c.req.path}`)
  })

  app.onError((error, c) => {
    if (error instanceof SpaceNotFoundError) return unauthorized()
    logger.error({
      msg: 'unhandled error',
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
    return wireError(500, 'internal', 'Internal server error')
  })

  return app
}
