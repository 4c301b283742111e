/**
 * The embedded default storage: PGlite (PostgreSQL compiled to WASM) in a data directory, or in
 * memory for tests. Needs no set-up; exactly one process owns the directory, enforced by the
 * data-dir lock taken before PGlite opens it and released after it closes. Opening a fresh
 * in-memory instance takes 1–3 s, so tests share one per file.
 */
import { PGlite } from '@electric-sql/pglite'
import { lockDataDir, type DataDirLock } from './data-dir-lock'
import { SqlStorage, type Queryable, type SqlClient } from './sql-storage'

export const DEFAULT_DATA_DIR = './data/pglite'

function clientFor(db: PGlite, lock: DataDirLock | null): SqlClient {
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
 * Opens (creating if needed) the PGlite storage.
 * @param dataDir a directory, or `memory` for a throw-away in-memory database
 * @throws DataDirLockedError when another live process holds the directory
 */
export async function openPgliteStorage(dataDir: string): Promise<SqlStorage> {
  if (dataDir === 'memory') return SqlStorage.open(clientFor(await PGlite.create(), null))
  // Crucial order: the lock before PGlite touches the directory.
  const lock = await lockDataDir(dataDir)
  let client: SqlClient | null = null
  try {
    client = clientFor(await PGlite.create(dataDir), lock)
    return await SqlStorage.open(client)
  } catch (error) {
    if (client) await client.close()
    else await lock.release()
    throw error
  }
}
