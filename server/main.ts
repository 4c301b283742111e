/**
 * The server's command line: `tsx server/main.ts` serves the built app (dist/) and the sync API
 * on one URL, on embedded PGlite storage in DATA_DIR. `tsx server/main.ts --restore <file|dir>`
 * restores JSON backups into DATA_DIR and exits. Configuration is by environment only:
 * HOST, PORT, DATA_DIR, DIST_DIR, ALLOWED_ORIGINS, BACKUP_DIR, BACKUP_INTERVAL_MS.
 */
import { existsSync } from 'node:fs'
import { restoreBackups, writeBackups } from './backup'
import { jsonLogger } from './logger'
import { startServer } from './start'
import { DEFAULT_DATA_DIR, openPgliteStorage } from './storage/pglite-storage'

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

if (env.DATABASE_URL) fail('DATABASE_URL is set, but the PostgreSQL backend is not built yet.')

const dataDir = env.DATA_DIR || DEFAULT_DATA_DIR
const restoreIndex = process.argv.indexOf('--restore')

if (restoreIndex !== -1) {
  const path = process.argv[restoreIndex + 1]
  if (!path) fail('Usage: tsx server/main.ts --restore <backup file or directory>')
  const storage = await openPgliteStorage(dataDir)
  try {
    const results = await restoreBackups(storage, path)
    for (const result of results) logger.info({ msg: 'restored', dataDir, ...result })
    process.stdout.write(`Restored ${results.length} space(s) into ${dataDir}\n`)
  } catch (error) {
    logger.error({ msg: 'restore failed', error: String(error) })
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
  if (!existsSync(distDir))
    logger.error({ msg: `${distDir}/ not found: serving the sync API only (run npm run build)` })

  const storage = await openPgliteStorage(dataDir)
  const server = await startServer({
    host,
    port,
    storage,
    allowedOrigins,
    logger,
    staticDir: existsSync(distDir) ? distDir : null,
    backup,
  })
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
