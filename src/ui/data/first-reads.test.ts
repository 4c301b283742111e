// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type * as FirstReadsModule from './first-reads'

type FirstReads = typeof FirstReadsModule

/** A fresh copy of the module: its state is the page's, once per load. */
async function load(): Promise<FirstReads> {
  vi.resetModules()
  return import('./first-reads')
}

/** A promise and the functions that settle it. */
function deferred() {
  let resolve: (value: string) => void = () => undefined
  let reject: (error: Error) => void = () => undefined
  const promise = new Promise<string>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** Past the next frame and the task after it. */
const afterNextFrame = () =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

describe('firstScreenSettled', () => {
  let settled: boolean
  let module: FirstReads

  beforeEach(async () => {
    module = await load()
    settled = false
    void module.firstScreenSettled.then(() => (settled = true))
  })

  it('waits until every read the first screen started has answered, failed ones included', async () => {
    const cards = deferred()
    const bars = deferred()
    void module.trackFirstRead(cards.promise)
    void module.trackFirstRead(bars.promise).catch(() => undefined)
    cards.resolve('cards')
    await afterNextFrame()
    expect(settled).toBe(false)
    bars.reject(new Error('the bars failed'))
    await afterNextFrame()
    await afterNextFrame()
    expect(settled).toBe(true)
  })

  it('waits for a read the screen starts in the frame after its first reads answered', async () => {
    const cards = deferred()
    void module.trackFirstRead(cards.promise)
    cards.resolve('cards')
    // The screen renders the cards, then asks for their bars before the next frame.
    const bars = deferred()
    void module.trackFirstRead(bars.promise)
    await afterNextFrame()
    await afterNextFrame()
    expect(settled).toBe(false)
    bars.resolve('bars')
    await afterNextFrame()
    await afterNextFrame()
    expect(settled).toBe(true)
  })

  it('hands every read its own answer, before and after the first screen settled', async () => {
    expect(await module.trackFirstRead(Promise.resolve('first'))).toBe('first')
    await afterNextFrame()
    await afterNextFrame()
    expect(settled).toBe(true)
    expect(await module.trackFirstRead(Promise.resolve('later'))).toBe('later')
  })
})
