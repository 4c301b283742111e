/**
 * The embedded default storage: PGlite (PostgreSQL compiled to WASM) in a data directory, or in
 * memory for tests. Needs no set-up; one server process owns the directory. Opening a fresh
 * in-memory instance takes 1–3 s, so tests share one per file.
 */
import { mkdir } from 'node:fs/promises'
import { PGlite } from '@electric-sql/pglite'
import { SqlStorage, type Queryable, type SqlClient } from './sql-storage'

export const DEFAULT_DATA_DIR = './data/pglite'

function clientFor(db: PGlite): SqlClient {
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<TRow>(sql: string, params: unknown[] = []) {
      const result = await target.query<TRow>(sql, params)
      return { rows: result.rows }
    },
  })
  return {
    ...wrap(db),
    transact: (body) => db.transaction((tx) => body(wrap(tx))),
    close: () => db.close(),
  }
}

/**
 * Opens (creating if needed) the PGlite storage.
 * @param dataDir a directory, or `memory` for a throw-away in-memory database
 */
export async function openPgliteStorage(dataDir: string): Promise<SqlStorage> {
  let db: PGlite
  if (dataDir === 'memory') db = await PGlite.create()
  else {
    await mkdir(dataDir, { recursive: true })
    db = await PGlite.create(dataDir)
  }
  return SqlStorage.open(clientFor(db))
}
