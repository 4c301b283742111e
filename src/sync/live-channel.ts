/**
 * The server's live channel (`GET /api/sync/events`, server-sent events) read with `fetch`, so
 * the space credential travels in the Authorization header and never in an address (addresses
 * end up in logs, proxies and browser history). The stream is parsed with eventsource-parser;
 * when it ends or fails it is opened again with the engine's back-off, until closed.
 */
import { createParser } from 'eventsource-parser'
import { backoffDelay, type Timers } from './engine'
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from './wire'

export type LiveChannelOptions = {
  serverUrl: string
  credential: string
  fetch?: typeof fetch
  timers?: Timers
  random?: () => number
  /** Fires when reconnecting is worth trying at once (the device came back online). */
  wake?: (listener: () => void) => () => void
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

/**
 * Listen to the space's live channel; `onRemoteChange` fires when another device pushed, and on
 * every reconnection (changes may have been missed meanwhile). Returns the function that closes it.
 */
export function openLiveChannel(
  options: LiveChannelOptions,
  onRemoteChange: () => void,
): () => void {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  const timers = options.timers ?? defaultTimers
  const random = options.random ?? Math.random
  const url = `${options.serverUrl.replace(/\/+$/, '')}/api/sync/events`
  const controller = new AbortController()
  let failures = 0
  let connectedBefore = false
  let retry: unknown = null

  async function readOnce(): Promise<void> {
    const response = await doFetch(url, {
      headers: {
        authorization: `Bearer ${options.credential}`,
        accept: 'text/event-stream',
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      },
      cache: 'no-store',
      signal: controller.signal,
    })
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
    const parser = createParser({
      onEvent: (message) => {
        if (message.event === 'ready') {
          failures = 0
          if (connectedBefore) onRemoteChange()
          connectedBefore = true
        } else if (message.event === 'changes') onRemoteChange()
      },
    })
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      parser.feed(value)
    }
  }

  function connect(): void {
    retry = null
    readOnce()
      .catch(() => undefined)
      .finally(() => {
        if (controller.signal.aborted) return
        failures += 1
        retry = timers.setTimeout(connect, backoffDelay(failures, random))
      })
  }

  connect()
  // Back online: do not wait out a back-off grown while offline.
  const unsubscribeWake = options.wake?.(() => {
    if (retry === null || controller.signal.aborted) return
    timers.clearTimeout(retry)
    failures = 0
    connect()
  })
  return () => {
    controller.abort()
    unsubscribeWake?.()
    if (retry !== null) timers.clearTimeout(retry)
  }
}
