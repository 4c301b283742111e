/**
 * Property tests (fast-check, fixed seeds) of the correction-aware register on causally valid
 * histories: tablets tap forward steps and corrections on what they currently see and exchange
 * writes at random. The value must not depend on order, grouping or duplicates, a correction must
 * never undo a step it did not see, and one that saw the latest step of a live epoch must apply.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  correctionEpoch,
  isVoidWrite,
  mergeRegisters,
  positionOf,
  registerFromWrites,
  registerValue,
  type RegisterWrite,
} from './status-register'

const TOP_RANK = 2
const DEVICES = 3

type Write = RegisterWrite<null>
type Correction = { write: Write; parent: string; fromRank: number }
type History = { writes: Write[]; corrections: Correction[] }

const actionArbitrary = fc.record({
  device: fc.integer({ min: 0, max: DEVICES - 1 }),
  op: fc.constantFrom('forward', 'forward', 'correct', 'sync', 'sync'),
  peer: fc.integer({ min: 0, max: DEVICES - 1 }),
})

/** Plays the actions: each device writes from its own view; `sync` copies a peer's writes. */
function play(actions: readonly { device: number; op: string; peer: number }[]): History {
  const insert: Write = { ...positionOf('', 0), hlc: '0000', id: 'insert', payload: null }
  const known: Map<string, Write>[] = Array.from(
    { length: DEVICES },
    () => new Map([[insert.id, insert]]),
  )
  const writes: Write[] = [insert]
  const corrections: Correction[] = []
  actions.forEach(({ device, op, peer }, index) => {
    const view = known[device]!
    const hlc = String(index + 1).padStart(4, '0')
    const id = `d${device}-${hlc}`
    const seen = registerValue(registerFromWrites(view.values()))
    let made: Write | null = null
    if (op === 'sync') {
      for (const item of known[peer]!.values()) view.set(item.id, item)
    } else if (op === 'forward' && seen.rank < TOP_RANK) {
      made = { ...positionOf(seen.epoch, seen.rank + 1), hlc, id, payload: null }
    } else if (op === 'correct' && seen.rank > 0) {
      const epoch = correctionEpoch(seen.epoch, seen.rank)
      made = { ...positionOf(epoch, seen.rank - 1), hlc, id, payload: null }
      corrections.push({ write: made, parent: seen.epoch, fromRank: seen.rank })
    }
    if (made) {
      view.set(made.id, made)
      writes.push(made)
    }
  })
  return { writes, corrections }
}

const historyArbitrary = fc.array(actionArbitrary, { minLength: 1, maxLength: 30 }).map(play)

function summary(writes: Iterable<Write>) {
  const value = registerValue(registerFromWrites(writes))
  return { epoch: value.epoch, rank: value.rank, winner: value.winner?.id ?? null }
}

describe('the correction-aware register (fast-check, seeded)', () => {
  it('gives the same value for any order of the writes, with duplicates', () => {
    fc.assert(
      fc.property(
        historyArbitrary.chain((history) =>
          fc.tuple(
            fc.constant(history.writes),
            fc.shuffledSubarray(history.writes, { minLength: history.writes.length }),
            fc.shuffledSubarray(history.writes),
          ),
        ),
        ([writes, shuffled, duplicates]) => {
          expect(summary([...duplicates, ...shuffled, ...duplicates])).toEqual(summary(writes))
        },
      ),
      { seed: 15_01, numRuns: 400 },
    )
  })

  it('merges states commutatively, associatively and idempotently', () => {
    fc.assert(
      fc.property(
        historyArbitrary.chain((history) =>
          fc.tuple(
            fc.constant(history.writes),
            fc.array(fc.integer({ min: 0, max: 2 }), {
              minLength: history.writes.length,
              maxLength: history.writes.length,
            }),
          ),
        ),
        ([writes, groups]) => {
          const part = (group: number) =>
            registerFromWrites(writes.filter((_, index) => groups[index] === group))
          const [a, b, c] = [part(0), part(1), part(2)]
          const left = mergeRegisters(mergeRegisters(a, b), c)
          const right = mergeRegisters(a, mergeRegisters(c, b))
          const value = (state: typeof a) => summary(state.values())
          expect(value(left)).toEqual(value(right))
          expect(value(mergeRegisters(left, left))).toEqual(value(left))
          expect(value(left)).toEqual(summary(writes))
        },
      ),
      { seed: 15_02, numRuns: 400 },
    )
  })

  it('never lets a correction undo a step it did not see', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ writes, corrections }) => {
        const value = registerValue(registerFromWrites(writes))
        for (const { write, parent, fromRank } of corrections) {
          const unseenFurtherStep = writes.some(
            (other) => other.kind === 'forward' && other.epoch === parent && other.rank > fromRank,
          )
          if (unseenFurtherStep) expect(isVoidWrite(value, write)).toBe(true)
        }
      }),
      { seed: 15_03, numRuns: 500 },
    )
  })

  it('always applies a correction that saw the latest step of a live epoch', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ writes, corrections }) => {
        const value = registerValue(registerFromWrites(writes))
        for (const { write, parent, fromRank } of corrections) {
          const sawLatest = !writes.some(
            (other) => other.kind === 'forward' && other.epoch === parent && other.rank > fromRank,
          )
          if (sawLatest && value.path.includes(parent))
            expect(isVoidWrite(value, write)).toBe(false)
        }
      }),
      { seed: 15_04, numRuns: 500 },
    )
  })

  it('never ends below a forward step of the epoch it ends in', () => {
    fc.assert(
      fc.property(historyArbitrary, ({ writes }) => {
        const value = registerValue(registerFromWrites(writes))
        for (const write of writes)
          if (write.kind === 'forward' && write.epoch === value.epoch)
            expect(value.rank).toBeGreaterThanOrEqual(write.rank)
      }),
      { seed: 15_05, numRuns: 500 },
    )
  })
})
