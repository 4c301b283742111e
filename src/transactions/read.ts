/**
 * The one way to run service reads outside a write: `readInTransaction(db, uses, fn)` runs
 * `fn(tx)` in ONE read-only transaction over the tables `uses` declares (the services `fn` calls:
 * declared-tables.ts); a write fails with ReadOnlyError, a table outside them with an
 * UndeclaredTableError, and our typed domain errors come back unwrapped. Shared by the UI's read
 * hook, the tests and the bench.
 */
import type { AppDatabase } from '../db/database'
import type { Tx } from '../db/tx'
import { inScopedTransaction, type Uses } from './run-action'

export type ServiceRead<T> = (tx: Tx) => Promise<T>

/** Run a service read in one read-only transaction over the union of the tables `uses` declares. */
export function readInTransaction<T>(
  database: AppDatabase,
  uses: Uses,
  fn: ServiceRead<T>,
): Promise<T> {
  return inScopedTransaction(database, 'r', uses, fn)
}
