/**
 * The ONE way the UI reads: service reads run inside a read-only transaction within
 * `useLiveQuery`, so a screen re-renders whenever data it read changes. `undefined` means loading;
 * errors propagate to the nearest error boundary. A write attempted here fails with ReadOnlyError.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import type { AppDatabase } from '../../db/database'
import { ALL_TABLES } from '../../db/tables'
import type { Tx } from '../../db/tx'
import { unwrapDomainError } from './run-action'

export type ServiceRead<T> = (tx: Tx) => Promise<T>

/** Run a service read in one read-only transaction (also used outside React, e.g. by tests). */
export async function readInTransaction<T>(database: AppDatabase, fn: ServiceRead<T>): Promise<T> {
  try {
    return await database.transaction('r', [...ALL_TABLES], (tx) => fn(tx))
  } catch (error) {
    throw unwrapDomainError(error)
  }
}

export function createServiceQueryHook(database: AppDatabase) {
  return function useServiceQuery<T>(fn: ServiceRead<T>, deps: readonly unknown[]): T | undefined {
    return useLiveQuery(() => readInTransaction(database, fn), [...deps])
  }
}
