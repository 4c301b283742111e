/**
 * How long a test may wait for asynchronous work it started (a sync engine's round, a live query)
 * before failing: `vi.waitFor`'s 1 s default times out on a busy 2-core machine, where the same
 * work finishes in a fraction of a second idle. A wait that succeeds returns as soon as it can.
 */
export const SETTLE = { timeout: 10_000, interval: 20 }
