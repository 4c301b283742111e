import { describe, expect, it, vi } from 'vitest'
import { openLiveChannel } from './live-channel'
import type { Timers } from './engine'
import { SETTLE } from '../test/settle'

const CREDENTIAL = 'space1234.abcdefghijklmnopqrstuvwxyz'

/** A fetch whose every call answers a stream the test writes to. */
function streamingFetch() {
  const calls: { url: string; init: RequestInit | undefined }[] = []
  const streams: ReadableStreamDefaultController<Uint8Array>[] = []
  const encoder = new TextEncoder()
  const fake = vi.fn((input: string, init?: RequestInit) => {
    calls.push({ url: input, init })
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        streams.push(controller)
      },
    })
    return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }))
  })
  return {
    fetch: fake as unknown as typeof fetch,
    calls,
    write: (index: number, text: string) => streams[index]?.enqueue(encoder.encode(text)),
    end: (index: number) => streams[index]?.close(),
  }
}

/** Timers the test fires by hand. */
function manualTimers(): Timers & { fire(): void; pending(): number } {
  const queue = new Map<number, () => void>()
  let next = 1
  return {
    setTimeout: (fn) => {
      queue.set(next, fn)
      return next++
    },
    clearTimeout: (handle) => queue.delete(handle as number),
    fire: () => {
      const entries = [...queue]
      queue.clear()
      for (const [, fn] of entries) fn()
    },
    pending: () => queue.size,
  }
}

describe('openLiveChannel', () => {
  it('sends the credential in the Authorization header, never in the address', async () => {
    const server = streamingFetch()
    const close = openLiveChannel(
      { serverUrl: 'https://bakery.example/', credential: CREDENTIAL, fetch: server.fetch },
      () => {},
    )
    await vi.waitFor(() => expect(server.calls).toHaveLength(1), SETTLE)
    const { url, init } = server.calls[0]!
    expect(url).toBe('https://bakery.example/api/sync/events')
    expect(url).not.toContain(CREDENTIAL)
    expect(new Headers(init?.headers).get('authorization')).toBe(`Bearer ${CREDENTIAL}`)
    close()
  })

  it('reports each changes event, also when an event arrives in pieces', async () => {
    const server = streamingFetch()
    const onRemoteChange = vi.fn()
    const close = openLiveChannel(
      { serverUrl: 'https://bakery.example', credential: CREDENTIAL, fetch: server.fetch },
      onRemoteChange,
    )
    await vi.waitFor(() => expect(server.calls).toHaveLength(1), SETTLE)
    server.write(0, 'event: ready\ndata: {"cursor":0}\n\n: keep-alive\n\n')
    server.write(0, 'event: changes\nda')
    server.write(0, 'ta: {"cursor":3}\n\n')
    await vi.waitFor(() => expect(onRemoteChange).toHaveBeenCalledTimes(1), SETTLE)
    server.write(0, 'event: changes\ndata: {"cursor":4}\n\n')
    await vi.waitFor(() => expect(onRemoteChange).toHaveBeenCalledTimes(2), SETTLE)
    close()
  })

  it('opens the stream again after it ends, and asks for a pull once reconnected', async () => {
    const server = streamingFetch()
    const timers = manualTimers()
    const onRemoteChange = vi.fn()
    const close = openLiveChannel(
      { serverUrl: 'https://bakery.example', credential: CREDENTIAL, fetch: server.fetch, timers },
      onRemoteChange,
    )
    await vi.waitFor(() => expect(server.calls).toHaveLength(1), SETTLE)
    server.write(0, 'event: ready\ndata: {"cursor":0}\n\n')
    server.end(0)
    await vi.waitFor(() => expect(timers.pending()).toBe(1), SETTLE)
    expect(onRemoteChange).not.toHaveBeenCalled()
    timers.fire()
    await vi.waitFor(() => expect(server.calls).toHaveLength(2), SETTLE)
    server.write(1, 'event: ready\ndata: {"cursor":5}\n\n')
    await vi.waitFor(() => expect(onRemoteChange).toHaveBeenCalledTimes(1), SETTLE)
    close()
    expect(timers.pending()).toBe(0)
  })

  it('reconnects at once when woken (back online) instead of waiting out its back-off', async () => {
    const server = streamingFetch()
    const timers = manualTimers()
    let wake = () => {}
    const close = openLiveChannel(
      {
        serverUrl: 'https://bakery.example',
        credential: CREDENTIAL,
        fetch: server.fetch,
        timers,
        wake: (listener) => {
          wake = listener
          return () => {
            wake = () => {}
          }
        },
      },
      () => {},
    )
    await vi.waitFor(() => expect(server.calls).toHaveLength(1), SETTLE)
    server.end(0)
    await vi.waitFor(() => expect(timers.pending()).toBe(1), SETTLE)
    wake()
    await vi.waitFor(() => expect(server.calls).toHaveLength(2), SETTLE)
    expect(timers.pending()).toBe(0)
    close()
  })
})
