/**
 * A fresh, uniquely named database per test on fake-indexeddb, with the same `runAction` the UI
 * uses. `run` unwraps the result (throwing the DomainError) for tests that expect success. `run`
 * and `read` (fixtures, assertions) open every table; each service called inside still runs over
 * only its declared tables (src/test/declared-scope.ts, installed by the setup).
 */
import { afterEach } from 'vitest'
import { createDatabase, type AppDatabase, type DatabaseDeps } from '../db/database'
import { ALL_TABLES } from '../db/tables'
import type { Tx } from '../db/tx'
import { createRunAction, type RunAction } from '../transactions/run-action'
import { readInTransaction } from '../transactions/read'

export type TestDb = {
  db: AppDatabase
  runAction: RunAction
  /** Run `fn` in one read-write transaction over every table; its value, or its error. */
  run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>
  /** Run `fn` in one read-only transaction over every table. */
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>
}

let counter = 0
const openDatabases: AppDatabase[] = []

afterEach(async () => {
  for (const database of openDatabases.splice(0)) {
    await database.delete()
  }
})

/** Fixed wall clock unless the test gives one: 2026-11-01T09:00:00Z, advancing 1 s per call. */
export function steppingClock(startIso = '2026-11-01T09:00:00.000Z', stepMs = 1000): () => number {
  let current = Date.parse(startIso) - stepMs
  return () => (current += stepMs)
}

export function makeTestDb(deps: DatabaseDeps = {}): TestDb {
  counter += 1
  const db = createDatabase(`test-${counter}-${Math.random().toString(36).slice(2)}`, {
    now: steppingClock(),
    deviceId: 'device-test',
    ...deps,
  })
  openDatabases.push(db)
  const runAction = createRunAction(db)
  return {
    db,
    runAction,
    run: async (fn) => {
      const result = await runAction([ALL_TABLES], fn)
      if (!result.ok) throw result.error
      return result.value
    },
    read: (fn) => readInTransaction(db, [ALL_TABLES], fn),
  }
}

/** Every row of every domain table plus the change log, for "nothing changed" assertions. */
export async function snapshotAll(db: AppDatabase): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {}
  for (const table of db.tables) {
    if (table.name === 'meta') continue
    snapshot[table.name] = await table.toArray()
  }
  return snapshot
}
