import { describe, expect, it } from 'vitest'
import { makeTestDb } from '../test/make-test-db'
import type { RowState } from './change-record'
import { decodeState, encodeState } from './row-states'

const HLC = '001764547200000-000001-tablet-a'

const state: RowState = {
  table: 'assignments',
  rowId: 'a1',
  hlc: HLC,
  changes: [
    {
      id: 'c1',
      table: 'assignments',
      rowId: 'a1',
      fields: { status: 'assembled', statusLineage: ['x', 'y'], notes: undefined },
      hlc: HLC,
      deviceId: 'tablet-a',
    },
    // A device that is not its clock's node (restamped or imported) is kept as it is.
    { id: 'c0', table: 'assignments', rowId: 'a1', fields: {}, hlc: HLC, deviceId: 'tablet-b' },
  ],
}

describe('row state storage', () => {
  it('encodes a state without per-entry objects and decodes exactly the same state', () => {
    const stored = encodeState(state)
    expect(Object.keys(stored).sort()).toEqual(['e', 'hlc', 'rowId', 'table'])
    expect(stored.e).toEqual([
      'c1',
      HLC,
      0,
      3,
      'status',
      'assembled',
      'statusLineage',
      ['x', 'y'],
      'notes',
      undefined,
      'c0',
      HLC,
      'tablet-b',
      0,
    ])
    expect(decodeState(stored)).toEqual(state)
    expect(decodeState(state)).toBe(state)
  })

  it('hands every reader of the table (get, bulkGet, query, cursor) the decoded state', async () => {
    const { db } = makeTestDb()
    await db.rowStates.put(state)
    const raw = await new Promise((resolve) => {
      const request = db.backendDB().transaction('rowStates').objectStore('rowStates').getAll()
      request.onsuccess = () => resolve(request.result)
    })
    expect(raw).toEqual([encodeState(state)])
    expect(await db.rowStates.get(['assignments', 'a1'])).toEqual(state)
    expect(
      await db.rowStates.bulkGet([
        ['assignments', 'a1'],
        ['events', 'none'],
      ]),
    ).toEqual([state, undefined])
    expect(await db.rowStates.where('hlc').aboveOrEqual(HLC).toArray()).toEqual([state])
    expect(await db.rowStates.orderBy('hlc').last()).toEqual(state)
    const seen: RowState[] = []
    await db.rowStates.each((value) => seen.push(value))
    expect(seen).toEqual([state])
  })
})
