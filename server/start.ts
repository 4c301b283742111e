/**
 * Starts the whole product in one process: the sync API and the built PWA on one URL, on the
 * given storage (embedded PGlite or PostgreSQL), with the scheduled backup when configured.
 * When the storage has a change feed (PostgreSQL), SSE streams hear the appends of every server
 * process through it. `main.ts` reads the environment and calls this; tests call it directly.
 * With `openStorage`, the port is bound BEFORE the storage is opened, so a second server on a
 * taken port fails without touching the data; requests that arrive meanwhile get a 503.
 */
import { Server as HttpServer } from 'node:http'
import { serve, type ServerType } from '@hono/node-server'
import { createApp } from './app'
import { startBackupSchedule } from './backup'
import { SpaceEvents } from './events'
import { defaultPublicOrigins, type FixedWindowLimiter, type SpaceCreationOptions } from './guards'
import type { Logger } from './logger'
import type { SyncStorage } from './storage/storage'

export type ServerConfig = {
  host: string
  /** 0 picks a free port. */
  port: number
  /** The storage, or how to open it once the port is bound. */
  storage: SyncStorage | (() => Promise<SyncStorage>)
  allowedOrigins: readonly string[]
  logger: Logger
  staticDir: string | null
  backup: { dir: string; intervalMs: number } | null
  keepAliveMs?: number
  now?: () => Date
  /** PUBLIC_ORIGIN; default: the loopback names (and interface addresses on 0.0.0.0) + port. */
  publicOrigins?: readonly string[]
  /** Further origins the shell's CSP lets the app connect to. */
  connectSrc?: readonly string[]
  spaceCreation?: SpaceCreationOptions
  /** SPACE_RECLAIM: tablets may re-create a space this server lost (app.ts). */
  spaceReclaim?: boolean
  /** JOINS_PER_HOUR: join attempts per client address per hour (app.ts). */
  joinLimiter?: FixedWindowLimiter
  limits?: Partial<ConnectionLimits>
}

/** What one connection may hold: slow or idle clients are cut, and their number is capped. */
export type ConnectionLimits = {
  /** Whole request (headers and body) must arrive within this (Node's requestTimeout). */
  requestTimeoutMs: number
  /** Headers must arrive within this. */
  headersTimeoutMs: number
  /** A socket with no traffic either way is closed after this (above the SSE keep-alive). */
  idleTimeoutMs: number
  /** Idle keep-alive connections between requests are closed after this. */
  keepAliveTimeoutMs: number
  /** Open connections beyond this are refused (closed at once). */
  maxConnections: number
  /** How often Node checks requestTimeout/headersTimeout. */
  checkIntervalMs: number
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
  checkIntervalMs: 1_000,
}

export type RunningServer = {
  url: string
  port: number
  storage: SyncStorage
  /** The SSE hub (open streams per space). */
  events: SpaceEvents
  /** Ends open SSE streams, stops the backup timer, closes the socket; storage stays open. */
  close(): Promise<void>
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  // The node-server passes {incoming, outgoing} as env: the app reads the client address there.
  let handler: ((request: Request, env: unknown) => Response | Promise<Response>) | null = null
  let server: ServerType | undefined
  const limits = { ...DEFAULT_LIMITS, ...config.limits }
  const port = await new Promise<number>((resolve, reject) => {
    server = serve(
      {
        serverOptions: {
          requestTimeout: limits.requestTimeoutMs,
          headersTimeout: limits.headersTimeoutMs,
          keepAliveTimeout: limits.keepAliveTimeoutMs,
          connectionsCheckingInterval: limits.checkIntervalMs,
        },
        fetch: (request, env) =>
          handler
            ? handler(request, env)
            : Response.json(
                { code: 'internal', message: 'The server is starting; try again in a moment' },
                { status: 503, headers: { 'retry-after': '1' } },
              ),
        hostname: config.host,
        port: config.port,
      },
      (info) => resolve(info.port),
    )
    server.once('error', reject)
  })
  if (server instanceof HttpServer) {
    server.maxConnections = limits.maxConnections
    // With no 'timeout' listener, Node destroys a socket that was silent this long.
    server.timeout = limits.idleTimeoutMs
  }
  const closeSocket = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve()
      server.close(() => resolve())
      // Idle keep-alive sockets would hold close() open; active requests still finish.
      if ('closeIdleConnections' in server) server.closeIdleConnections()
    })
  let storage: SyncStorage
  try {
    storage = typeof config.storage === 'function' ? await config.storage() : config.storage
  } catch (error) {
    await closeSocket()
    throw error
  }

  const events = new SpaceEvents()
  const feed = storage.changeFeed
  const unsubscribe = feed
    ? feed.subscribe({
        changed: (spaceId, latestSeq) => events.notify(spaceId, latestSeq),
        // After a gap in the feed, tell every open stream the current cursor; a client that is
        // already there pulls nothing.
        resync: () => {
          for (const spaceId of events.spaces()) {
            storage.latestSeq(spaceId).then(
              (latestSeq) => events.notify(spaceId, latestSeq),
              (error: unknown) =>
                config.logger.error({ msg: 'resync failed', spaceId, error: String(error) }),
            )
          }
        },
      })
    : () => {}
  const app = createApp({
    storage,
    allowedOrigins: config.allowedOrigins,
    logger: config.logger,
    staticDir: config.staticDir,
    events,
    announcePushes: !feed,
    ...(config.keepAliveMs === undefined ? {} : { keepAliveMs: config.keepAliveMs }),
    ...(config.now ? { now: config.now } : {}),
    publicOrigins: config.publicOrigins ?? defaultPublicOrigins(config.host, port),
    ...(config.connectSrc ? { connectSrc: config.connectSrc } : {}),
    ...(config.spaceCreation ? { spaceCreation: config.spaceCreation } : {}),
    ...(config.spaceReclaim === undefined ? {} : { spaceReclaim: config.spaceReclaim }),
    ...(config.joinLimiter ? { joinLimiter: config.joinLimiter } : {}),
  })
  handler = (request, env) => app.fetch(request, env)
  const stopBackup = config.backup
    ? startBackupSchedule({ storage, logger: config.logger, ...config.backup })
    : async () => {}
  const displayHost = config.host.includes(':') ? `[${config.host}]` : config.host
  return {
    url: `http://${displayHost}:${port}`,
    port,
    storage,
    events,
    async close() {
      unsubscribe()
      events.closeAll()
      await stopBackup()
      await closeSocket()
    },
  }
}
