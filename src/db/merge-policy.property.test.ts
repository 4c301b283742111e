/**
 * Property tests (fast-check) of the merge: whatever the changes, merging is commutative,
 * associative and idempotent — on raw change sets (`mergeRow`) and on the compacted states a
 * server snapshot holds (`compactChanges`). These are what let replicas converge whatever order,
 * duplication or grouping the network delivers changes in.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ChangeRecord } from './change-record'
import { formatHlc } from '../crdt/hlc'
import { compactChanges, mergeRow } from './merge-policy'

const STATUSES = ['pending', 'assembled', 'delivered'] as const

const fieldsArbitrary = fc.oneof(
  fc.record(
    {
      quantity: fc.integer({ min: 1, max: 5 }),
      notes: fc.constantFrom('', 'left at door', 'gluten free'),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    status: fc.constantFrom(...STATUSES),
    statusEpoch: fc.integer({ min: 0, max: 3 }),
    deliveredTo: fc.constantFrom(null, 'neighbour'),
    deliveredAt: fc.constantFrom(null, '2026-12-24T10:00:00.000Z'),
  }),
  // Writes of this version: with the epoch id (arbitrary ones, valid or not for the history).
  fc.record({
    status: fc.constantFrom(...STATUSES),
    statusEpoch: fc.integer({ min: 0, max: 3 }),
    statusLineage: fc.constantFrom('', '1', '2', '2.1', '2.2', '1.1', '~1', '~1.2'),
    deliveredTo: fc.constantFrom(null, 'neighbour'),
    deliveredAt: fc.constantFrom(null, '2026-12-24T10:00:00.000Z'),
  }),
)

const changeArbitrary = fc.record({
  wall: fc.integer({ min: 1, max: 60 }),
  counter: fc.integer({ min: 0, max: 2 }),
  node: fc.constantFrom('tablet-a', 'tablet-b', 'tablet-c'),
  fields: fieldsArbitrary,
})

/** Change sets with distinct ids and distinct HLCs (a device never stamps two changes alike). */
const changesArbitrary = fc
  .uniqueArray(changeArbitrary, {
    maxLength: 12,
    selector: (change) => `${change.wall}.${change.counter}.${change.node}`,
  })
  .map((changes) =>
    changes.map((change, index): ChangeRecord => ({
      id: `${change.node}-${change.wall}-${change.counter}-${index}`,
      table: 'assignments',
      rowId: 'row-1',
      fields: change.fields,
      hlc: formatHlc({ wall: change.wall, counter: change.counter, node: change.node }),
      deviceId: change.node,
    })),
  )

/** Three disjoint change sets (what three devices wrote). */
const threeSetsArbitrary = changesArbitrary.chain((all) =>
  fc
    .tuple(fc.integer({ min: 0, max: all.length }), fc.integer({ min: 0, max: all.length }))
    .map(([x, y]) => {
      const [low, high] = x <= y ? [x, y] : [y, x]
      return [all.slice(0, low), all.slice(low, high), all.slice(high)] as const
    }),
)

/** The merge of two replica states: everything both hold, compacted as a snapshot would be. */
function merge(a: readonly ChangeRecord[], b: readonly ChangeRecord[]): ChangeRecord[] {
  return compactChanges([...a, ...b])
}

const row = (changes: readonly ChangeRecord[]) => mergeRow('assignments', changes)

describe('merge properties (fast-check)', () => {
  it('is commutative: A merged with B equals B merged with A', () => {
    fc.assert(
      fc.property(threeSetsArbitrary, ([a, b]) => {
        expect(row([...a, ...b])).toEqual(row([...b, ...a]))
        expect(row(merge(a, b))).toEqual(row(merge(b, a)))
      }),
      { seed: 15_10, numRuns: 500 },
    )
  })

  it('is associative: (A with B) with C equals A with (B with C)', () => {
    fc.assert(
      fc.property(threeSetsArbitrary, ([a, b, c]) => {
        expect(row(merge(merge(a, b), c))).toEqual(row(merge(a, merge(b, c))))
        expect(row(merge(merge(a, b), c))).toEqual(row([...a, ...b, ...c]))
      }),
      { seed: 15_10, numRuns: 500 },
    )
  })

  it('is idempotent: merging what a replica already has changes nothing', () => {
    fc.assert(
      fc.property(threeSetsArbitrary, ([a, b]) => {
        expect(row([...a, ...a])).toEqual(row(a))
        expect(row(merge(merge(a, b), b))).toEqual(row(merge(a, b)))
        expect(row(compactChanges(compactChanges(a)))).toEqual(row(a))
      }),
      { seed: 15_10, numRuns: 500 },
    )
  })

  it('gives the same row for any delivery order with duplicates', () => {
    fc.assert(
      fc.property(
        changesArbitrary.chain((changes) =>
          fc.tuple(
            fc.constant(changes),
            fc.shuffledSubarray([...changes, ...changes], { minLength: 0 }).map((extra) => extra),
          ),
        ),
        fc.integer(),
        ([changes, duplicates], seed) => {
          const delivered = [...changes, ...duplicates]
          const rotated = delivered.map(
            (_, index) => delivered[(index + Math.abs(seed)) % delivered.length]!,
          )
          expect(row(rotated)).toEqual(row(changes))
        },
      ),
      { seed: 15_11, numRuns: 300 },
    )
  })

  it('never lets a status fall below a forward step of the epoch it ends in', () => {
    fc.assert(
      fc.property(changesArbitrary, (changes) => {
        const merged = row(changes)
        fc.pre(typeof merged.status === 'string')
        const rank = STATUSES.indexOf(merged.status as (typeof STATUSES)[number])
        for (const change of changes) {
          if (change.fields.statusLineage !== merged.statusLineage) continue
          if (
            merged.statusLineage === undefined &&
            change.fields.statusEpoch !== merged.statusEpoch
          )
            continue
          const written = STATUSES.indexOf(change.fields.status as (typeof STATUSES)[number])
          expect(rank).toBeGreaterThanOrEqual(written)
        }
      }),
      { seed: 15_15, numRuns: 300 },
    )
  })
})
