/**
 * Property tests (fast-check, fixed seeds) of row states under the app's merge policy: folding
 * changes into a state batch by batch, in any order and with duplicates, gives the same row as
 * merging the whole change set at once, and the state never grows with history.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ChangeRecord } from './change-record'
import { formatHlc } from '../crdt/hlc'
import { fieldClocks, foldIntoState, rowOfState } from '../crdt/row-state'
import { MERGE_POLICY, compactChanges, mergeRow } from './merge-policy'

const changeArbitrary = fc.record({
  wall: fc.integer({ min: 1, max: 80 }),
  counter: fc.integer({ min: 0, max: 2 }),
  node: fc.constantFrom('tablet-a', 'tablet-b', 'tablet-c'),
  fields: fc.oneof(
    fc.record(
      { quantity: fc.integer({ min: 1, max: 5 }), notes: fc.constantFrom('', 'left at door') },
      { requiredKeys: [] },
    ),
    fc.record({
      status: fc.constantFrom('pending', 'assembled', 'delivered'),
      statusEpoch: fc.integer({ min: 0, max: 3 }),
      statusLineage: fc.constantFrom('', '1', '2', '2.1', '1.1'),
      deliveredTo: fc.constantFrom(null, 'neighbour'),
      deliveredAt: fc.constantFrom(null, '2026-12-24T10:00:00.000Z'),
    }),
  ),
})

const historyArbitrary = fc
  .uniqueArray(changeArbitrary, {
    maxLength: 40,
    selector: (change) => `${change.wall}.${change.counter}.${change.node}`,
  })
  .map((changes) =>
    changes.map((change, index): ChangeRecord => ({
      id: `${change.node}-${index}`,
      table: 'assignments',
      rowId: 'row-1',
      fields: change.fields,
      hlc: formatHlc({ wall: change.wall, counter: change.counter, node: change.node }),
      deviceId: change.node,
    })),
  )

describe('row state (fast-check)', () => {
  it('folding batch by batch, in any order with duplicates, equals merging everything at once', () => {
    fc.assert(
      fc.property(
        historyArbitrary,
        fc.integer({ min: 1, max: 5 }),
        fc.integer(),
        (history, batchSize, seed) => {
          const delivered = [...history, ...history.filter((_, index) => index % 3 === 0)]
          const rotated = delivered.map(
            (_, index) => delivered[(index + Math.abs(seed)) % delivered.length]!,
          )
          let state: ChangeRecord[] = []
          for (let start = 0; start < rotated.length; start += batchSize)
            state = foldIntoState(MERGE_POLICY, state, rotated.slice(start, start + batchSize))
          expect(rowOfState(MERGE_POLICY, 'assignments', state)).toEqual(
            mergeRow('assignments', history),
          )
        },
      ),
      { seed: 18_01, numRuns: 400 },
    )
  })

  it('folding one change at a time in clock order (the newest-edit fast path) gives exactly the compacted set', () => {
    const canonical = (changes: readonly ChangeRecord[]) =>
      changes
        .map((change) =>
          JSON.stringify([change.id, change.hlc, Object.entries(change.fields).sort()]),
        )
        .sort()
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const ordered = [...history].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0))
        let state: ChangeRecord[] = []
        for (const change of ordered) state = foldIntoState(MERGE_POLICY, state, [change])
        expect(canonical(state)).toEqual(canonical(compactChanges(history)))
      }),
      { seed: 18_03, numRuns: 400 },
    )
  })

  it('keeps at most one write per plain field however long the history', () => {
    fc.assert(
      fc.property(historyArbitrary, (history) => {
        const state = foldIntoState(MERGE_POLICY, [], history)
        const plain = state.filter((change) => !('status' in change.fields))
        const writers = plain.flatMap((change) => Object.keys(change.fields))
        expect(new Set(writers).size).toBe(writers.length)
      }),
      { seed: 18_02, numRuns: 300 },
    )
  })

  it('names the clock of the write each plain field holds', () => {
    const a: ChangeRecord = {
      id: 'a',
      table: 'assignments',
      rowId: 'r',
      fields: { notes: 'x', quantity: 1 },
      hlc: formatHlc({ wall: 1, counter: 0, node: 'tablet-a' }),
      deviceId: 'tablet-a',
    }
    const b: ChangeRecord = {
      ...a,
      id: 'b',
      fields: { notes: 'y' },
      hlc: formatHlc({ wall: 2, counter: 0, node: 'tablet-b' }),
      deviceId: 'tablet-b',
    }
    const clocks = fieldClocks(foldIntoState(MERGE_POLICY, [b], [a]))
    expect(clocks.notes).toMatchObject({ id: 'b', deviceId: 'tablet-b' })
    expect(clocks.quantity).toMatchObject({ id: 'a', deviceId: 'tablet-a' })
  })

  it('refuses a change of another row', () => {
    const a: ChangeRecord = {
      id: 'a',
      table: 'assignments',
      rowId: 'r',
      fields: { notes: 'x' },
      hlc: formatHlc({ wall: 1, counter: 0, node: 'tablet-a' }),
      deviceId: 'tablet-a',
    }
    expect(() => foldIntoState(MERGE_POLICY, [a], [{ ...a, id: 'b', rowId: 's' }])).toThrow(
      /another row/,
    )
  })
})
