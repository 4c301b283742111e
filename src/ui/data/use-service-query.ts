/**
 * The ONE way the UI reads: `useServiceQuery(uses, fn, deps)` runs service reads inside a
 * read-only transaction over the tables `uses` declares (the services `fn` calls), within
 * `useLiveQuery`, so a screen re-renders whenever data it read changes. `undefined` means loading;
 * errors propagate to the nearest error boundary. A write attempted here fails with ReadOnlyError.
 * Reads are counted until the first screen has its data (first-reads.ts).
 */
import { useLiveQuery } from 'dexie-react-hooks'
import type { AppDatabase } from '../../db/database'
import { readInTransaction, type ServiceRead } from '../../transactions/read'
import type { Uses } from '../../transactions/run-action'
import { trackFirstRead } from './first-reads'

export { readInTransaction, type ServiceRead }

export function createServiceQueryHook(database: AppDatabase) {
  return function useServiceQuery<T>(
    uses: Uses,
    fn: ServiceRead<T>,
    deps: readonly unknown[],
  ): T | undefined {
    return useLiveQuery(() => trackFirstRead(readInTransaction(database, uses, fn)), [...deps])
  }
}
