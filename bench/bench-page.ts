/**
 * The in-browser half of `npm run bench` (driven by bench/run.ts through Playwright): seeds real
 * IndexedDB databases with the deterministic demo-data generator, times service reads the way the
 * screens run them (one read-only transaction each), counts IndexedDB requests per call, and times
 * push and first sync against the real server, all with `performance.now()`. The page is served
 * from the app's origin, so it can fill the app's own database for the UI figures.
 */
import { Dexie } from 'dexie'
import { createDatabase, type AppDatabase } from '../src/db/database'
import { ALL_TABLES, DOMAIN_TABLES, type TableName } from '../src/db/tables'
import type { Tx } from '../src/db/tx'
import {
  createDemoDataset,
  getDashboardSummary,
  eventsStillArriving,
  getEventsWithProgress,
  getRecipeNeeds,
  listRecipes,
  updatePackageStatus,
  type DemoDatasetInput,
} from '../src/services'
import type { ChangeRecord } from '../src/db/change-record'
import { formatHlc } from '../src/crdt/hlc'
import { applyRemote } from '../src/db/apply-remote'
import { insertMany } from '../src/db/mutate'
import { applyWithNotices } from '../src/sync/notices'
import { chunksOf, storeBatch } from '../src/sync/apply-batch'
import { pullAll, pullOnce } from '../src/sync/pull'
import { localToday } from '../src/sync/first-sync'
import { setSyncProfiler, type ProfileSink } from '../src/sync/profile'
import { pushAll } from '../src/sync/push'
import { clearSyncConfig, writeSyncConfig } from '../src/sync/sync-state'
import { createHttpTransport, type RowsRequest, type Transport } from '../src/sync/transport'
import {
  MAX_PUSH_BATCH,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  createSpaceResponseSchema,
} from '../src/sync/wire'
import { createRunAction, type Uses } from '../src/transactions/run-action'
import { writes } from '../src/transactions/declared-tables'
import { countRequests } from '../src/test/count-requests'
import { readInTransaction } from '../src/transactions/read'
import { tablesOf } from '../src/transactions/declared-tables'
import { loadCatalogue } from '../src/services/catalogue-model'

export type SeedResult = {
  ms: number
  changes: number
  eventIds: string[]
  assignments: number
}
export type ReadName =
  | 'getEventsWithProgress'
  | 'getEventsWithProgress (active_future)'
  | 'getDashboardSummary'
  | 'getRecipeNeeds'
export type RequestCounts = { total: number; byOperation: Record<string, number> }
/**
 * `transportMs`: time spent waiting for the server (request, server work, response parsing).
 * `spans`: per span name (push:read, push:drop, push:transaction, push:stringify, push:wait,
 * transport:fetch to the headers, transport:json, transport:call), each span's ms in order.
 */
export type PushResult = {
  ms: number
  pushed: number
  transportMs: number
  spans: Record<string, number[]>
}
/** The push floor: how long the same changes took with no app code (bench-page `pushFloor`). */
export type PushFloorResult = { ms: number; pushed: number }
/** The push floor's own database (deleted with the others before a run). */
const PUSH_FLOOR_DATABASE = 'bench-push-floor'
export type FirstSyncResult = {
  /** Until the app is usable: global rows and the first screen's events' rows applied. */
  usableMs: number
  /** Until every upcoming event's rows are in (the upcoming stage; Today shows every bar). */
  upcomingMs: number
  /** Until every row is in (past events included). */
  ms: number
  applied: number
  rows: number
  transportMs: number
  /** The floor: plain Dexie bulkPut of the same rows into an empty database, same indexes. */
  bulkPutMs: number
  /** Where the time went (sync/profile.ts spans and the transport's own), per stage. */
  profile: FirstSyncProfile
}
/** Per span name: how many, their sum and largest (ms), and the sum of their details. */
export type FirstSyncProfile = Record<
  string,
  { count: number; ms: number; maxMs: number; detail: number }
>
export type TableReadTimes = Record<string, { rows: number; ms: number }>
/** Per repeat: applying a remote batch as a pull does, and the floor (bulkPut of its rows). */
export type ApplyBatchResult = { applyMs: number[]; withNoticesMs: number[]; floorMs: number[] }
/** The screen reads of the read-during-sync figure. */
export type ScreenRead = 'today' | 'recipes'
/**
 * Per repeat, per screen read: the read alone, the read started while a long batch is stored as
 * a pull stores it (scoped chunks), and the same while it is applied the old way (one transaction
 * over every table); how long each batch took, and in how many transactions the pull stored it.
 */
export type ReadDuringApplyResult = {
  idleMs: Record<ScreenRead, number[]>
  duringMs: Record<ScreenRead, number[]>
  duringOneTransactionMs: Record<ScreenRead, number[]>
  applyMs: number[]
  oneTransactionApplyMs: number[]
  chunks: number
}
/** What the tablet stores: rows, row states, their field clocks, waiting changes. */
export type LocalRecords = {
  rows: number
  rowStates: number
  stateChanges: number
  fieldClocks: number
  waitingChanges: number
  outbox: number
}

/** Wait `ms` (between timed transactions, as between two taps). */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const databases = new Map<string, AppDatabase>()
function database(name: string): AppDatabase {
  let found = databases.get(name)
  if (!found) {
    found = createDatabase(name)
    databases.set(name, found)
  }
  return found
}

/**
 * Each read as a screen runs it: the service, in a read-only transaction over the tables it
 * declares (as the read hook opens it).
 */
const READS: Record<
  ReadName,
  { fn: (tx: Tx, eventId: string, today: string) => Promise<unknown>; uses: Uses }
> = {
  getEventsWithProgress: {
    fn: (tx, _eventId, today) => getEventsWithProgress(tx, { filter: 'all', today }),
    uses: [getEventsWithProgress],
  },
  'getEventsWithProgress (active_future)': {
    fn: (tx, _eventId, today) => getEventsWithProgress(tx, { filter: 'active_future', today }),
    uses: [getEventsWithProgress],
  },
  getDashboardSummary: {
    fn: (tx) => getDashboardSummary(tx),
    uses: [getDashboardSummary],
  },
  getRecipeNeeds: {
    fn: (tx, eventId) => getRecipeNeeds(tx, eventId),
    uses: [getRecipeNeeds],
  },
}

/**
 * The tables each whole-table read loads (one `toArray` each), to time the IndexedDB part of the
 * read alone: the service's time minus this is its JavaScript (grouping, sorting, DTOs).
 */
const WHOLE_TABLES: Partial<Record<ReadName, TableName[]>> = {
  getEventsWithProgress: [
    'events',
    'productionTargets',
    'assemblyTargets',
    'productionRuns',
    'assemblyRuns',
    'assignments',
    'recipes',
    'finishedGoods',
  ],
  'getEventsWithProgress (active_future)': [
    'events',
    'productionTargets',
    'assemblyTargets',
    'productionRuns',
    'assemblyRuns',
    'assignments',
    'recipes',
    'finishedGoods',
  ],
  getDashboardSummary: [
    'events',
    'assignments',
    'productionRuns',
    'ingredients',
    'recipes',
    'finishedUnits',
    'finishedGoods',
    'packages',
  ],
}

/** Records shaped like the ones a tap adds (the floor writes and deletes them again). */
const FLOOR_STATUS_CHANGE = {
  from: 'assembled',
  to: 'delivered',
  epoch: 0,
  lineage: null,
  at: '2026-12-01T00:00:00.000Z',
  deviceId: 'bench',
}
const FLOOR_CHANGE = {
  table: 'assignments',
  fields: { status: 'delivered', deliveredAt: '2026-12-01T00:00:00.000Z' },
  hlc: '0000000000000-0000-bench',
  deviceId: 'bench',
  seq: 0,
}

/** The request counter with the total beside the counts per `table.operation`. */
function requestCounter(db: AppDatabase) {
  const counter = countRequests(db)
  return {
    reset: counter.reset,
    snapshot: (): RequestCounts => {
      const byOperation = counter.snapshot()
      const total = Object.values(byOperation).reduce((sum, n) => sum + n, 0)
      return { total, byOperation }
    },
  }
}

/** The HTTP transport, with the time spent in its calls added up. */
function timedTransport(
  credential: string,
  onSpan?: ProfileSink,
): { transport: Transport; elapsed: () => number } {
  // With `onSpan`: each request's fetch (server work and network, to the headers) and its body's
  // JSON parse are reported as spans; the rest of a call (zod) is `transport:<call>` minus both.
  const timedFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const started = performance.now()
    const response = await fetch(input, init)
    onSpan?.('transport:fetch', started, performance.now())
    const json = response.json.bind(response)
    response.json = async () => {
      const parsing = performance.now()
      const body: unknown = await json()
      onSpan?.('transport:json', parsing, performance.now())
      return body
    }
    return response
  }
  const inner = createHttpTransport({
    serverUrl: location.origin,
    credential,
    ...(onSpan ? { fetch: timedFetch } : {}),
  })
  // Wall time with at least one request running: requests overlap (push keeps one batch in
  // flight while it sends the next, first sync fetches ahead), so their durations are not added.
  let total = 0
  let running = 0
  let since = 0
  const time =
    <TArgs extends unknown[], TResult>(fn: (...args: TArgs) => Promise<TResult>) =>
    async (...args: TArgs): Promise<TResult> => {
      const started = performance.now()
      if (running === 0) since = started
      running += 1
      try {
        return await fn(...args)
      } finally {
        running -= 1
        if (running === 0) total += performance.now() - since
        onSpan?.('transport:call', started, performance.now())
      }
    }
  return {
    transport: {
      push: time((deviceId: string, changes: ChangeRecord[]) => inner.push(deviceId, changes)),
      pull: time((after: number, limit: number) => inner.pull(after, limit)),
      snapshot: time((after: number) => inner.snapshot(after)),
      rows: time((request: RowsRequest) => inner.rows!(request)),
    },
    elapsed: () => total,
  }
}

async function createSpace(): Promise<string> {
  const response = await fetch('/api/spaces', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ name: 'bench' }),
  })
  const space = createSpaceResponseSchema.parse(await response.json())
  return `${space.spaceId}.${space.token}`
}

/** Join a new space: the app queues every change of the log for it (untimed). */
async function joinNewSpace(db: AppDatabase): Promise<string> {
  const credential = await createSpace()
  await writeSyncConfig(db, { serverUrl: location.origin, credential })
  return credential
}

const bench = {
  /** Fill database `name` with the demo generator in one read-write action (as the UI writes). */
  async seed(name: string, input: DemoDatasetInput): Promise<SeedResult> {
    const db = database(name)
    const started = performance.now()
    const result = await createRunAction(db)([createDemoDataset], (tx) =>
      createDemoDataset(tx, input),
    )
    if (!result.ok) throw result.error
    const ms = performance.now() - started
    return {
      ms,
      changes: await db.changes.count(),
      eventIds: result.value.eventIds,
      assignments: result.value.assignmentIds.length,
    }
  },

  /** `repeats` timings (ms) of one service read, each in its own read-only transaction. */
  async timeRead(
    name: string,
    read: ReadName,
    options: { eventId: string; today: string; repeats: number; warmup: number },
  ): Promise<number[]> {
    const db = database(name)
    const times: number[] = []
    for (let index = 0; index < options.warmup + options.repeats; index += 1) {
      const started = performance.now()
      const { fn, uses } = READS[read]
      await readInTransaction(db, uses, (tx) => fn(tx, options.eventId, options.today))
      if (index >= options.warmup) times.push(performance.now() - started)
    }
    return times
  },

  /**
   * `repeats` timings (ms) of only the whole-table reads `read` issues, in one read-only
   * transaction as the service runs them (all at once); empty for a read not listed.
   */
  async timeTableReadsOf(name: string, read: ReadName, repeats: number): Promise<number[]> {
    const tables = WHOLE_TABLES[read]
    if (!tables) return []
    const db = database(name)
    const times: number[] = []
    for (let index = 0; index < repeats + 2; index += 1) {
      const started = performance.now()
      await readInTransaction(db, [tables], (tx) =>
        Promise.all(tables.map((table) => tx.table(table).toArray())),
      )
      if (index >= 2) times.push(performance.now() - started)
    }
    return times
  },

  /** IndexedDB requests issued by one call of each read (a second connection with a counter). */
  async countRequests(
    name: string,
    options: { eventId: string; today: string },
  ): Promise<Record<ReadName, RequestCounts>> {
    const db = createDatabase(name)
    const counter = requestCounter(db)
    await db.open()
    const counts = {} as Record<ReadName, RequestCounts>
    for (const read of Object.keys(READS) as ReadName[]) {
      counter.reset()
      const { fn, uses } = READS[read]
      await readInTransaction(db, uses, (tx) => fn(tx, options.eventId, options.today))
      counts[read] = counter.snapshot()
    }
    db.close()
    return counts
  },

  /**
   * Push the next `count` changes of `name`'s log (oldest first) with the sync engine's pushAll,
   * `count / MAX_PUSH_BATCH` full batches. Without `credential` the database first joins a new
   * space (which queues its whole log; not timed); with it, pushing goes on in that space.
   */
  async push(
    name: string,
    count: number,
    credential?: string,
  ): Promise<PushResult & { credential: string }> {
    const db = database(name)
    const space = credential ?? (await joinNewSpace(db))
    const spans: Record<string, number[]> = {}
    const record: ProfileSink = (span, start, end) => (spans[span] ??= []).push(end - start)
    const { transport, elapsed } = timedTransport(space, record)
    setSyncProfiler(record)
    const started = performance.now()
    const outcome = await pushAll(db, transport, Math.ceil(count / MAX_PUSH_BATCH))
    const ms = performance.now() - started
    setSyncProfiler(null)
    if (!outcome.ok) throw new Error(`push failed: ${outcome.reason} ${outcome.detail}`)
    return { ms, pushed: outcome.pushed, credential: space, transportMs: elapsed(), spans }
  },

  /**
   * The push's floor (issue 17 item 9): the next `count` waiting changes of `name` (the ones its
   * next push sends: outbox order is id order), copied untimed into a plain Dexie database with
   * the changes store's own indexes, then pushed with no app code: each 500 by one range read
   * from past the last batch sent, POSTed as JSON to `floorUrl` (the server's bench-only route,
   * which parses the body and answers the ids), and deleted by one range delete in the
   * transaction reading the next; one request in flight while the next is read, as push keeps it.
   */
  async pushFloor(name: string, count: number, floorUrl: string): Promise<PushFloorResult> {
    const copy = await database(name).changes.limit(count).toArray()
    const floor = new Dexie(PUSH_FLOOR_DATABASE)
    floor.version(1).stores({ changes: 'id, hlc' })
    const changes = floor.table<ChangeRecord, string>('changes')
    await changes.bulkPut(copy)
    const post = async (batch: ChangeRecord[]): Promise<string[]> => {
      const response = await fetch(floorUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: 'floor', changes: batch }),
      })
      return ((await response.json()) as { acknowledged: string[] }).acknowledged
    }
    const started = performance.now()
    const flying: Promise<string[]>[] = []
    let answered: string[] | undefined
    let lastSent: string | undefined
    let more = true
    let pushed = 0
    for (;;) {
      if (answered || more) {
        const acked = answered
        answered = undefined
        const batch = await floor.transaction('rw', changes, async () => {
          const first = acked?.[0]
          const last = acked?.at(-1)
          if (first !== undefined && last !== undefined)
            await changes.where('id').between(first, last, true, true).delete()
          if (!more) return []
          const next =
            lastSent === undefined ? changes.toCollection() : changes.where('id').above(lastSent)
          return next.limit(MAX_PUSH_BATCH).toArray()
        })
        if (batch.length < MAX_PUSH_BATCH) more = false
        const last = batch.at(-1)
        if (last) {
          lastSent = last.id
          flying.push(post(batch))
          if (flying.length < 2 && more) continue
        }
      }
      const oldest = flying.shift()
      if (!oldest) break
      answered = await oldest
      pushed += answered.length
    }
    const ms = performance.now() - started
    floor.close()
    return { ms, pushed }
  },

  /** A new device (empty database) joins `credential`'s space and syncs until up to date. */
  async firstSync(name: string, credential: string): Promise<FirstSyncResult> {
    await this.deleteDatabase(name)
    const db = database(name)
    await writeSyncConfig(db, { serverUrl: location.origin, credential })
    const profile: FirstSyncProfile = {}
    let phase = 'usable'
    let upcomingEnd: number | null = null
    const record: ProfileSink = (name, start, end, detail) => {
      const key = `${phase} ${name}`
      const entry = (profile[key] ??= { count: 0, ms: 0, maxMs: 0, detail: 0 })
      entry.count += 1
      entry.ms += end - start
      entry.maxMs = Math.max(entry.maxMs, end - start)
      entry.detail += detail ?? 0
      if (name === 'sync:page:upcoming') upcomingEnd = end
    }
    const { transport, elapsed } = timedTransport(credential, record)
    setSyncProfiler(record)
    const started = performance.now()
    // The first call ends once the app is usable (sync/first-sync.ts); past events follow a page
    // per round, as the engine runs them.
    const first = await pullOnce(db, transport)
    const usableMs = performance.now() - started
    phase = 'history'
    // The first screen's own read (Today's events with progress), not part of usableMs.
    const reading = performance.now()
    await readInTransaction(db, [getEventsWithProgress, eventsStillArriving], (tx) =>
      Promise.all([
        getEventsWithProgress(tx, { filter: 'active_future', today: localToday() }),
        eventsStillArriving(tx),
      ]),
    )
    const readMs = performance.now() - reading
    record('first screen read (not in usable)', reading, reading + readMs)
    if (!first.ok) throw new Error(`first sync failed: ${first.reason} ${first.detail}`)
    let applied = first.applied
    for (let round = 0; ; round += 1) {
      const outcome = await pullAll(db, transport)
      if (!outcome.ok) throw new Error(`pull failed: ${outcome.reason} ${outcome.detail}`)
      applied += outcome.applied
      if (!outcome.hasMore) break
      if (round > 10_000) throw new Error('first sync does not end')
    }
    const ms = performance.now() - started - readMs
    setSyncProfiler(null)
    let rows = 0
    const domain: { name: string; rows: unknown[] }[] = []
    for (const table of db.tables) {
      if (!(DOMAIN_TABLES as readonly string[]).includes(table.name)) continue
      const all = await table.toArray()
      rows += all.length
      domain.push({ name: table.name, rows: all })
    }
    await this.deleteDatabase(name)
    // The floor: the same rows bulkPut into an empty database with the same schema and indexes.
    const floorName = `${name}-floor`
    await this.deleteDatabase(floorName)
    const floor = createDatabase(floorName)
    await floor.open()
    const floorStarted = performance.now()
    await floor.transaction(
      'rw',
      domain.map((table) => floor.table(table.name)),
      () => Promise.all(domain.map((table) => floor.table(table.name).bulkPut(table.rows))),
    )
    const bulkPutMs = performance.now() - floorStarted
    await floor.delete()
    return {
      usableMs,
      // The upcoming stage's last page stored (none: every upcoming event came before usable).
      upcomingMs: upcomingEnd === null ? usableMs : upcomingEnd - started - readMs,
      ms,
      applied,
      rows,
      transportMs: elapsed(),
      bulkPutMs,
      profile,
    }
  },

  /**
   * Apply a remote batch of `size` changes (one per assignment: new notes from another device)
   * in one read-write transaction, as a pull does; then the same with the pull's notices check
   * (which reads the rows before and after when this device wrote them in the last 10 minutes, as
   * a just-seeded database did); then the floor: a plain Dexie bulkPut of the same rows in their
   * own transaction. `repeats` + 1 runs (the first is a warm-up), each with fresh changes.
   */
  async applyBatch(name: string, size: number, repeats: number): Promise<ApplyBatchResult> {
    const db = database(name)
    const rows = await db.assignments.limit(size).toArray()
    const ids = rows.map((row) => row.id)
    const result: ApplyBatchResult = { applyMs: [], withNoticesMs: [], floorMs: [] }
    const batchOf = (label: string): ChangeRecord[] => {
      const wall = Date.now()
      return rows.map((row, index) => ({
        id: `bench-remote-${label}-${wall}-${index}`,
        table: 'assignments',
        rowId: row.id,
        fields: {
          notes: `from another tablet (${label})`,
          updatedAt: new Date(wall).toISOString(),
        },
        hlc: formatHlc({ wall, counter: index, node: 'bench-remote' }),
        deviceId: 'bench-remote',
      }))
    }
    const timed = async (fn: () => Promise<unknown>): Promise<number> => {
      const started = performance.now()
      await fn()
      return performance.now() - started
    }
    for (let run = 0; run <= repeats; run += 1) {
      const plain = batchOf(`${run}a`)
      const apply = await timed(() =>
        db.transaction('rw', [...ALL_TABLES], async (tx) => {
          await applyRemote(tx, plain)
          await tx.meta.put({ key: 'benchCursor', value: run })
        }),
      )
      const noticed = batchOf(`${run}n`)
      const withNotices = await timed(() =>
        db.transaction('rw', [...ALL_TABLES], (tx) =>
          applyWithNotices(tx, db, noticed, (known) => applyRemote(tx, noticed, known)),
        ),
      )
      const written = (await db.assignments.bulkGet(ids)).filter((row) => row !== undefined)
      const floor = await timed(() =>
        db.transaction('rw', [db.assignments], () => db.assignments.bulkPut(written)),
      )
      if (run > 0) {
        result.applyMs.push(apply)
        result.withNoticesMs.push(withNotices)
        result.floorMs.push(floor)
      }
    }
    return result
  },

  /**
   * Screen reads (Today's `getEventsWithProgress`, the Recipes list) while a `size`-change remote
   * batch (notes on assignments from another device) is applied: stored as a pull stores it
   * (scoped transactions, chunks of whole rows, cursor with the last chunk), and, for comparison
   * in the same run, applied in one transaction over every table as before. Each read runs in its
   * own read-only transaction over the tables its service declares, started `delayMs` after the
   * batch, and is compared with the same read alone (its floor). One warm-up run is not kept.
   */
  async readDuringApply(
    name: string,
    size: number,
    repeats: number,
    today: string,
    delayMs = 10,
    /** Changes per chunk (the app's APPLY_CHUNK unless given); a sweep skips the one-transaction run. */
    chunkSize?: number,
  ): Promise<ReadDuringApplyResult> {
    const sweep = chunkSize !== undefined
    const db = database(name)
    const rows = await db.assignments.limit(size).toArray()
    if (rows.length === 0) throw new Error('no assignments to change')
    const batchOf = (label: string): ChangeRecord[] => {
      const wall = Date.now()
      return Array.from({ length: size }, (_, index) => {
        const row = rows[index % rows.length]!
        return {
          id: `bench-during-${label}-${wall}-${index}`,
          table: 'assignments',
          rowId: row.id,
          fields: { notes: `from another tablet (${label} ${index})` },
          hlc: formatHlc({ wall, counter: index, node: 'bench-remote' }),
          deviceId: 'bench-remote',
        }
      })
    }
    const reads: Record<ScreenRead, () => Promise<unknown>> = {
      today: () =>
        readInTransaction(db, [getEventsWithProgress], (tx) =>
          getEventsWithProgress(tx, { filter: 'active_future', today }),
        ),
      recipes: () => readInTransaction(db, [listRecipes], (tx) => listRecipes(tx)),
    }
    const timed = async (fn: () => Promise<unknown>): Promise<number> => {
      const started = performance.now()
      await fn()
      return performance.now() - started
    }
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
    const screens = Object.keys(reads) as ScreenRead[]
    const empty = () => ({ today: [] as number[], recipes: [] as number[] })
    const result: ReadDuringApplyResult = {
      idleMs: empty(),
      duringMs: empty(),
      duringOneTransactionMs: empty(),
      applyMs: [],
      oneTransactionApplyMs: [],
      chunks: chunksOf(batchOf('count'), chunkSize).length,
    }
    /** Start `apply`, then after `delayMs` both screen reads at once; their times and the apply's. */
    const during = async (apply: () => Promise<unknown>) => {
      const applying = timed(apply)
      await pause(delayMs)
      const [today, recipes] = await Promise.all([timed(reads.today), timed(reads.recipes)])
      return { times: { today, recipes }, applyMs: await applying }
    }
    for (let run = 0; run <= repeats; run += 1) {
      const keep = run > 0
      for (const screen of screens) {
        const idle = await timed(reads[screen])
        if (keep) result.idleMs[screen].push(idle)
      }
      const batch = batchOf(`${run}c`)
      const scoped = await during(() =>
        storeBatch(db, batch, {
          notices: true,
          finishTables: ['meta'],
          finish: (tx) => tx.meta.put({ key: 'benchCursor', value: run }),
          ...(chunkSize === undefined ? {} : { chunkSize }),
        }),
      )
      if (sweep) {
        if (!keep) continue
        for (const screen of screens) result.duringMs[screen].push(scoped.times[screen])
        result.applyMs.push(scoped.applyMs)
        continue
      }
      const whole = batchOf(`${run}w`)
      const oneTransaction = await during(() =>
        db.transaction('rw', [...ALL_TABLES], async (tx) => {
          await applyWithNotices(tx, db, whole, (known) => applyRemote(tx, whole, known))
          await tx.meta.put({ key: 'benchCursor', value: run })
        }),
      )
      if (!keep) continue
      for (const screen of screens) {
        result.duringMs[screen].push(scoped.times[screen])
        result.duringOneTransactionMs[screen].push(oneTransaction.times[screen])
      }
      result.applyMs.push(scoped.applyMs)
      result.oneTransactionApplyMs.push(oneTransaction.applyMs)
    }
    return result
  },

  /**
   * One action (runAction, one transaction) writing `count` new recipients through mutate's bulk
   * path, in a fresh database: ms for the whole action, and the floor (a plain bulkAdd of the
   * same rows in a fresh database).
   */
  async bulkInsert(name: string, count: number): Promise<{ ms: number; floorMs: number }> {
    await this.deleteDatabase(name)
    let db = database(name)
    await db.open()
    const rows = Array.from({ length: count }, (_, index) => ({
      name: `Recipient ${index}`,
      household: `Household ${index % 400}`,
      address: `${index} Bakery Lane`,
      notes: '',
    }))
    const started = performance.now()
    const result = await createRunAction(db)([writes('recipients')], (tx) =>
      insertMany(tx, 'recipients', rows),
    )
    const ms = performance.now() - started
    if (!result.ok) throw result.error
    // The floor: a plain bulkAdd of the same rows into the same table of a fresh database.
    await this.deleteDatabase(name)
    db = database(name)
    await db.open()
    const floorStarted = performance.now()
    await db.transaction('rw', [db.recipients], () => db.recipients.bulkAdd(result.value))
    const floorMs = performance.now() - floorStarted
    await this.deleteDatabase(name)
    return { ms, floorMs }
  },

  /** Count what the tablet stores (state, not history). */
  async localRecords(name: string): Promise<LocalRecords> {
    const db = database(name)
    let rows = 0
    for (const table of DOMAIN_TABLES) rows += await db.table(table).count()
    let stateChanges = 0
    let fieldClocks = 0
    await db.rowStates.each((state) => {
      stateChanges += state.changes.length
      for (const change of state.changes) fieldClocks += Object.keys(change.fields).length
    })
    return {
      rows,
      rowStates: await db.rowStates.count(),
      stateChanges,
      fieldClocks,
      waitingChanges: await db.changes.count(),
      outbox: await db.outbox.count(),
    }
  },

  /**
   * The floor of a Deliver tap: the same IndexedDB work with no app code, in plain Dexie. One
   * read-write transaction over the tables the tap writes: read one assignment, put it back with
   * the next status, add a status change, a change record and an outbox entry. `repeats` timings
   * (ms) from opening the transaction until it has committed, `pauseMs` idle before each (as
   * between two taps: a transaction after an idle pause is slower than one right after another).
   */
  async timeTapFloor(
    name: string,
    repeats: number,
    durability?: 'relaxed' | 'strict',
    pauseMs = 0,
  ): Promise<number[]> {
    // With `durability`, a second plain Dexie connection asking for it (the app asks for none).
    const db: Dexie = durability
      ? new Dexie(name, { chromeTransactionDurability: durability })
      : database(name)
    await db.open()
    const assignments = db.table('assignments')
    const ids = (await assignments.limit(repeats + 2).primaryKeys()).map(String)
    const times: number[] = []
    for (let index = 0; index < repeats + 2; index += 1) {
      const id = ids[index % ids.length] ?? ''
      if (pauseMs > 0) await pause(pauseMs)
      const started = performance.now()
      await db.transaction(
        'rw',
        ['assignments', 'statusChanges', 'changes', 'outbox'],
        async () => {
          const row: unknown = await assignments.get(id)
          if (!row) throw new Error(`no assignment ${id}`)
          await assignments.put({ ...row })
          const floorId = `floor-${index}-${id}`
          await db
            .table('statusChanges')
            .bulkPut([{ ...FLOOR_STATUS_CHANGE, id: floorId, assignmentId: id }])
          await db.table('changes').bulkPut([{ ...FLOOR_CHANGE, id: floorId, rowId: id }])
          await db.table('outbox').bulkPut([{ id: floorId }])
          // Take the extra records out again in the same transaction: the floor leaves no trace.
          await Promise.all([
            db.table('statusChanges').delete(floorId),
            db.table('changes').delete(floorId),
            db.table('outbox').delete(floorId),
          ])
        },
      )
      if (index >= 2) times.push(performance.now() - started)
    }
    if (durability) db.close()
    return times
  },

  /**
   * Where Today's and the dashboard's reads spend their time (bench/profile-reads.ts): each step
   * alone, `repeats` times, median ms. Transactions over every table and over the declared ones.
   */
  async profileReads(
    name: string,
    today: string,
    repeats: number,
  ): Promise<Record<string, number>> {
    const db = database(name)
    const steps: Record<string, (tx: Tx) => Promise<unknown>> = {
      emptyRead: (tx) => tx.meta.get('none'),
      eventsAll: (tx) => tx.events.toArray(),
      eventsActiveFuture: (tx) => tx.events.where('date').aboveOrEqual(today).toArray(),
      summariesToArray: (tx) => tx.eventSummaries.toArray(),
      catalogue: (tx) => loadCatalogue(tx),
      getEventsWithProgressAll: (tx) => getEventsWithProgress(tx, { filter: 'all', today }),
      getEventsWithProgressActiveFuture: (tx) =>
        getEventsWithProgress(tx, { filter: 'active_future', today }),
      getDashboardSummary: (tx) => getDashboardSummary(tx),
    }
    const scoped: Record<string, readonly TableName[]> = {
      emptyRead: ['meta'],
      eventsAll: ['events'],
      eventsActiveFuture: ['events'],
      summariesToArray: ['eventSummaries'],
      catalogue: ['ingredients', 'recipes', 'finishedUnits', 'finishedGoods', 'packages'],
      getEventsWithProgressAll: tablesOf(getEventsWithProgress),
      getEventsWithProgressActiveFuture: tablesOf(getEventsWithProgress),
      getDashboardSummary: tablesOf(getDashboardSummary),
    }
    const result: Record<string, number> = {}
    const middle = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b)
      return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
    }
    for (const [step, fn] of Object.entries(steps)) {
      for (const [label, tables] of [
        ['allTables', ALL_TABLES],
        ['declared', scoped[step] ?? ALL_TABLES],
      ] as const) {
        const times: number[] = []
        for (let index = 0; index < repeats + 2; index += 1) {
          const started = performance.now()
          await readInTransaction(db, [tables], fn)
          if (index >= 2) times.push(performance.now() - started)
        }
        result[`${step} (${label})`] = Math.round(middle(times) * 10) / 10
      }
    }
    const summaries = await db.eventSummaries.toArray()
    result['summary JSON bytes, mean'] = Math.round(
      summaries.reduce((sum, row) => sum + JSON.stringify(row).length, 0) /
        Math.max(1, summaries.length),
    )
    result['summaries'] = summaries.length
    return result
  },

  /** How many events database `name` holds (0 when it is new): whether it is seeded. */
  async eventCount(name: string): Promise<number> {
    return database(name).events.count()
  },

  /**
   * The tap's action alone, with no screen: `updatePackageStatus` to delivered on `repeats` + 2
   * ready assignments, each in its own `runAction` (the first two are warm-ups), timed from the
   * call until the action's transaction has committed; `pauseMs` before each, as between taps.
   */
  async timeTapAction(name: string, repeats: number, pauseMs = 0): Promise<number[]> {
    const db = database(name)
    const ready = await db.assignments.filter((row) => row.status === 'assembled').primaryKeys()
    const runAction = createRunAction(db)
    const times: number[] = []
    for (let index = 0; index < repeats + 2; index += 1) {
      const id = ready[index]
      if (id === undefined) throw new Error('not enough ready assignments')
      if (pauseMs > 0) await pause(pauseMs)
      const started = performance.now()
      const result = await runAction([updatePackageStatus], (tx) =>
        updatePackageStatus(tx, id, 'delivered'),
      )
      if (!result.ok) throw result.error
      if (index >= 2) times.push(performance.now() - started)
    }
    return times
  },

  /** Where a whole-table read spends its time: each table read whole, alone, in one transaction. */
  async timeTableReads(name: string): Promise<TableReadTimes> {
    const db = database(name)
    const times: TableReadTimes = {}
    for (const table of db.tables) {
      const started = performance.now()
      const rows = await db.transaction('r', [table], () => table.toArray())
      times[table.name] = { rows: rows.length, ms: performance.now() - started }
    }
    return times
  },

  /** Forget the sync space (the app then starts without syncing). */
  async leaveSpace(name: string): Promise<void> {
    await clearSyncConfig(database(name))
  },

  async deleteDatabase(name: string): Promise<void> {
    const open = databases.get(name)
    databases.delete(name)
    if (open) await open.delete()
    else await createDatabase(name).delete()
  },
}

export type Bench = typeof bench
declare global {
  interface Window {
    bench: Bench
  }
}
window.bench = bench
document.title = 'bench ready'
