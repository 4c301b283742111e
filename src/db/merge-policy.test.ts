import { describe, expect, it } from 'vitest'
import { createRng } from '../sync/rng'
import type { ChangeRecord } from './change-record'
import { formatHlc } from '../crdt/hlc'
import { compactChanges, mergeRow } from './merge-policy'
import {
  correctionStatusFields,
  forwardStatusFields,
  type PackageStatus,
  type StatusFields,
} from './schema/package-workflow'

let counter = 0
function change(
  table: ChangeRecord['table'],
  fields: Record<string, unknown>,
  wall: number,
  node = 'a',
): ChangeRecord {
  counter += 1
  return {
    id: `c${counter}`,
    table,
    rowId: 'row-1',
    fields,
    hlc: formatHlc({ wall, counter: 0, node }),
    deviceId: node,
  }
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = createRng(seed)
  const copy = [...items]
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = rng.int(0, index)
    ;[copy[index], copy[other]] = [copy[other]!, copy[index]!]
  }
  return copy
}

describe('mergeRow: ordinary fields', () => {
  it('keeps the last writer per field by HLC, so edits of different fields on two devices both survive', () => {
    const changes = [
      change('productionTargets', { targetBatches: 2, notes: '' }, 100, 'a'),
      change('productionTargets', { targetBatches: 5 }, 200, 'b'),
      change('productionTargets', { notes: 'double chocolate' }, 150, 'a'),
    ]
    expect(mergeRow('productionTargets', changes)).toEqual({
      targetBatches: 5,
      notes: 'double chocolate',
    })
  })
})

describe('mergeRow: the status register', () => {
  const insert = change(
    'assignments',
    { status: 'pending', statusEpoch: 0, deliveredTo: null, deliveredAt: null, quantity: 1 },
    100,
  )
  const assembled = change(
    'assignments',
    { status: 'assembled', statusEpoch: 0, deliveredTo: null, deliveredAt: null },
    200,
    'a',
  )
  const delivered = change(
    'assignments',
    { status: 'delivered', statusEpoch: 0, deliveredTo: 'Ana', deliveredAt: 'x' },
    300,
    'a',
  )

  it('never moves a delivered package back when a stale device writes "assembled" later', () => {
    const stale = change(
      'assignments',
      { status: 'assembled', statusEpoch: 0, deliveredTo: null, deliveredAt: null },
      900,
      'b',
    )
    expect(mergeRow('assignments', [insert, assembled, delivered, stale])).toMatchObject({
      status: 'delivered',
      deliveredTo: 'Ana',
    })
  })

  it('lets an explicit revert (epoch + 1) win over the older delivery', () => {
    const revert = change(
      'assignments',
      { status: 'assembled', statusEpoch: 1, deliveredTo: null, deliveredAt: null },
      400,
      'b',
    )
    expect(mergeRow('assignments', [insert, assembled, delivered, revert])).toMatchObject({
      status: 'assembled',
      statusEpoch: 1,
      deliveredTo: null,
    })
  })

  it('still merges the ordinary fields of the row by last writer', () => {
    const quantity = change('assignments', { quantity: 3 }, 250, 'b')
    expect(mergeRow('assignments', [insert, delivered, quantity])).toMatchObject({
      status: 'delivered',
      quantity: 3,
    })
  })
})

describe('mergeRow: order and duplicates do not matter', () => {
  it('gives the same row for 200 seeded permutations with duplicated changes (commutative, idempotent)', () => {
    const rng = createRng(99)
    const statuses = ['pending', 'assembled', 'delivered'] as const
    const changes: ChangeRecord[] = []
    for (let index = 0; index < 30; index += 1) {
      const node = rng.pick(['a', 'b', 'c'])
      const wall = rng.int(1, 50)
      changes.push(
        rng.chance(0.5)
          ? change('assignments', { quantity: rng.int(1, 9), notes: `n${index}` }, wall, node)
          : change(
              'assignments',
              {
                status: rng.pick(statuses),
                statusEpoch: rng.int(0, 2),
                deliveredTo: null,
                deliveredAt: null,
              },
              wall,
              node,
            ),
      )
    }
    const expected = mergeRow('assignments', changes)
    for (let seed = 0; seed < 200; seed += 1) {
      const withDuplicates = [...changes, ...changes.filter((_, index) => (index + seed) % 3 === 0)]
      expect(mergeRow('assignments', shuffled(withDuplicates, seed))).toEqual(expected)
    }
  })

  it('is associative: merging two halves and then everything equals merging everything at once', () => {
    const rng = createRng(7)
    const changes = Array.from({ length: 20 }, (_, index) =>
      change(
        'recipes',
        { name: `R${rng.int(0, 5)}`, notes: `${index}` },
        rng.int(1, 30),
        rng.pick(['a', 'b']),
      ),
    )
    const left = changes.slice(0, 9)
    const right = changes.slice(9)
    expect(mergeRow('recipes', [...right, ...left])).toEqual(mergeRow('recipes', changes))
  })
})

describe('compactChanges', () => {
  it('keeps per-field clocks: a compacted history still loses a field to a newer offline edit', () => {
    const history = [
      change('recipes', { name: 'Cookies', notes: 'old' }, 10, 'a'),
      change('recipes', { notes: 'newer' }, 50, 'a'),
    ]
    const offline = change('recipes', { name: 'Sugar cookies' }, 30, 'b')
    const compacted = compactChanges(history)
    expect(compacted).toHaveLength(2)
    expect(mergeRow('recipes', [...compacted, offline])).toEqual(
      mergeRow('recipes', [...history, offline]),
    )
    expect(mergeRow('recipes', [...compacted, offline])).toEqual({
      name: 'Sugar cookies',
      notes: 'newer',
    })
  })

  it('merges like the full history together with any later changes, over 100 seeded histories', () => {
    for (let seed = 0; seed < 100; seed += 1) {
      const rng = createRng(seed)
      const make = (count: number) =>
        Array.from({ length: count }, () =>
          rng.chance(0.5)
            ? change(
                'assignments',
                { quantity: rng.int(1, 5), notes: `n${rng.int(0, 3)}` },
                rng.int(1, 40),
                rng.pick(['a', 'b']),
              )
            : change(
                'assignments',
                {
                  status: rng.pick(['pending', 'assembled', 'delivered']),
                  statusEpoch: rng.int(0, 2),
                  deliveredTo: null,
                  deliveredAt: null,
                },
                rng.int(1, 40),
                rng.pick(['a', 'b']),
              ),
        )
      const history = make(15)
      const later = make(5)
      expect(mergeRow('assignments', [...compactChanges(history), ...later])).toEqual(
        mergeRow('assignments', [...history, ...later]),
      )
    }
  })
})

describe('mergeRow: a correction undoes exactly the step it saw (issue 15)', () => {
  const start: StatusFields = { status: 'pending', statusEpoch: 0 }
  const register = (fields: StatusFields, deliveredTo: string | null = null) => ({
    ...fields,
    deliveredTo,
    deliveredAt: deliveredTo === null ? null : '2026-12-24T10:00:00.000Z',
  })
  const forward = (from: StatusFields, to: PackageStatus, wall: number, node: string) =>
    change(
      'assignments',
      register(forwardStatusFields(from, to), to === 'delivered' ? node : null),
      wall,
      node,
    )
  const correct = (from: StatusFields, wall: number, node: string) =>
    change('assignments', register(correctionStatusFields(from)!), wall, node)
  const insert = change('assignments', { ...register(start), quantity: 1 }, 100, 'a')
  const ready = forward(start, 'assembled', 200, 'a')
  const seenReady = forwardStatusFields(start, 'assembled')
  const seenDelivered = forwardStatusFields(seenReady, 'delivered')

  it("keeps a delivery made offline on A against B's stale Move back, whichever is later", () => {
    for (const [deliveredAt, movedBackAt] of [
      [300, 400],
      [400, 300],
    ] as const) {
      const delivered = forward(seenReady, 'delivered', deliveredAt, 'A')
      const staleMoveBack = correct(seenReady, movedBackAt, 'B')
      const row = mergeRow('assignments', [insert, ready, delivered, staleMoveBack])
      expect(row).toMatchObject({ status: 'delivered', deliveredTo: 'A', statusLineage: '' })
    }
  })

  it('lets a Move back made after seeing the delivery win, with the delivery details cleared', () => {
    const delivered = forward(seenReady, 'delivered', 300, 'A')
    const informedMoveBack = correct(seenDelivered, 400, 'B')
    expect(mergeRow('assignments', [insert, ready, delivered, informedMoveBack])).toMatchObject({
      status: 'assembled',
      statusEpoch: 1,
      statusLineage: '2',
      deliveredTo: null,
    })
  })

  it('keeps what the rule needs through compaction: a compacted history judges a later stale correction alike', () => {
    const delivered = forward(seenReady, 'delivered', 300, 'A')
    const staleMoveBack = correct(seenReady, 250, 'B')
    const readyAgainOnB = forward(correctionStatusFields(seenReady)!, 'assembled', 260, 'B')
    const history = [insert, ready, staleMoveBack, readyAgainOnB]
    const compacted = compactChanges(history)
    expect(mergeRow('assignments', [...compacted, delivered])).toEqual(
      mergeRow('assignments', [...history, delivered]),
    )
    expect(mergeRow('assignments', [...compacted, delivered])).toMatchObject({
      status: 'delivered',
    })
  })
})
