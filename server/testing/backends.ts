/**
 * The storage backends every server contract suite runs against: the embedded PGlite store and
 * PostgreSQL (the run's server from pg-global-setup.ts, a fresh database per suite). When there is
 * no PostgreSQL the PostgreSQL suites are skipped with the reason printed, never silently.
 */
import { afterAll, describe, inject } from 'vitest'
import { openPostgresStorage } from '../storage/pg-storage'
import { openPgliteStorage } from '../storage/pglite-storage'
import type { SyncStorage } from '../storage/storage'
import { createTestDatabase, type TestDatabase } from './pg-cluster'

export type PostgresForTests =
  { available: true; serverUrl: string } | { available: false; reason: string }

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by pg-global-setup.ts: the PostgreSQL server of this test run, or why there is none. */
    postgres: PostgresForTests
  }
}

/** The test run's PostgreSQL server, or why there is none. */
export function postgresForTests(): PostgresForTests {
  // Undefined when a config without pg-global-setup.ts runs the file.
  const provided = inject('postgres') as PostgresForTests | undefined
  return (
    provided ?? { available: false, reason: 'vitest ran without server/testing/pg-global-setup.ts' }
  )
}

const warned = new Set<string>()

/** Prints once per file why the PostgreSQL suites of `what` are skipped. */
export function warnSkipped(what: string, reason: string): void {
  if (warned.has(what)) return
  warned.add(what)
  console.warn(`Skipping ${what} on PostgreSQL: ${reason}`)
}

/**
 * A fresh database on the run's PostgreSQL server, dropped after the enclosing suite. Call inside
 * a suite that is skipped when PostgreSQL is unavailable.
 */
export function useTestDatabases(prefix: string): () => Promise<TestDatabase> {
  const databases: TestDatabase[] = []
  afterAll(async () => {
    for (const database of databases) await database.drop()
  }, 30_000)
  return async () => {
    const postgres = postgresForTests()
    if (!postgres.available) throw new Error(`no PostgreSQL: ${postgres.reason}`)
    const database = await createTestDatabase(postgres.serverUrl, prefix)
    databases.push(database)
    return database
  }
}

export type TestBackend = {
  name: 'PGlite' | 'PostgreSQL'
  /** A new, empty storage; the caller closes it. */
  open(): Promise<SyncStorage>
}

/**
 * Declares `body` once per backend, as `<title> on PGlite` and `<title> on PostgreSQL`. Each
 * `open()` on PostgreSQL gets its own database, dropped after the suite.
 */
export function describeEachBackend(title: string, body: (backend: TestBackend) => void): void {
  describe(`${title} on PGlite`, () => {
    body({ name: 'PGlite', open: () => openPgliteStorage('memory') })
  })
  const postgres = postgresForTests()
  if (!postgres.available) warnSkipped(title, postgres.reason)
  describe.skipIf(!postgres.available)(`${title} on PostgreSQL`, () => {
    const newDatabase = useTestDatabases(title)
    body({
      name: 'PostgreSQL',
      open: async () => openPostgresStorage({ connectionString: (await newDatabase()).url }),
    })
  })
}
