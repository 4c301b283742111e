/**
 * The one way to run service reads outside a write: `readInTransaction(db, fn)` runs `fn(tx)` in
 * ONE read-only transaction (a write fails with ReadOnlyError) and gives back our typed domain
 * errors. Shared by the UI's read hook, the tests and the bench.
 */
import type { AppDatabase } from '../db/database'
import { ALL_TABLES } from '../db/tables'
import type { Tx } from '../db/tx'
import { unwrapDomainError } from './run-action'

export type ServiceRead<T> = (tx: Tx) => Promise<T>

/** Run a service read in one read-only transaction. */
export async function readInTransaction<T>(database: AppDatabase, fn: ServiceRead<T>): Promise<T> {
  try {
    return await database.transaction('r', [...ALL_TABLES], (tx) => fn(tx))
  } catch (error) {
    throw unwrapDomainError(error)
  }
}
