/**
 * Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks and Consistent Snapshots in
 * Globally Distributed Databases", 2014). A timestamp is wall-clock milliseconds + a counter +
 * the device id, rendered as a fixed-width string so that plain string comparison gives a total
 * order across devices that is consistent with causality.
 *
 * Drift policy: a remote timestamp may pull this clock forward by at most `MAX_DRIFT_MS` beyond the
 * local wall clock; a remote clock further ahead is not followed (the caller is told, so Settings
 * can say "this device's clock is far off") and sync continues.
 */

/** How far a remote timestamp may pull the local clock ahead of local wall time. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000
const WALL_DIGITS = 15
const COUNTER_DIGITS = 6
const COUNTER_MAX = 36 ** COUNTER_DIGITS - 1

export type HlcState = {
  /** Milliseconds since the epoch, the largest wall time this clock has seen. */
  readonly wall: number
  readonly counter: number
  readonly node: string
}

/** `000001795000000000-00001a-<device>`: wall ms (15 digits), counter (base 36), device id. */
export function formatHlc(state: HlcState): string {
  return `${String(state.wall).padStart(WALL_DIGITS, '0')}-${state.counter
    .toString(36)
    .padStart(COUNTER_DIGITS, '0')}-${state.node}`
}

const HLC_PATTERN = /^(\d{15})-([0-9a-z]{6})-(.+)$/

export function parseHlc(text: string): HlcState {
  const match = HLC_PATTERN.exec(text)
  if (!match?.[1] || !match[2] || !match[3])
    throw new Error(`Not a hybrid logical clock value: ${text}`)
  return { wall: Number(match[1]), counter: parseInt(match[2], 36), node: match[3] }
}

export function isHlc(text: string): boolean {
  return HLC_PATTERN.test(text)
}

export function initialHlc(node: string): HlcState {
  if (node.length === 0) throw new Error('An HLC needs a device id')
  return { wall: 0, counter: 0, node }
}

function bump(wall: number, counter: number, node: string): HlcState {
  // A counter overflow borrows one millisecond so the order stays strict.
  return counter > COUNTER_MAX ? { wall: wall + 1, counter: 0, node } : { wall, counter, node }
}

/** Advance for a local event. Monotonic even when `now` goes backwards. */
export function tickHlc(state: HlcState, now: number): HlcState {
  const wall = Math.max(state.wall, Math.floor(now))
  return bump(wall, wall === state.wall ? state.counter + 1 : 0, state.node)
}

export type ReceiveResult = { state: HlcState; drifted: boolean }

/**
 * Merge a remote timestamp: the result is greater than both the local state and the remote
 * timestamp (unless the remote is beyond the drift bound, which is then reported, not followed).
 */
export function receiveHlc(state: HlcState, remote: HlcState, now: number): ReceiveResult {
  const localNow = Math.floor(now)
  const drifted = remote.wall > localNow + MAX_DRIFT_MS
  const remoteWall = drifted ? state.wall : remote.wall
  const wall = Math.max(state.wall, remoteWall, localNow)
  let counter: number
  if (wall === state.wall && wall === remoteWall)
    counter = Math.max(state.counter, remote.counter) + 1
  else if (wall === state.wall) counter = state.counter + 1
  else if (wall === remoteWall) counter = remote.counter + 1
  else counter = 0
  return { state: bump(wall, counter, state.node), drifted }
}

/**
 * A device's clock: the pure functions above plus the mutable last value and an injectable
 * wall-clock source, so tests can run it under a clock that jumps backwards.
 */
export class HybridClock {
  private state: HlcState

  constructor(
    node: string,
    private readonly wallClock: () => number = Date.now,
  ) {
    this.state = initialHlc(node)
  }

  get node(): string {
    return this.state.node
  }

  /** Never run the clock behind a timestamp this device already issued (e.g. after a restart). */
  restore(lastIssued: string | undefined): void {
    if (!lastIssued) return
    const last = parseHlc(lastIssued)
    if (
      last.wall > this.state.wall ||
      (last.wall === this.state.wall && last.counter > this.state.counter)
    ) {
      this.state = { wall: last.wall, counter: last.counter, node: this.state.node }
    }
  }

  /**
   * Put the clock back to `last` (or to zero), even below what it issued: only for re-stamping
   * changes the server refused because this device's wall clock ran ahead (sync/restamp.ts).
   */
  rewind(last: string | undefined): void {
    this.state = last ? { ...parseHlc(last), node: this.state.node } : initialHlc(this.state.node)
  }

  next(): string {
    this.state = tickHlc(this.state, this.wallClock())
    return formatHlc(this.state)
  }

  receive(remote: string): ReceiveResult {
    const result = receiveHlc(this.state, parseHlc(remote), this.wallClock())
    this.state = result.state
    return result
  }

  wallNow(): number {
    return this.wallClock()
  }
}
