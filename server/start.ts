/**
 * Starts the whole product in one process: the sync API and the built PWA on one URL, on the
 * given storage (embedded PGlite or PostgreSQL), with the scheduled backup when configured.
 * When the storage has a change feed (PostgreSQL), SSE streams hear the appends of every server
 * process through it. `main.ts` reads the environment and calls this; tests call it directly.
 * With `openStorage`, the port is bound BEFORE the storage is opened, so a second server on a
 * taken port fails without touching the data; requests that arrive meanwhile get a 503.
 */
import { serve, type ServerType } from '@hono/node-server'
import { createApp } from './app'
import { startBackupSchedule } from './backup'
import { SpaceEvents } from './events'
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
  const port = await new Promise<number>((resolve, reject) => {
    server = serve(
      {
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
