/**
 * The ONE way the UI reads: service reads run inside a read-only transaction within
 * `useLiveQuery`, so a screen re-renders whenever data it read changes. `undefined` means loading;
 * errors propagate to the nearest error boundary. A write attempted here fails with ReadOnlyError.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import type { AppDatabase } from '../../db/database'
import { readInTransaction, type ServiceRead } from '../../transactions/read'

export { readInTransaction, type ServiceRead }

export function createServiceQueryHook(database: AppDatabase) {
  return function useServiceQuery<T>(fn: ServiceRead<T>, deps: readonly unknown[]): T | undefined {
    return useLiveQuery(() => readInTransaction(database, fn), [...deps])
  }
}
