/**
 * The sync transport: the three calls the engine makes to a server. `createHttpTransport` speaks
 * the wire protocol (wire.ts) over fetch and validates every response with zod; a failure becomes
 * a result with a reason, never an exception, so the engine's loop stays simple.
 */
import { z } from 'zod'
import type { ChangeRecord } from '../db/change-record'
import type { SyncFailureReason } from './status-store'
import { span } from './profile'
import {
  GENERATION_HEADER,
  LOG_END_HEADER,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  SERVER_TIME_HEADER,
  clockAheadErrorSchema,
  createSpaceResponseSchema,
  generationSchema,
  logEndSchema,
  devicesResponseSchema,
  invitationResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  reclaimSpaceResponseSchema,
  serverTimeSchema,
  snapshotResponseSchema,
  rowsResponseSchema,
  wireErrorSchema,
  type RowsResponse,
  type RowsScope,
  type CreateSpaceResponse,
  type DevicesResponse,
  type InvitationResponse,
  type PullResponse,
  type PushResponse,
  type ReclaimSpaceResponse,
  type SnapshotResponse,
} from './wire'

export type TransportFailure = {
  ok: false
  reason: SyncFailureReason
  detail: string
  /** `clock-ahead` only: the server's clock when it refused, and how far ahead the push was. */
  clockAhead?: { serverTime: number; aheadByMs: number }
  /** The server's Retry-After (429, 503): the engine waits at least this long. */
  retryAfterMs?: number
}
export type TransportResult<T> = { ok: true; value: T } | TransportFailure

export type Transport = {
  push(
    deviceId: string,
    changes: ChangeRecord[],
    deviceName?: string,
  ): Promise<TransportResult<PushResponse>>
  pull(after: number, limit: number): Promise<TransportResult<PullResponse>>
  /** One page of the compacted log after `after` (0 for the first). */
  snapshot(after: number): Promise<TransportResult<SnapshotResponse>>
  /** One page of the server's current rows (servers before issue 18 answer 404). */
  rows?(request: RowsRequest): Promise<TransportResult<RowsResponse>>
  /** The space's devices with their names (servers before the registry answer 404). */
  devices?(): Promise<TransportResult<DevicesResponse>>
  /** Register this device's name now (after a rename), rather than with its next push. */
  registerDevice?(deviceId: string, deviceName: string): Promise<TransportResult<DevicesResponse>>
  /** A one-time invitation for another tablet (a join link carries it). */
  invite?(): Promise<TransportResult<InvitationResponse>>
  /** Remove a device from the space: it is locked out at once. */
  removeDevice?(deviceId: string): Promise<TransportResult<DevicesResponse>>
  /** Trade the shared space secret of an older space for this device's own credential. */
  tradeCredential?(
    deviceId: string,
    deviceName?: string,
  ): Promise<TransportResult<CreateSpaceResponse>>
  /**
   * Re-create this space on a server that lost it (rebuilt empty), under this tablet's
   * credential; refused unless the server's operator allows it (sync/heal.ts).
   */
  reclaim?(deviceId: string, deviceName?: string): Promise<TransportResult<ReclaimSpaceResponse>>
  /** The server's clock (ms) as its last answer stated it, or null before any answer. */
  lastServerTime?(): number | null
  /**
   * The space log's generation and end as the last push, pull or snapshot answer stated them;
   * null before one (or from a server before log generations). See sync/heal.ts.
   */
  serverLog?(): ServerLog | null
}

/** A page of the server's current rows (`GET /api/sync/rows`, first-sync.ts). */
export type RowsRequest = {
  scope: RowsScope
  /** The current events (`events` scope), or those the `rest` scope leaves out. */
  events: readonly string[]
  /** The previous page's cursor; absent for the scope's first page. */
  cursor?: string
  limit?: number
}
export type ServerLog = { generation: string; latestSeq: number }

export type HttpTransportOptions = {
  serverUrl: string
  credential: string
  fetch?: typeof fetch
}

/** Retry-After as seconds or an HTTP date, in ms from `now` (capped at an hour); else undefined. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const seconds = Number(header)
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now
  if (!Number.isFinite(ms) || ms <= 0) return undefined
  return Math.min(ms, 3_600_000)
}

function reasonForStatus(status: number, code: string | undefined): SyncFailureReason {
  if (code === 'device-removed') return 'device-removed'
  if (status === 401 || status === 403) return 'unauthorized'
  if (code === 'unsupported-protocol' || status === 426) return 'unsupported-protocol'
  if (status >= 500 || status === 429) return 'server-error'
  return 'rejected'
}

export function createHttpTransport(options: HttpTransportOptions): Transport {
  const base = options.serverUrl.replace(/\/+$/, '')
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))
  let serverTime: number | null = null
  let serverLog: ServerLog | null = null

  async function call<T>(
    path: string,
    schema: z.ZodType<T>,
    init: RequestInit = {},
  ): Promise<TransportResult<T>> {
    let response: Response
    try {
      response = await doFetch(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${options.credential}`,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
      })
    } catch (error) {
      return {
        ok: false,
        reason: 'offline',
        detail: error instanceof Error ? error.message : 'Network error',
      }
    }
    const stated = serverTimeSchema.safeParse(response.headers.get(SERVER_TIME_HEADER))
    if (stated.success) serverTime = stated.data
    let body: unknown
    try {
      body = await response.json()
    } catch {
      return {
        ok: false,
        reason: response.ok ? 'bad-response' : reasonForStatus(response.status, undefined),
        detail: `HTTP ${response.status}`,
      }
    }
    if (!response.ok) {
      const clockAhead = clockAheadErrorSchema.safeParse(body)
      if (clockAhead.success) {
        const { serverTime: refusedAt, aheadByMs } = clockAhead.data
        return {
          ok: false,
          reason: 'clock-ahead',
          detail: clockAhead.data.message,
          clockAhead: { serverTime: refusedAt, aheadByMs },
        }
      }
      const error = wireErrorSchema.safeParse(body)
      const wait = retryAfterMs(response.headers.get('retry-after'))
      return {
        ok: false,
        reason: reasonForStatus(response.status, error.success ? error.data.code : undefined),
        detail: error.success ? error.data.message : `HTTP ${response.status}`,
        ...(wait === undefined ? {} : { retryAfterMs: wait }),
      }
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success)
      return { ok: false, reason: 'bad-response', detail: z.prettifyError(parsed.error) }
    const generation = generationSchema.safeParse(response.headers.get(GENERATION_HEADER))
    const logEnd = logEndSchema.safeParse(response.headers.get(LOG_END_HEADER))
    if (generation.success && logEnd.success)
      serverLog = { generation: generation.data, latestSeq: logEnd.data }
    return { ok: true, value: parsed.data }
  }

  return {
    push: (deviceId, changes, deviceName) => {
      const started = performance.now()
      const body = JSON.stringify({
        protocol: PROTOCOL_VERSION,
        deviceId,
        ...(deviceName === undefined ? {} : { deviceName }),
        changes,
      })
      span('push:stringify', started, body.length)
      return call('/api/sync/push', pushResponseSchema, { method: 'POST', body })
    },
    pull: (after, limit) =>
      call(`/api/sync/pull?after=${after}&limit=${limit}`, pullResponseSchema),
    snapshot: (after) => call(`/api/sync/snapshot?after=${after}`, snapshotResponseSchema),
    rows: ({ scope, events, cursor, limit }) => {
      const query = new URLSearchParams({ scope })
      if (events.length > 0) query.set('events', events.join(','))
      if (cursor !== undefined) query.set('cursor', cursor)
      if (limit !== undefined) query.set('limit', String(limit))
      return call(`/api/sync/rows?${query.toString()}`, rowsResponseSchema)
    },
    devices: () => call('/api/sync/devices', devicesResponseSchema),
    registerDevice: (deviceId, deviceName) =>
      call('/api/sync/devices', devicesResponseSchema, {
        method: 'POST',
        body: JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, deviceName }),
      }),
    invite: () => call('/api/sync/invitations', invitationResponseSchema, { method: 'POST' }),
    removeDevice: (deviceId) =>
      call('/api/sync/devices/remove', devicesResponseSchema, {
        method: 'POST',
        body: JSON.stringify({ deviceId }),
      }),
    tradeCredential: (deviceId, deviceName) =>
      call('/api/sync/credential', createSpaceResponseSchema, {
        method: 'POST',
        body: JSON.stringify({ deviceId, ...(deviceName === undefined ? {} : { deviceName }) }),
      }),
    reclaim: (deviceId, deviceName) =>
      call('/api/spaces/reclaim', reclaimSpaceResponseSchema, {
        method: 'POST',
        body: JSON.stringify({ deviceId, ...(deviceName === undefined ? {} : { deviceName }) }),
      }),
    lastServerTime: () => serverTime,
    serverLog: () => serverLog,
  }
}
