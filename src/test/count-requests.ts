/**
 * A Dexie DBCore middleware that counts every IndexedDB request below the Dexie API, per
 * `table.operation` (get, getMany, query, openCursor, count, mutate), and the rows each table's
 * reads returned (get, getMany, query; a cursor is counted as a request only). The bounded-reads
 * test checks with it that reads do not grow with the data; the benchmark prints the counts.
 */
import type { DBCore, DBCoreTable } from 'dexie'
import type { AppDatabase } from '../db/database'

export type RequestCounts = Record<string, number>

export function countRequests(db: AppDatabase) {
  const counts = new Map<string, number>()
  const rows = new Map<string, number>()
  db.use({
    stack: 'dbcore',
    name: 'count-requests',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const table = down.table(name)
          const bump = (operation: string) => {
            const key = `${name}.${operation}`
            counts.set(key, (counts.get(key) ?? 0) + 1)
          }
          const read = (count: number) => rows.set(name, (rows.get(name) ?? 0) + count)
          return {
            ...table,
            get: (request) => (
              bump('get'),
              table.get(request).then((row: unknown) => (read(row === undefined ? 0 : 1), row))
            ),
            getMany: (request) => (
              bump('getMany'),
              table.getMany(request).then((found: unknown[]) => {
                read(found.filter((row) => row !== undefined).length)
                return found
              })
            ),
            query: (request) => (
              bump('query'),
              table.query(request).then((response) => (read(response.result.length), response))
            ),
            openCursor: (request) => (bump('openCursor'), table.openCursor(request)),
            count: (request) => (bump('count'), table.count(request)),
            mutate: (request) => (bump('mutate'), table.mutate(request)),
          }
        },
      }
    },
  })
  return {
    reset: () => {
      counts.clear()
      rows.clear()
    },
    /** The counts since the last reset, by `table.operation` in name order. */
    snapshot: (): RequestCounts =>
      Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1))),
    /** Rows returned since the last reset, by table in name order (tables read nothing: absent). */
    rowsRead: (): RequestCounts =>
      Object.fromEntries(
        [...rows].filter(([, count]) => count > 0).sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
  }
}
