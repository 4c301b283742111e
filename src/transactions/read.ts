/**
 * The one way to run service reads outside a write: `readInTransaction(db, fn)` runs `fn(tx)` in
 * ONE read-only transaction (a write fails with ReadOnlyError) and gives back our typed domain
 * errors. Shared by the UI's read hook, the tests and the bench.
 */
import type { AppDatabase } from '../db/database'
import { ALL_TABLES, type TableName } from '../db/tables'
import type { Tx } from '../db/tx'
import { unwrapDomainError } from './run-action'

export type ServiceRead<T> = (tx: Tx) => Promise<T>

/**
 * Run a service read in one read-only transaction, over `tables` when given (the union of what
 * the services called declare: `tablesOf`), else over every table.
 */
export async function readInTransaction<T>(
  database: AppDatabase,
  fn: ServiceRead<T>,
  tables: readonly TableName[] = ALL_TABLES,
): Promise<T> {
  try {
    return await database.transaction('r', [...tables], (tx) => fn(tx))
  } catch (error) {
    throw unwrapDomainError(error)
  }
}
