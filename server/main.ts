/**
 * The server's command line: `tsx server/main.ts` serves the built app (dist/) and the sync API
 * on one URL, on embedded PGlite storage in DATA_DIR, or on PostgreSQL when DATABASE_URL is set
 * (migrations run at start; several processes may share one database).
 * `tsx server/main.ts --restore <file|dir>` restores JSON backups into that storage and exits;
 * `--new-generation` starts a new log generation for every space (after putting back an older
 * copy of the database by other means), so tablets heal it (docs/postgresql.md).
 * The port is bound before the data is touched, and an embedded DATA_DIR has one writer at a
 * time (storage/data-dir-lock.ts): a second server or a restore on it is refused with the PID.
 * Configuration is by environment only: HOST, PORT, DATA_DIR, DATABASE_URL, PG_POOL_MAX,
 * DIST_DIR, ALLOWED_ORIGINS, PUBLIC_ORIGIN, CONNECT_ORIGINS, SPACE_CREATION, SPACE_CREATION_TOKEN,
 * SPACE_RECLAIM, SPACES_PER_HOUR, JOINS_PER_HOUR, REQUEST_TIMEOUT_MS, MAX_CONNECTIONS, BACKUP_DIR, BACKUP_INTERVAL_MS.
 */
import { existsSync } from 'node:fs'
import { restoreBackups, writeBackups } from './backup'
import { jsonLogger } from './logger'
import { FixedWindowLimiter, parseOrigins, type SpaceCreationOptions } from './guards'
import { DEFAULT_LIMITS, startServer } from './start'
import { openPostgresStorage } from './storage/pg-storage'
import { DataDirLockedError } from './storage/data-dir-lock'
import { DEFAULT_DATA_DIR, openPgliteStorage } from './storage/pglite-storage'
import type { SyncStorage } from './storage/storage'

const env = process.env
const logger = jsonLogger()

function fail(message: string): never {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

function intFromEnv(name: string, fallback: number): number {
  const text = env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < 0) fail(`${name} must be a whole number, not "${text}"`)
  return value
}

const databaseUrl = env.DATABASE_URL || null
const dataDir = env.DATA_DIR || DEFAULT_DATA_DIR
/** Where the data lives, for messages; never the URL itself (it may hold a password). */
const storageName = databaseUrl ? 'PostgreSQL' : dataDir
const restoreIndex = process.argv.indexOf('--restore')
const newGeneration = process.argv.includes('--new-generation')

async function openStorage(): Promise<SyncStorage> {
  if (!databaseUrl) {
    try {
      return await openPgliteStorage(dataDir)
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error
      fail(
        restoreIndex === -1 && !newGeneration
          ? `Not starting: ${error.message}`
          : `Not restoring: ${error.message} Restore into a stopped server's DATA_DIR.`,
      )
    }
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl))
    fail('DATABASE_URL must be a postgres:// or postgresql:// URL')
  try {
    return await openPostgresStorage({
      connectionString: databaseUrl,
      maxConnections: intFromEnv('PG_POOL_MAX', 10) || 10,
      logger,
    })
  } catch (error) {
    fail(
      `Cannot open PostgreSQL (DATABASE_URL): ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

if (newGeneration) {
  const storage = await openStorage()
  try {
    const spaces = await storage.renewGenerations()
    logger.info({ msg: 'new log generation', storage: storageName, spaces })
    process.stdout.write(
      `Started a new log generation for ${spaces} space(s) in ${storageName}: tablets will heal it\n`,
    )
  } finally {
    await storage.close()
  }
} else if (restoreIndex !== -1) {
  const path = process.argv[restoreIndex + 1]
  if (!path) fail('Usage: tsx server/main.ts --restore <backup file or directory>')
  const storage = await openStorage()
  try {
    const results = await restoreBackups(storage, path)
    for (const result of results) logger.info({ msg: 'restored', storage: storageName, ...result })
    process.stdout.write(`Restored ${results.length} space(s) into ${storageName}\n`)
  } catch (error) {
    // Every file is checked before anything is written, and all spaces go in one transaction.
    logger.error({ msg: 'restore failed', error: String(error) })
    process.stderr.write(
      `Nothing was restored: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exitCode = 1
  } finally {
    await storage.close()
  }
} else {
  const host = env.HOST || '127.0.0.1'
  const port = intFromEnv('PORT', 4173)
  const distDir = env.DIST_DIR || 'dist'
  const backupInterval = intFromEnv('BACKUP_INTERVAL_MS', 0)
  const backup =
    backupInterval > 0
      ? { dir: env.BACKUP_DIR || './data/backups', intervalMs: backupInterval }
      : null
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
  const origins = (name: string): string[] | undefined => {
    const text = env[name]
    if (!text) return undefined
    try {
      return parseOrigins(text)
    } catch (error) {
      fail(`${name}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  const publicOrigins = origins('PUBLIC_ORIGIN')
  const connectSrc = origins('CONNECT_ORIGINS')
  const limiter = new FixedWindowLimiter(intFromEnv('SPACES_PER_HOUR', 20), 3_600_000)
  const joinLimiter = new FixedWindowLimiter(intFromEnv('JOINS_PER_HOUR', 60), 3_600_000)
  const creationMode = env.SPACE_CREATION || 'open'
  let spaceCreation: SpaceCreationOptions
  if (creationMode === 'open') spaceCreation = { mode: 'open', limiter }
  else if (creationMode === 'token') {
    const token = env.SPACE_CREATION_TOKEN ?? ''
    if (token.length < 16) fail('SPACE_CREATION=token needs SPACE_CREATION_TOKEN (16+ characters)')
    spaceCreation = { mode: 'token', token, limiter }
  } else fail(`SPACE_CREATION must be open or token, not "${creationMode}"`)
  // A tablet may re-create a space this server lost (rebuilt empty): by default only where anyone
  // may create spaces anyway; with SPACE_CREATION=token the operator turns it on after a rebuild.
  const reclaimMode = env.SPACE_RECLAIM || (creationMode === 'open' ? 'on' : 'off')
  if (reclaimMode !== 'on' && reclaimMode !== 'off')
    fail(`SPACE_RECLAIM must be on or off, not "${reclaimMode}"`)
  const limits = {
    requestTimeoutMs: intFromEnv('REQUEST_TIMEOUT_MS', DEFAULT_LIMITS.requestTimeoutMs),
    maxConnections: intFromEnv('MAX_CONNECTIONS', DEFAULT_LIMITS.maxConnections),
  }
  if (!existsSync(distDir))
    logger.error({ msg: `${distDir}/ not found: serving the sync API only (run npm run build)` })

  let server: Awaited<ReturnType<typeof startServer>>
  try {
    // The port first: a server that cannot listen must not have opened the data.
    server = await startServer({
      host,
      port,
      storage: openStorage,
      allowedOrigins,
      logger,
      staticDir: existsSync(distDir) ? distDir : null,
      backup,
      ...(publicOrigins ? { publicOrigins } : {}),
      ...(connectSrc ? { connectSrc } : {}),
      spaceCreation,
      spaceReclaim: reclaimMode === 'on',
      joinLimiter,
      limits,
    })
  } catch (error) {
    fail(`Cannot start: ${error instanceof Error ? error.message : String(error)}`)
  }
  const { storage } = server
  // The operator sees the server's footprint at start and then hourly (docs/postgresql.md).
  const logMemory = () => {
    const usage = process.memoryUsage()
    const mb = (bytes: number) => Math.round(bytes / 1_048_576)
    logger.info({
      msg: 'memory',
      rssMb: mb(usage.rss),
      heapUsedMb: mb(usage.heapUsed),
      externalMb: mb(usage.external),
    })
  }
  logMemory()
  setInterval(logMemory, 3_600_000).unref()
  process.stdout.write(`Bake Tracker running at ${server.url}\n`)

  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1) // a second Ctrl-C does not wait
    stopping = true
    logger.info({ msg: 'shutting down', signal })
    void (async () => {
      await server.close()
      if (backup) await writeBackups({ storage, dir: backup.dir })
      await storage.close()
      process.exit(0)
    })().catch((error: unknown) => {
      logger.error({ msg: 'shutdown failed', error: String(error) })
      process.exit(1)
    })
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}
