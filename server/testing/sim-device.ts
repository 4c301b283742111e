/**
 * A simulated device for the multi-process, fault and load tests: it pushes its own changes and
 * pulls everyone's over real HTTP, like the app's sync engine (DESIGN §3): a push is retried with
 * the same batch until acknowledged, with capped exponential back-off and failing over to the
 * next server after each failure; a pull applies pages in cursor order. It records every request
 * (kind, latency, outcome) so callers can report percentiles and errors.
 */
import {
  type ChangeRecord,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  type PulledChange,
} from '../../src/sync/wire'
import { makeChange } from './fixtures'

export type RequestSample = { kind: 'push' | 'pull'; ms: number; ok: boolean; status: number }

export type SimDeviceOptions = {
  deviceId: string
  credential: string
  /** Server base URLs; the device starts at `servers[start % length]` and fails over in turn. */
  servers: readonly string[]
  start?: number
  backoff?: { baseMs: number; capMs: number }
  /** Per-request timeout. */
  timeoutMs?: number
  /** Gives up a push or pull after this many failed attempts in a row (tests: never hang). */
  maxAttempts?: number
  /** Moves to the next server after every request, not only after a failure (load test). */
  rotate?: boolean
  /** Where request samples go (shared by all devices of a run). */
  samples?: RequestSample[]
  /** Distinct rows the device's changes cycle over. */
  rows?: number
  /**
   * Keeps every pulled change in `pulled` (default). The load test turns it off and folds pages
   * through `onPulled` instead, so 50 devices do not each hold the whole log in memory.
   */
  keepPulled?: boolean
  /** Called with each pulled page, in cursor order, after its seqs were checked. */
  onPulled?: (changes: readonly PulledChange[]) => void
}

export class SimDevice {
  readonly deviceId: string
  /** Ids of this device's changes that a server acknowledged. */
  readonly acknowledged = new Set<string>()
  /**
   * Every change pulled, by id (a second copy of an id is counted in `duplicatePulls`); empty
   * when `keepPulled` is off.
   */
  readonly pulled = new Map<string, PulledChange>()
  duplicatePulls = 0
  cursor = 0
  failures = 0
  private next = 0
  private server: number
  private readonly options: Required<Omit<SimDeviceOptions, 'start'>>

  constructor(options: SimDeviceOptions) {
    this.deviceId = options.deviceId
    this.server = options.start ?? 0
    this.options = {
      backoff: { baseMs: 50, capMs: 2_000 },
      timeoutMs: 10_000,
      maxAttempts: 60,
      samples: [],
      rows: 20,
      rotate: false,
      keepPulled: true,
      onPulled: () => {},
      ...options,
    }
  }

  /** How many changes `makeBatch` has made so far. */
  get made(): number {
    return this.next
  }

  /** The next `count` new changes of this device. */
  makeBatch(count: number): ChangeRecord[] {
    return Array.from({ length: count }, () => {
      this.next += 1
      return makeChange(this.next, { deviceId: this.deviceId }, this.options.rows)
    })
  }

  private get url(): string {
    const { servers } = this.options
    return servers[this.server % servers.length] ?? ''
  }

  private async request(kind: 'push' | 'pull', path: string, body?: unknown): Promise<unknown> {
    const started = performance.now()
    let status = 0
    try {
      const response = await fetch(`${this.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          authorization: `Bearer ${this.options.credential}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      status = response.status
      if (this.options.rotate) this.server += 1
      const json: unknown = await response.json()
      if (!response.ok) throw new Error(`${kind} answered ${status}: ${JSON.stringify(json)}`)
      this.options.samples.push({ kind, ms: performance.now() - started, ok: true, status })
      return json
    } catch (error) {
      this.options.samples.push({ kind, ms: performance.now() - started, ok: false, status })
      throw error
    }
  }

  /** Retries `attempt` with back-off, moving to the next server after each failure. */
  private async withRetry<T>(attempt: () => Promise<T>): Promise<T> {
    const { baseMs, capMs } = this.options.backoff
    for (let failed = 0; ;) {
      try {
        return await attempt()
      } catch (error) {
        failed += 1
        this.failures += 1
        if (failed >= this.options.maxAttempts) throw error
        this.server += 1
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(baseMs * 2 ** (failed - 1), capMs)),
        )
      }
    }
  }

  /** Pushes `changes` until a server acknowledges every id (same batch on every retry). */
  async push(changes: readonly ChangeRecord[]): Promise<void> {
    const json = await this.withRetry(() =>
      this.request('push', '/api/sync/push', {
        protocol: PROTOCOL_VERSION,
        deviceId: this.deviceId,
        changes,
      }),
    )
    for (const id of pushResponseSchema.parse(json).acknowledged) this.acknowledged.add(id)
  }

  /** Pulls pages until the server says there is no more. */
  async pullAll(limit = 500): Promise<void> {
    for (;;) {
      const json = await this.withRetry(() =>
        this.request('pull', `/api/sync/pull?after=${this.cursor}&limit=${limit}`),
      )
      const page = pullResponseSchema.parse(json)
      for (const change of page.changes) {
        if (change.seq !== this.cursor + 1)
          throw new Error(`${this.deviceId}: seq ${change.seq} after cursor ${this.cursor}`)
        if (this.options.keepPulled) {
          if (this.pulled.has(change.id)) this.duplicatePulls += 1
          this.pulled.set(change.id, change)
        }
        this.cursor = change.seq
      }
      this.options.onPulled(page.changes)
      if (!page.hasMore) return
    }
  }
}
