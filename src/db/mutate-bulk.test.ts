import { describe, expect, it } from 'vitest'
import { expectSummariesMatchRecomputation } from '../test/event-summary-check'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { changeRecordSchema } from './change-record'
import { insert, insertMany, update, updateMany } from './mutate'

const ASSIGNMENT = {
  recipientId: 'r',
  packageId: 'p',
  quantity: 1,
  notes: '',
  status: 'pending' as const,
  statusEpoch: 0,
  deliveredTo: null,
  deliveredAt: null,
}

/** Everything but ids, clocks and timestamps, for comparing two ways of writing the same rows. */
async function shapeOf(db: ReturnType<typeof makeTestDb>['db']) {
  const changes = await db.changes.orderBy('hlc').toArray()
  return {
    rows: (await db.assignments.toArray()).map(
      ({ id: _id, createdAt: _c, updatedAt: _u, ...rest }) => rest,
    ),
    fields: changes.map((change) => Object.keys(change.fields).sort()),
    states: (await db.rowStates.toArray()).map((state) => state.changes.length),
    summaries: await db.eventSummaries.toArray(),
  }
}

describe('insertMany', () => {
  it('writes the same rows, states, change records and read model as one insert per row, under one action', async () => {
    const bulk = makeTestDb()
    const single = makeTestDb()
    const event = { name: 'Fair', date: '2026-12-24', notes: '' }
    const rows = Array.from({ length: 30 }, (_, index) => ({
      ...ASSIGNMENT,
      eventId: 'e1',
      quantity: index + 1,
    }))
    await bulk.run(async (tx) => {
      await insert(tx, 'events', { ...event, id: 'e1' })
      return insertMany(tx, 'assignments', rows)
    })
    await single.run(async (tx) => {
      await insert(tx, 'events', { ...event, id: 'e1' })
      for (const row of rows) await insert(tx, 'assignments', row)
    })
    expect(await shapeOf(bulk.db)).toEqual(await shapeOf(single.db))
    const changes = await bulk.db.changes.toArray()
    expect(changes).toHaveLength(31)
    for (const change of changes) expect(changeRecordSchema.safeParse(change).success).toBe(true)
    const actions = new Set((await bulk.db.outbox.toArray()).map((entry) => entry.action))
    expect(actions.size).toBe(1)
    await expectSummariesMatchRecomputation(bulk.db)
  })

  it('refuses the whole call when one row breaks its schema, writing nothing', async () => {
    const { db, run } = makeTestDb()
    const before = await snapshotAll(db)
    await expect(
      run((tx) =>
        insertMany(tx, 'events', [
          { name: 'Good', date: '2026-12-24', notes: '' },
          { name: 'Bad date', date: '2026-13-40', notes: '' },
        ]),
      ),
    ).rejects.toThrow(/invalid events row/)
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('updateMany', () => {
  it('records only changed fields (a status write with its whole register group), skips unchanged rows and keeps the read model exact', async () => {
    const bulk = makeTestDb()
    const single = makeTestDb()
    const setUp = (db: typeof bulk) =>
      db.run(async (tx) => {
        await insert(tx, 'events', { name: 'Fair', date: '2026-12-24', notes: '', id: 'e1' })
        const made = []
        for (let index = 0; index < 6; index += 1)
          made.push(await insert(tx, 'assignments', { ...ASSIGNMENT, eventId: 'e1' }))
        return made.map((row) => row.id)
      })
    const ids = await setUp(bulk)
    const singleIds = await setUp(single)
    const edits = (rowIds: string[]) => [
      { id: rowIds[0]!, changes: { status: 'assembled' as const } },
      { id: rowIds[1]!, changes: { quantity: 4 } },
      { id: rowIds[2]!, changes: { quantity: 1 } }, // unchanged: skipped
      { id: 'no-such-row', changes: { quantity: 2 } }, // unknown: skipped
      { id: rowIds[1]!, changes: { notes: 'twice in one call' } },
    ]
    const written = await bulk.run((tx) => updateMany(tx, 'assignments', edits(ids)))
    expect(written.map((row) => row.id)).toEqual([ids[0], ids[1]])
    await single.run(async (tx) => {
      for (const edit of edits(singleIds)) await update(tx, 'assignments', edit.id, edit.changes)
    })
    const newest = async (db: typeof bulk.db) =>
      (await db.changes.orderBy('hlc').toArray()).slice(7).map((change) => change.fields)
    const bulkFields = await newest(bulk.db)
    expect(bulkFields.map((fields) => Object.keys(fields).sort())).toEqual([
      ['deliveredAt', 'deliveredTo', 'status', 'statusEpoch', 'statusLineage', 'updatedAt'],
      ['notes', 'quantity', 'updatedAt'],
    ])
    expect((await bulk.db.assignments.get(ids[1]!))?.notes).toBe('twice in one call')
    expect((await shapeOf(bulk.db)).rows).toEqual((await shapeOf(single.db)).rows)
    expect((await shapeOf(bulk.db)).summaries).toEqual((await shapeOf(single.db)).summaries)
    await expectSummariesMatchRecomputation(bulk.db)
  })
})
