/**
 * Wait until no action is running, so a reload for an update never cuts a write short (a running
 * transaction would roll back, but the baker's tap would be lost). Gives up waiting after
 * `timeoutMs`: an action that never ends must not block the update forever.
 */
export type WaitForIdleOptions = {
  intervalMs?: number
  timeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Resolves true once `countRunning()` is 0, or false when `timeoutMs` passed first. */
export async function waitForIdle(
  countRunning: () => number,
  { intervalMs = 50, timeoutMs = 10_000, sleep = realSleep }: WaitForIdleOptions = {},
): Promise<boolean> {
  let waited = 0
  while (countRunning() > 0) {
    if (waited >= timeoutMs) return false
    await sleep(intervalMs)
    waited += intervalMs
  }
  return true
}
