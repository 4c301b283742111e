import { describe, expect, it } from 'vitest'
import { waitForIdle } from './wait-for-idle'

describe('waitForIdle', () => {
  it('resolves at once when no action is running', async () => {
    const sleeps: number[] = []
    const idle = await waitForIdle(() => 0, {
      sleep: (ms) => {
        sleeps.push(ms)
        return Promise.resolve()
      },
    })
    expect(idle).toBe(true)
    expect(sleeps).toEqual([])
  })

  it('waits until the running action count drops to 0', async () => {
    const counts = [2, 1, 1, 0]
    let sleeps = 0
    const idle = await waitForIdle(() => counts[Math.min(sleeps, counts.length - 1)]!, {
      intervalMs: 50,
      sleep: () => {
        sleeps += 1
        return Promise.resolve()
      },
    })
    expect(idle).toBe(true)
    expect(sleeps).toBe(3)
  })

  it('gives up after the timeout when an action never finishes', async () => {
    let sleeps = 0
    const idle = await waitForIdle(() => 1, {
      intervalMs: 100,
      timeoutMs: 1_000,
      sleep: () => {
        sleeps += 1
        return Promise.resolve()
      },
    })
    expect(idle).toBe(false)
    expect(sleeps).toBe(10)
  })
})
