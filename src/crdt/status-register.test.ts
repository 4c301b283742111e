import { describe, expect, it } from 'vitest'
import {
  applyWrite,
  correctionEpoch,
  emptyRegister,
  epochDepth,
  isVoidWrite,
  legacyEpoch,
  mergeRegisters,
  positionOf,
  registerFromWrites,
  registerValue,
  type RegisterWrite,
} from './status-register'

// Ranks as in the package workflow: 0 to do, 1 ready, 2 delivered.
let clock = 0
function write(
  epoch: string,
  rank: number,
  device = 'a',
  kind?: RegisterWrite<string>['kind'],
): RegisterWrite<string> {
  clock += 1
  const hlc = String(clock).padStart(6, '0')
  const position = kind ? { kind, epoch, rank } : positionOf(epoch, rank)
  return { ...position, hlc, id: `${device}-${hlc}`, payload: `${device}@${epoch}:${rank}` }
}
/** A correction made while seeing (epoch, rank): one step back, opening that step's epoch. */
function correction(epoch: string, fromRank: number, device = 'b'): RegisterWrite<string> {
  return write(correctionEpoch(epoch, fromRank), fromRank - 1, device)
}

function allOrders<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((item, index) =>
    allOrders([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  )
}

function valueInEveryOrder(writes: readonly RegisterWrite<string>[]) {
  const values = allOrders(writes).map((order) => {
    let state = emptyRegister<string>()
    for (const item of order) state = applyWrite(state, item)
    const value = registerValue(state)
    return { epoch: value.epoch, rank: value.rank, winner: value.winner?.payload ?? null }
  })
  for (const value of values) expect(value).toEqual(values[0])
  return registerValue(registerFromWrites(writes))
}

describe('registerValue: the stale-correction scenarios of issue 15', () => {
  const insert = write('', 0, 'a')
  const ready = write('', 1, 'a')

  it('keeps a delivery made offline on A when B, which saw Ready, moves the package back (any order)', () => {
    const delivered = write('', 2, 'a')
    const staleMoveBack = correction('', 1, 'b')
    const value = valueInEveryOrder([insert, ready, delivered, staleMoveBack])
    expect([value.epoch, value.rank, value.winner?.payload]).toEqual(['', 2, 'a@:2'])
    expect(isVoidWrite(value, staleMoveBack)).toBe(true)
    expect(isVoidWrite(value, delivered)).toBe(false)
  })

  it('keeps the delivery when the stale Move back comes after a delivery that had synced everywhere', () => {
    const delivered = write('', 2, 'a')
    const staleMoveBack = correction('', 1, 'b') // B had not pulled yet: it still saw Ready
    const value = registerValue(registerFromWrites([insert, ready, delivered, staleMoveBack]))
    expect(value.rank).toBe(2)
  })

  it('keeps the delivery when the stale tablet taps Mark ready again after its void Move back', () => {
    const delivered = write('', 2, 'a')
    const staleMoveBack = correction('', 1, 'b')
    const readyAgain = write(staleMoveBack.epoch, 1, 'b')
    const value = valueInEveryOrder([insert, ready, delivered, staleMoveBack, readyAgain])
    expect([value.epoch, value.rank]).toEqual(['', 2])
    expect(isVoidWrite(value, readyAgain)).toBe(true)
  })

  it('applies a Move back made after seeing the delivery, on every order', () => {
    const delivered = write('', 2, 'a')
    const informedMoveBack = correction('', 2, 'b')
    const value = valueInEveryOrder([insert, ready, delivered, informedMoveBack])
    expect([value.epoch, value.rank, value.winner?.payload]).toEqual(['2', 1, 'b@2:1'])
    expect(isVoidWrite(value, informedMoveBack)).toBe(false)
  })

  it('undoes a step once when two tablets move the same delivery back at the same time', () => {
    const delivered = write('', 2, 'a')
    const fromB = correction('', 2, 'b')
    const fromC = correction('', 2, 'c')
    expect(fromB.epoch).toBe(fromC.epoch)
    const value = valueInEveryOrder([insert, ready, delivered, fromB, fromC])
    expect([value.epoch, value.rank]).toEqual(['2', 1])
  })

  it('lets a correction of a correction (undo of an undo) stand, and a step after it count', () => {
    const delivered = write('', 2, 'a')
    const moveBack = correction('', 2, 'b')
    const deliveredAgain = write('2', 2, 'b')
    const moveBackAgain = correction('2', 2, 'a')
    const value = valueInEveryOrder([
      insert,
      ready,
      delivered,
      moveBack,
      deliveredAgain,
      moveBackAgain,
    ])
    expect([value.epoch, value.rank]).toEqual(['2.2', 1])
    expect(value.path).toEqual(['', '2', '2.2'])
    expect(isVoidWrite(value, moveBack)).toBe(false)
  })

  it('keeps the further step when a tablet corrects Ready → To do while another delivers it concurrently', () => {
    const toDo = correction('', 1, 'b')
    const delivered = write('', 2, 'a')
    const value = valueInEveryOrder([insert, ready, toDo, delivered])
    expect(value.rank).toBe(2)
    expect(isVoidWrite(value, toDo)).toBe(true)
  })

  it('prefers the correction of the further step when two concurrent corrections disagree', () => {
    const delivered = write('', 2, 'a')
    const fromReady = correction('', 1, 'b') // stale: saw Ready
    const fromDelivered = correction('', 2, 'c') // saw the delivery
    const value = valueInEveryOrder([insert, ready, delivered, fromReady, fromDelivered])
    expect([value.epoch, value.rank]).toEqual(['2', 1])
    expect(isVoidWrite(value, fromReady)).toBe(true)
  })

  it('applies a correction that arrives before the step it saw (reordered delivery), and agrees once the step arrives', () => {
    const informedMoveBack = correction('', 2, 'b')
    expect(registerValue(registerFromWrites([insert, ready, informedMoveBack])).epoch).toBe('2')
    const delivered = write('', 2, 'a')
    expect(
      registerValue(registerFromWrites([insert, ready, informedMoveBack, delivered])).epoch,
    ).toBe('2')
  })
})

describe('register state', () => {
  it('merges as a union that keeps the later write per key (commutative and idempotent)', () => {
    const a = registerFromWrites([write('', 0), write('', 1)])
    const b = registerFromWrites([write('', 1, 'c'), correction('', 1)])
    const ab = mergeRegisters(a, b)
    const ba = mergeRegisters(b, a)
    expect([...ab.entries()].sort()).toEqual([...ba.entries()].sort())
    expect(mergeRegisters(ab, ab)).toEqual(ab)
    expect(registerValue(ab).winner?.payload).toBe(registerValue(ba).winner?.payload)
  })

  it('takes the delivery details from the latest write at the final position', () => {
    const first = write('', 2, 'a')
    const second = write('', 2, 'b')
    expect(registerValue(registerFromWrites([second, first])).winner?.id).toBe(second.id)
  })
})

describe('legacy writes (numeric epoch only)', () => {
  it('reads a legacy epoch n as a correction from one rank above its lowest write', () => {
    const insert = write('', 0, 'old', 'legacy')
    const delivered = write('', 2, 'old', 'legacy')
    const legacyUndo = write(legacyEpoch(1), 1, 'old', 'legacy')
    const value = valueInEveryOrder([insert, delivered, legacyUndo])
    expect([value.epoch, value.rank]).toEqual(['~1', 1])
  })

  it('reaches a legacy epoch whose lower epochs a compacted snapshot dropped', () => {
    const only = write(legacyEpoch(3), 1, 'old', 'legacy')
    expect(registerValue(registerFromWrites([only])).rank).toBe(1)
  })

  it('counts the corrections on a lineage as the numeric epoch older versions read', () => {
    expect(epochDepth('')).toBe(0)
    expect(epochDepth('2')).toBe(1)
    expect(epochDepth('2.1')).toBe(2)
    expect(epochDepth('~3')).toBe(3)
    expect(epochDepth(correctionEpoch('~3', 2))).toBe(4)
  })
})
