/**
 * The embedded default storage: PGlite (PostgreSQL compiled to WASM) in a data directory, or in
 * memory for tests. Needs no set-up; exactly one process owns the directory, enforced by the
 * data-dir lock taken before PGlite opens it and released after it closes. Opening a fresh
 * in-memory instance takes 1–3 s, so tests share one per file.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { lockDataDir, type DataDirLock } from './data-dir-lock'
import { SqlStorage, type Queryable, type SqlClient } from './sql-storage'

export const DEFAULT_DATA_DIR = './data/pglite'

/**
 * PostgreSQL memory settings for the embedded store. PGlite's WASM memory only grows, and its
 * default shared_buffers (128 MB) is most of an idle server's footprint: with these, a reopened
 * data directory idles at about 160 MB RSS in PGlite instead of about 310 MB (docs/decisions.md).
 */
export const PGLITE_SETTINGS = [
  'shared_buffers=16MB',
  'wal_buffers=1MB',
  'temp_buffers=1MB',
  'work_mem=4MB',
  'maintenance_work_mem=16MB',
]

/** A storage client over `db` (the data directory's lock released on close, when one is held). */
export function pgliteClient(db: PGlite, lock: DataDirLock | null = null): SqlClient {
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<TRow>(sql: string, params: unknown[] = []) {
      const result = await target.query<TRow>(sql, params)
      return { rows: result.rows }
    },
  })
  return {
    ...wrap(db),
    transact: (body) => db.transaction((tx) => body(wrap(tx))),
    async close() {
      try {
        await db.close()
      } finally {
        await lock?.release()
      }
    },
  }
}

/**
 * Creates a new data directory in a worker thread. initdb grows PGlite's WASM memory to about
 * 600 MB, and WASM memory never shrinks: done here, it is freed with the worker, so a fresh
 * server idles like a restarted one.
 */
async function initialiseInWorker(dataDir: string): Promise<void> {
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads')
     import(workerData.pglite).then(async ({ PGlite }) => {
       const db = await PGlite.create(workerData.dataDir, { postgresqlconf: workerData.settings })
       await db.close()
     })`,
    { eval: true, workerData: { pglite, dataDir, settings: PGLITE_SETTINGS } },
  )
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject)
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`initialising ${dataDir} failed (${code})`)),
    )
  })
}

/**
 * Opens (creating if needed) the PGlite storage.
 * @param dataDir a directory, or `memory` for a throw-away in-memory database
 * @throws DataDirLockedError when another live process holds the directory
 */
export async function openPgliteStorage(dataDir: string): Promise<SqlStorage> {
  const options = { postgresqlconf: PGLITE_SETTINGS }
  if (dataDir === 'memory')
    return SqlStorage.open(pgliteClient(await PGlite.create(undefined, options), null))
  // Crucial order: the lock before PGlite touches the directory.
  const lock = await lockDataDir(dataDir)
  let client: SqlClient | null = null
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialiseInWorker(dataDir)
    client = pgliteClient(await PGlite.create(dataDir, options), lock)
    return await SqlStorage.open(client)
  } catch (error) {
    if (client) await client.close()
    else await lock.release()
    throw error
  }
}
