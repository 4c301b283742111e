import { describe, expect, it } from 'vitest'
import { getEventsWithProgress, listEventsInRange } from '../services/progress'
import { getDashboardSummary } from '../services/reports'
import type { TableName } from '../db/tables'
import type { Tx } from '../db/tx'
import { makeTestDb } from '../test/make-test-db'
import { seedEveryTable } from '../test/seed-every-table'
import { tablesOf } from './declared-tables'
import { readInTransaction } from './read'

const TODAY = { filter: 'all' as const, today: '2026-11-01' }

describe('tables declared by services', () => {
  it('each declared read gives the same result in a transaction over only its declared tables', async () => {
    const { db, run, read } = makeTestDb()
    await run((tx) => seedEveryTable(tx))
    const reads: { tables: TableName[]; fn: (tx: Tx) => Promise<unknown> }[] = [
      {
        tables: tablesOf(getEventsWithProgress),
        fn: (tx) => getEventsWithProgress(tx, TODAY),
      },
      { tables: tablesOf(listEventsInRange), fn: (tx) => listEventsInRange(tx, TODAY) },
      { tables: tablesOf(getDashboardSummary), fn: (tx) => getDashboardSummary(tx) },
    ]
    for (const { tables, fn } of reads) {
      const scoped = await readInTransaction(db, fn, tables)
      expect(scoped).toEqual(await read(fn))
    }
  })

  it('a service that touches a table it did not declare fails in a scoped transaction', async () => {
    const { db, run } = makeTestDb()
    await run((tx) => seedEveryTable(tx))
    const withoutSummaries = tablesOf(getEventsWithProgress).filter(
      (table) => table !== 'eventSummaries',
    )
    await expect(
      readInTransaction(db, (tx) => getEventsWithProgress(tx, TODAY), withoutSummaries),
    ).rejects.toThrow(/not part of transaction|could not be found/)
  })

  it('the union of several services is each table once, in name order', () => {
    expect(tablesOf(listEventsInRange, getEventsWithProgress)).toEqual([
      'eventSummaries',
      'events',
      'finishedGoods',
      'recipes',
    ])
  })
})
