import { describe, expect, it, vi } from 'vitest'
import type { ChangeRecord } from '../db/change-record'
import { DOMAIN_TABLES } from '../db/tables'
import { update } from '../db/mutate'
import { rowKeyString } from '../db/row-states'
import { buildAssignment, buildEvent, buildPackage, buildRecipient } from '../test/builders'
import { expectSummariesMatchRecomputation } from '../test/event-summary-check'
import { countRequests } from '../test/count-requests'
import { makeTestDb, type TestDb } from '../test/make-test-db'
import { applyScope, chunksOf, storeBatch } from './apply-batch'
import { pullAll } from './pull'
import { pushAll } from './push'
import { CURSOR_META_KEY, readCursor } from './sync-state'
import { MemoryServer } from './testing/memory-server'

const change = (table: ChangeRecord['table'], rowId: string, n: number): ChangeRecord => ({
  id: `c-${rowId}-${n}`,
  table,
  rowId,
  fields: { notes: `n${n}` },
  hlc: `h${n}`,
  deviceId: 'tablet-a',
})

/** The scope of every read-write transaction `db` opens from now on. */
function recordScopes(db: TestDb['db']): string[][] {
  const scopes: string[][] = []
  const original = db.transaction.bind(db) as (...args: unknown[]) => unknown
  vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => {
    const [mode, tables] = args
    if (mode === 'rw')
      scopes.push(
        (tables as (string | { name: string })[]).map((t) => (typeof t === 'string' ? t : t.name)),
      )
    return original(...args)
  }) as typeof db.transaction)
  return scopes
}

async function domainRows(db: TestDb['db']) {
  const rows: Record<string, unknown[]> = {}
  for (const table of DOMAIN_TABLES) rows[table] = await db.table(table).orderBy('id').toArray()
  return rows
}

/** Tablet A with a delivery event of `count` assignments, pushed; the server log's changes. */
async function spaceWithAssignments(count: number) {
  const a = makeTestDb({ deviceId: 'tablet-a' })
  const server = new MemoryServer()
  await a.run(async (tx) => {
    const event = await buildEvent(tx, { date: '2026-12-24' })
    const packageRow = await buildPackage(tx)
    for (let index = 0; index < count; index += 1) {
      const recipient = await buildRecipient(tx)
      await buildAssignment(tx, {
        eventId: event.id,
        recipientId: recipient.id,
        packageId: packageRow.id,
      })
    }
  })
  await pushAll(a.db, server.transport())
  return { a, server, changes: server.log.map(({ seq: _seq, ...rest }) => rest) }
}

describe('applyScope', () => {
  it("holds the batch's tables, row states and meta, and the summaries only for a summary source", () => {
    expect(applyScope([change('recipients', 'r1', 1)])).toEqual(['meta', 'recipients', 'rowStates'])
    expect(applyScope([change('assignments', 'a1', 1)], ['events'])).toEqual([
      'assignments',
      'eventSummaries',
      'events',
      'meta',
      'rowStates',
    ])
  })
})

describe('chunksOf', () => {
  it("cuts a batch into chunks of about the size given, never splitting one row's changes", () => {
    const batch = [
      change('recipients', 'r1', 1),
      change('recipients', 'r2', 2),
      change('recipients', 'r1', 3),
      change('recipients', 'r3', 4),
      change('recipients', 'r3', 5),
    ]
    expect(chunksOf(batch, 2).map((chunk) => chunk.map((c) => c.id))).toEqual([
      ['c-r1-1', 'c-r1-3'],
      ['c-r2-2'],
      ['c-r3-4', 'c-r3-5'],
    ])
    expect(chunksOf([], 2)).toEqual([[]])
  })
})

describe('storing a pulled batch', () => {
  it('opens its transactions over the tables the batch touches: a batch of recipients holds no assignments, events or catalogue', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    await pullAll(b.db, server.transport())
    await a.run(async (tx) => {
      await buildRecipient(tx)
      await buildRecipient(tx)
    })
    await pushAll(a.db, server.transport())
    const scopes = recordScopes(b.db)
    await pullAll(b.db, server.transport())
    expect(await b.db.recipients.count()).toBe(2)
    expect(scopes.length).toBeGreaterThan(0)
    for (const scope of scopes)
      for (const table of ['assignments', 'events', 'recipes', 'eventSummaries', 'changes'])
        expect(scope).not.toContain(table)
  })

  it('applies a long batch in several transactions and moves the cursor with the last one only', async () => {
    const { changes } = await spaceWithAssignments(6)
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const scopes = recordScopes(b.db)
    const result = await storeBatch(b.db, changes, {
      notices: true,
      chunkSize: 4,
      finishTables: ['meta'],
      finish: (tx) => tx.meta.put({ key: CURSOR_META_KEY, value: changes.length }),
    })
    expect(scopes.length).toBeGreaterThan(2)
    expect(result.applied).toBe(changes.length)
    expect(await readCursor(b.db)).toBe(changes.length)
    expect(await b.db.assignments.count()).toBe(6)
    await expectSummariesMatchRecomputation(b.db)
  })

  it("reads the batch's row states once, though the notices check and the apply both need them", async () => {
    const { changes } = await spaceWithAssignments(3)
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const counter = countRequests(b.db)
    await storeBatch(b.db, changes, {
      notices: true,
      finishTables: ['meta'],
      finish: (tx) => tx.meta.put({ key: CURSOR_META_KEY, value: changes.length }),
    })
    expect(counter.snapshot()['rowStates.getMany']).toBe(1)
    expect(await b.db.assignments.count()).toBe(3)
  })

  it('after a crash between chunks keeps the cursor, and the batch delivered again ends in the same rows and summaries as one delivery', async () => {
    const { a, changes } = await spaceWithAssignments(6)
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const crash = storeBatch(b.db, changes, {
      notices: true,
      chunkSize: 4,
      finishTables: ['meta'],
      finish: () => Promise.reject(new Error('the tab was closed')),
    })
    await expect(crash).rejects.toThrow('the tab was closed')
    expect(await readCursor(b.db)).toBeUndefined()
    // Earlier chunks are stored, the last one is not.
    const stored = await b.db.rowStates.count()
    expect(stored).toBeGreaterThan(0)
    expect(stored).toBeLessThan(new Set(changes.map((c) => `${c.table}/${c.rowId}`)).size)
    await storeBatch(b.db, changes, {
      notices: true,
      chunkSize: 4,
      finishTables: ['meta'],
      finish: (tx) => tx.meta.put({ key: CURSOR_META_KEY, value: changes.length }),
    })
    expect(await readCursor(b.db)).toBe(changes.length)
    expect(await domainRows(b.db)).toEqual(await domainRows(a.db))
    await expectSummariesMatchRecomputation(b.db)
  })

  it('stores a batch of rows new here without reading their states, and writes the same rows, states and summaries as the reading path', async () => {
    // In key order, as the server's pages come (one chunk's rows never interleave another's).
    const changes = (await spaceWithAssignments(5)).changes.sort((x, y) =>
      rowKeyString(x.table, x.rowId) < rowKeyString(y.table, y.rowId) ? -1 : 1,
    )
    const store = (db: TestDb['db'], probablyNew: boolean) =>
      storeBatch(db, changes, {
        notices: true,
        chunkSize: 4,
        probablyNew,
        finishTables: ['meta'],
        finish: (tx) => tx.meta.put({ key: CURSOR_META_KEY, value: changes.length }),
      })
    const reading = makeTestDb({ deviceId: 'tablet-b' })
    const fresh = makeTestDb({ deviceId: 'tablet-b' })
    const counter = countRequests(fresh.db)
    const [readResult, freshResult] = [await store(reading.db, false), await store(fresh.db, true)]
    expect(counter.snapshot()['rowStates.getMany']).toBeUndefined()
    expect(freshResult.applied).toBe(readResult.applied)
    expect(await domainRows(fresh.db)).toEqual(await domainRows(reading.db))
    expect(await fresh.db.rowStates.toArray()).toEqual(await reading.db.rowStates.toArray())
    expect(await fresh.db.eventSummaries.toArray()).toEqual(
      await reading.db.eventSummaries.toArray(),
    )
    await expectSummariesMatchRecomputation(fresh.db)
  })

  it('reads the states of a batch expected new when this tablet already holds rows in its key range, and names what it replaced', async () => {
    const { a, server } = await spaceWithAssignments(3)
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const counter = countRequests(b.db)
    await pullAll(b.db, server.transport())
    // Tablet B edits a recipient; tablet A's later edit of the same recipient comes as "new".
    const recipient = (await b.db.recipients.toArray())[0]!
    await b.run((tx) => update(tx, 'recipients', recipient.id, { name: 'From B' }))
    await a.run((tx) => update(tx, 'recipients', recipient.id, { name: 'From A' }))
    await pushAll(a.db, server.transport())
    const incoming = server.log
      .filter((entry) => entry.rowId === recipient.id && entry.deviceId === 'tablet-a')
      .map(({ seq: _seq, ...rest }) => rest)
    const before = counter.snapshot()['rowStates.getMany'] ?? 0
    const result = await storeBatch(b.db, incoming, {
      notices: true,
      probablyNew: true,
      finishTables: ['meta'],
      finish: () => Promise.resolve(),
    })
    expect(counter.snapshot()['rowStates.getMany']).toBe(before + 1)
    expect(result.notices.map((notice) => notice.field)).toEqual(['name'])
    expect((await b.db.recipients.get(recipient.id))?.name).toBe('From A')
    await expectSummariesMatchRecomputation(b.db)
  })
})
