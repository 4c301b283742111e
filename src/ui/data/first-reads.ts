/**
 * When the first screen has its data. Every screen read (`useServiceQuery`) is counted from its
 * start until it answers; once none is pending and none starts during the following frame, the
 * first screen is settled. Background work that would compete with those reads for IndexedDB
 * (the sync engine pushing thousands of waiting changes) starts only then (main.tsx), so a cold
 * start's cards and bars never queue behind it (DESIGN §3).
 */

let pending = 0
let settled = false
let checking = false
let resolveSettled: () => void = () => undefined

/** Resolves once the first screen's reads have all answered (never rejects). */
export const firstScreenSettled: Promise<void> = new Promise((resolve) => {
  resolveSettled = resolve
})

/** `read`, counted until it settles while the first screen is loading. */
export function trackFirstRead<T>(read: Promise<T>): Promise<T> {
  if (settled) return read
  pending += 1
  const done = () => {
    pending -= 1
    if (pending === 0) checkSettled()
  }
  read.then(done, done)
  return read
}

/** Settled when nothing is pending after the next frame (a screen starts its next reads then). */
function checkSettled(): void {
  if (checking || settled) return
  checking = true
  requestAnimationFrame(() =>
    setTimeout(() => {
      checking = false
      if (pending > 0 || settled) return
      settled = true
      resolveSettled()
    }),
  )
}
