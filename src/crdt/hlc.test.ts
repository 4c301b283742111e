import { describe, expect, it } from 'vitest'
import { HybridClock, MAX_DRIFT_MS, formatHlc, parseHlc, receiveHlc, tickHlc } from './hlc'

describe('formatHlc / parseHlc', () => {
  it('round-trips a timestamp through its fixed-width string', () => {
    const state = { wall: 1_795_000_000_123, counter: 42, node: 'device-a' }
    const text = formatHlc(state)
    expect(text).toBe('001795000000123-000016-device-a')
    expect(parseHlc(text)).toEqual(state)
  })

  it('refuses text that is not a clock value', () => {
    expect(() => parseHlc('yesterday')).toThrow(/Not a hybrid logical clock/)
  })
})

describe('tickHlc', () => {
  it('stays strictly increasing when the wall clock goes backwards by an hour', () => {
    const wallTimes = [10_000_000, 10_000_500, 10_000_500 - 3_600_000, 10_000_400, 10_000_501]
    let time = 0
    const clock = new HybridClock('a', () => wallTimes[time++] ?? 0)
    const stamps = wallTimes.map(() => clock.next())
    for (let index = 1; index < stamps.length; index += 1) {
      expect(stamps[index]! > stamps[index - 1]!).toBe(true)
    }
    // While the wall clock was behind, the clock kept the last wall time and counted up.
    expect(parseHlc(stamps[2]!)).toEqual({ wall: 10_000_500, counter: 1, node: 'a' })
    expect(parseHlc(stamps[4]!)).toEqual({ wall: 10_000_501, counter: 0, node: 'a' })
  })

  it('keeps order when the counter overflows within one millisecond', () => {
    const state = { wall: 5, counter: 36 ** 6 - 1, node: 'a' }
    const next = tickHlc(state, 5)
    expect(next).toEqual({ wall: 6, counter: 0, node: 'a' })
    expect(formatHlc(next) > formatHlc(state)).toBe(true)
  })
})

describe('receiveHlc', () => {
  it('moves past a remote timestamp from a device whose clock runs ahead', () => {
    const local = { wall: 1000, counter: 3, node: 'a' }
    const remote = { wall: 5000, counter: 7, node: 'b' }
    const { state, drifted } = receiveHlc(local, remote, 2000)
    expect(drifted).toBe(false)
    expect(state).toEqual({ wall: 5000, counter: 8, node: 'a' })
    expect(formatHlc(state) > formatHlc(remote)).toBe(true)
  })

  it('does not follow a remote clock beyond the drift bound and reports it', () => {
    const local = { wall: 1000, counter: 0, node: 'a' }
    const remote = { wall: 2000 + MAX_DRIFT_MS + 1, counter: 0, node: 'b' }
    const { state, drifted } = receiveHlc(local, remote, 2000)
    expect(drifted).toBe(true)
    expect(state.wall).toBe(2000)
  })

  it('gives a total order across devices: equal wall and counter break ties by device id', () => {
    const stamps = ['c', 'a', 'b'].map((node) => formatHlc({ wall: 7, counter: 1, node }))
    expect([...stamps].sort()).toEqual([
      '000000000000007-000001-a',
      '000000000000007-000001-b',
      '000000000000007-000001-c',
    ])
  })

  it('orders every stamp of three devices exchanging messages under skewed clocks consistently with causality', () => {
    const skew = { a: 0, b: -3_600_000, c: 3_600_000 }
    let base = 1_800_000_000_000
    const clocks = Object.entries(skew).map(
      ([node, offset]) => new HybridClock(node, () => base + offset),
    )
    const seen: string[] = []
    for (let round = 0; round < 50; round += 1) {
      base += 10
      const sender = clocks[round % 3]!
      const receiver = clocks[(round + 1) % 3]!
      const sent = sender.next()
      receiver.receive(sent)
      const reply = receiver.next()
      expect(reply > sent).toBe(true)
      seen.push(sent, reply)
    }
    expect(new Set(seen).size).toBe(seen.length)
  })
})

describe('HybridClock.restore', () => {
  it('never issues a stamp at or below one issued before a restart', () => {
    const before = new HybridClock('a', () => 9_000)
    const last = before.next()
    const after = new HybridClock('a', () => 1_000)
    after.restore(last)
    expect(after.next() > last).toBe(true)
  })
})
