import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import { WRITE_TABLES } from '../db/write-tables'
import { createEvent, getEvent, listEvents } from '../services/events'
import { getEventsWithProgress, listEventsInRange } from '../services/progress'
import { listRecipes } from '../services/recipes'
import { getDashboardSummary } from '../services/reports'
import { scopedToDeclaredTables } from '../test/declared-scope'
import { makeTestDb } from '../test/make-test-db'
import { seedEveryTable } from '../test/seed-every-table'
import { tablesOf, UndeclaredTableError, writes, type DeclaredService } from './declared-tables'
import { readInTransaction } from './read'

const TODAY = { filter: 'all' as const, today: '2026-11-01' }

/** Reads recipes but declares only events: the mistake every service test would catch. */
async function listRecipesSneakily(tx: Tx) {
  return tx.recipes.toArray()
}
listRecipesSneakily.tables = tablesOf('events')

describe('tables declared by services', () => {
  it('each declared read gives the same result in a transaction over only its declared tables', async () => {
    const { db, run, read } = makeTestDb()
    await run((tx) => seedEveryTable(tx))
    const reads: { uses: DeclaredService; fn: (tx: Tx) => Promise<unknown> }[] = [
      { uses: getEventsWithProgress, fn: (tx: Tx) => getEventsWithProgress(tx, TODAY) },
      { uses: listEventsInRange, fn: (tx: Tx) => listEventsInRange(tx, TODAY) },
      { uses: getDashboardSummary, fn: (tx: Tx) => getDashboardSummary(tx) },
    ]
    for (const { uses, fn } of reads) {
      const scoped = await readInTransaction(db, [uses], fn)
      expect(scoped).toEqual(await read(fn))
    }
  })

  it('a read over fewer tables than its service declares fails, naming the table and what the read named', async () => {
    const { db, run } = makeTestDb()
    await run((tx) => seedEveryTable(tx))
    const withoutSummaries = tablesOf(getEventsWithProgress).filter(
      (table) => table !== 'eventSummaries',
    )
    const attempt = readInTransaction(db, [withoutSummaries], (tx) =>
      getEventsWithProgress(tx, TODAY),
    )
    await expect(attempt).rejects.toBeInstanceOf(UndeclaredTableError)
    await expect(attempt).rejects.toThrow(/'eventSummaries'.*\[events, finishedGoods, recipes\]/)
  })

  it('a service that touches a table it does not declare fails with the service and the table named', async () => {
    const { run } = makeTestDb()
    const checked = scopedToDeclaredTables(listRecipesSneakily)
    const attempt = run((tx) => checked(tx))
    await expect(attempt).rejects.toBeInstanceOf(UndeclaredTableError)
    await expect(attempt).rejects.toThrow(/'recipes'.*listRecipesSneakily/)
  })

  it('a function given a transaction without declaring its tables fails in tests', async () => {
    const { run } = makeTestDb()
    const undeclared = scopedToDeclaredTables(async (tx: Tx) => tx.events.count(), 'countEvents')
    await expect(run((tx) => undeclared(tx))).rejects.toThrow(/countEvents .*declares no tables/)
  })

  it('every service the tests import is checked against its declaration', async () => {
    const { run } = makeTestDb()
    // The setup replaced the module's functions: listRecipes now runs over its declared tables
    // only, so a transaction narrowed below them is caught by the check, not by IndexedDB.
    await expect(
      run((tx) => {
        const declared = (listRecipes as { tables: readonly string[] }).tables
        expect(declared).toEqual(tablesOf(listRecipes))
        return listRecipes(tx)
      }),
    ).resolves.toEqual([])
    expect(listRecipes.name).toBe('listRecipes')
    expect(listRecipes.toString()).toContain('runScoped')
  })

  it('the union of several services is each table once, in name order', () => {
    expect(tablesOf(listEventsInRange, getEventsWithProgress)).toEqual([
      'eventSummaries',
      'events',
      'finishedGoods',
      'recipes',
    ])
  })

  it('a declaration includes the declarations of the services it calls', () => {
    expect(tablesOf(getEvent)).toEqual(['events'])
    expect(tablesOf(createEvent)).toEqual(tablesOf('events', [...WRITE_TABLES]))
  })

  it('a write declares its table, the change log, outbox, row states and meta (the newest state clock), and summaries for a summary source', () => {
    expect(writes('recipes')).toEqual(['changes', 'meta', 'outbox', 'recipes', 'rowStates'])
    expect(writes('assignments')).toEqual([
      'assignments',
      'changes',
      'eventSummaries',
      'meta',
      'outbox',
      'rowStates',
    ])
  })

  it('an action touching a table outside the services it names fails, naming the table and them', async () => {
    const { runAction } = makeTestDb()
    const attempt = runAction([listEvents], (tx) => listRecipes(tx))
    await expect(attempt).rejects.toBeInstanceOf(UndeclaredTableError)
    await expect(attempt).rejects.toThrow(
      /Table '\w+' was touched by an action that names listEvents/,
    )
  })

  it('an action opens its transaction over exactly the tables the services it names declare', async () => {
    const { runAction } = makeTestDb()
    const result = await runAction([createEvent, listRecipes], (tx) =>
      Promise.resolve([...tx.storeNames]),
    )
    expect(result.ok && [...result.value].sort()).toEqual(tablesOf(createEvent, listRecipes))
  })
})

describe('scoped transactions', () => {
  it('a read over tables an open write does not use completes while that write is still running', async () => {
    const { db, runAction } = makeTestDb()
    let readDone = false
    let spins = 0
    // The write keeps its transaction busy with Dexie requests only, until the read is done (or
    // it gives up): a read that had to wait for it would finish after it.
    const write = runAction(['recipes'], async (tx) => {
      while (!readDone && spins < 2_000) {
        await tx.recipes.count()
        spins += 1
      }
      return readDone
    })
    const read = readInTransaction(db, [listEvents], (tx) => listEvents(tx)).then((rows) => {
      readDone = true
      return rows
    })
    expect(await read).toEqual([])
    const result = await write
    expect(result.ok && result.value).toBe(true)
  })
})
