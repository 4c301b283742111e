/**
 * A new tablet's first sync from the server's current rows (issue 18): the global rows
 * (catalogue, recipients, events), then the rows of today's and the soonest upcoming events — then
 * the pull cursor is set and the tablet works as usual — then, page by page in the background, the
 * rest (past and later events). Every page is applied in ONE transaction together with where the first sync
 * stands (`meta`), so a crash or reload resumes at the next page and never skips or doubles a row.
 */
import { z } from 'zod'
import type { AppDatabase } from '../db/database'
import type { Tx } from '../db/tx'
import { MERGE_POLICY } from '../db/merge-policy'
import { groupByRow } from '../db/row-states'
import { rowOfState } from '../crdt/row-state'
import { storeBatch } from './apply-batch'
import type { SyncNotice } from './notices'
import { span } from './profile'
import { CURSOR_META_KEY, FIRST_SYNC_META_KEY } from './sync-state'
import type { Transport, TransportFailure, TransportResult } from './transport'
import { MAX_SCOPE_EVENTS, type RowsResponse, type RowsScope } from './wire'

const firstSyncStateSchema = z.strictObject({
  /** `global`, then `current` (today's and upcoming events), then `history` (the rest). */
  stage: z.enum(['global', 'current', 'history']),
  /** The next page of the stage; null at its start. */
  cursor: z.string().nullable(),
  /** The log position of the first page: the pull cursor once the current stage is in. */
  seq: z.number().int().nonnegative().nullable(),
  /** The events of the current stage (the history stage is every other event). */
  events: z.array(z.string()),
  /** Rows of the history stage applied, and how many it holds (null before its first page). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
})
export type FirstSyncState = z.infer<typeof firstSyncStateSchema>

const START: FirstSyncState = {
  stage: 'global',
  cursor: null,
  seq: null,
  events: [],
  done: 0,
  total: null,
}

export type FirstSyncOutcome =
  | { ok: true; applied: number; clockDrift: boolean; notices: SyncNotice[] }
  | TransportFailure
  /** The server has no current rows (an older server): page its log snapshot instead. */
  | { ok: 'unsupported' }

/** Where this tablet's first sync stands, or null when none is under way. */
export async function readFirstSync(db: AppDatabase): Promise<FirstSyncState | null> {
  const parsed = firstSyncStateSchema.safeParse((await db.meta.get(FIRST_SYNC_META_KEY))?.value)
  return parsed.success ? parsed.data : null
}

/** Past events still arriving: rows applied of the total (for the sync chip and Settings). */
export async function readHistoryProgress(
  db: AppDatabase,
): Promise<{ done: number; total: number } | null> {
  const state = await readFirstSync(db)
  if (state?.stage !== 'history') return null
  return { done: state.done, total: state.total ?? 0 }
}

/** Today's local calendar date, `YYYY-MM-DD` (the event list's "today"). */
export function localToday(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0')
  const day = String(now.getDate()).padStart(2, '0')
  return `${now.getFullYear()}-${month}-${day}`
}

/**
 * How many events come before the tablet is usable: today's and the upcoming ones (issue 18: "the
 * current and upcoming events first"), the soonest first, so every card the Today screen lists
 * has its true progress when the tablet says it is ready. Beyond this many, later upcoming events
 * follow with the past ones. Each event is ~800 changes on L (docs/benchmarks.md).
 */
export const FIRST_EVENTS = 12

type EventDate = { id: string; date: unknown; deletedAt: unknown }

/**
 * Today's and upcoming live events (the Today screen's "active and future": date ≥ today), the
 * soonest first, at most FIRST_EVENTS.
 */
function currentEvents(events: Iterable<EventDate>, today: string): string[] {
  return [...events]
    .filter(
      (event): event is EventDate & { date: string } =>
        event.deletedAt === null &&
        typeof event.date === 'string' &&
        event.date >= today &&
        !event.id.includes(','),
    )
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))
    .slice(0, Math.min(FIRST_EVENTS, MAX_SCOPE_EVENTS))
    .map((event) => event.id)
}

/**
 * The current events as they will be once the global stage's last page is stored: the events
 * stored by its earlier pages, and this page's (merged from their states). So the current stage's
 * first page can be asked for while that page is stored. Which events come early decides only
 * the order rows arrive in: the history stage takes every event not listed.
 */
async function currentEventsAfter(
  db: AppDatabase,
  page: RowsResponse,
  today: string,
): Promise<string[]> {
  const events = new Map<string, EventDate>(
    (await db.events.toArray()).map((event) => [event.id, event]),
  )
  for (const { key, changes } of groupByRow(
    page.changes.filter((c) => c.table === 'events'),
  ).values()) {
    const row = rowOfState(MERGE_POLICY, 'events', changes)
    events.set(key[1], { id: key[1], date: row.date, deletedAt: row.deletedAt ?? null })
  }
  return currentEvents(events.values(), today)
}

/**
 * Applies one page and records the state after it with the page's last chunk (see the header).
 * Past events' pages look for no notices: what replaced this tablet's values minutes ago is never
 * in a past event, and looking reads every recent change once per page.
 */
async function applyPage(
  db: AppDatabase,
  page: RowsResponse,
  next: (tx: Tx) => Promise<FirstSyncState | null>,
  withNotices = true,
) {
  return storeBatch(db, page.changes, {
    notices: withNotices,
    probablyNew: true,
    finishTables: ['meta'],
    finish: async (tx) => {
      const state = await next(tx)
      if (state === null) await tx.meta.delete(FIRST_SYNC_META_KEY)
      else await tx.meta.put({ key: FIRST_SYNC_META_KEY, value: state })
    },
  })
}

type Pending = Promise<TransportResult<RowsResponse>>

/**
 * Profiling (sync/profile.ts): `sync:wait:<stage>` is the time a stage waited for a page's
 * answer, `sync:page:<stage>` the time it took to store one (detail: the page's changes).
 */
function measure(
  what: 'wait' | 'page',
  stage: FirstSyncState['stage'],
  start: number,
  changes?: number,
): void {
  span(`sync:${what}:${stage}`, start, changes)
}

function request(transport: Transport, state: FirstSyncState, scope: RowsScope): Pending | null {
  if (!transport.rows) return null
  return transport.rows({
    scope,
    events: state.events,
    ...(state.cursor === null ? {} : { cursor: state.cursor }),
  })
}

/**
 * Runs (or resumes) the first sync up to the point where the tablet is usable: the global rows
 * and the current events' rows are in, and the pull cursor is set. The history stage is left to
 * `pullHistoryPage`.
 */
export async function firstSync(
  db: AppDatabase,
  transport: Transport,
  today: string = localToday(),
): Promise<FirstSyncOutcome> {
  let state = (await readFirstSync(db)) ?? START
  let applied = 0
  let clockDrift = false
  const notices: SyncNotice[] = []
  // The next page of the same stage, asked for while this one is applied (never left running).
  let prefetched: {
    stage: FirstSyncState['stage']
    cursor: string | null
    response: Pending
  } | null = null
  while (state.stage !== 'history') {
    const stage = state.stage
    const scope = stage === 'global' ? 'global' : 'events'
    const pending: Pending | null =
      prefetched?.stage === stage && prefetched.cursor === state.cursor
        ? prefetched.response
        : request(transport, state, scope)
    prefetched = null
    if (!pending) return { ok: 'unsupported' }
    const waited = performance.now()
    const response: TransportResult<RowsResponse> = await pending
    measure('wait', stage, waited)
    if (!response.ok) {
      // An older server has no current rows (404): the caller pages its log snapshot instead.
      if (state.seq === null && response.detail.startsWith('No such resource'))
        return { ok: 'unsupported' }
      return response
    }
    const page: RowsResponse = response.value
    const seq = state.seq ?? page.seq
    const from = state
    // The stage after the global one, when this page ends it (asked for before it is stored).
    let current: FirstSyncState | null = null
    if (page.cursor !== null) {
      const next = request(transport, { ...from, cursor: page.cursor, seq }, scope)
      if (next) prefetched = { stage, cursor: page.cursor, response: next }
    } else if (stage === 'global') {
      current = {
        ...from,
        stage: 'current',
        cursor: null,
        seq,
        events: await currentEventsAfter(db, page, today),
      }
      const next = request(transport, current, 'events')
      if (next) prefetched = { stage: 'current', cursor: null, response: next }
    }
    const applying = performance.now()
    const result = await applyPage(db, page, async (tx) => {
      if (page.cursor !== null) return { ...from, cursor: page.cursor, seq }
      if (current !== null) return current
      // Crucial: the pull cursor moves with the last current page; from here the tablet pulls
      // (and pushes) as usual while the history stage goes on.
      await tx.meta.put({ key: CURSOR_META_KEY, value: seq })
      return { ...from, stage: 'history', cursor: null, seq }
    }).catch(async (error: unknown) => {
      // Leave no request running behind a failed page.
      await prefetched?.response
      throw error
    })
    measure('page', stage, applying, page.changes.length)
    applied += result.applied
    clockDrift ||= result.clockDrift
    notices.push(...result.notices)
    state = (await readFirstSync(db)) ?? START
  }
  return { ok: true, applied, clockDrift, notices }
}

/** Past events' pages applied per call (one engine round): the next is fetched while one is applied. */
export const HISTORY_PAGES_PER_ROUND = 4

/**
 * Up to `pages` pages of past events' rows, each applied in its own transaction; the next page is
 * fetched while the current one is applied, and no request is left running when this returns (a
 * late answer would state an older server log than the pulls after it: sync/heal.ts). `more` while
 * pages remain. Nothing to do (`more: false`) when no first sync is under way.
 */
export async function pullHistoryPage(
  db: AppDatabase,
  transport: Transport,
  pages = HISTORY_PAGES_PER_ROUND,
): Promise<
  | { ok: true; applied: number; more: boolean; clockDrift: boolean; notices: SyncNotice[] }
  | TransportFailure
> {
  let state = await readFirstSync(db)
  let pending = state?.stage === 'history' ? request(transport, state, 'rest') : null
  let applied = 0
  let clockDrift = false
  for (let round = 0; state && pending; round += 1) {
    const from: FirstSyncState = state
    const waited = performance.now()
    const response = await pending
    measure('wait', 'history', waited)
    if (!response.ok) return response
    const page = response.value
    const next: FirstSyncState | null =
      page.cursor === null
        ? null
        : {
            ...from,
            cursor: page.cursor,
            done: from.done + page.rows,
            total: page.total ?? from.total,
          }
    pending = next !== null && round + 1 < pages ? request(transport, next, 'rest') : null
    const applying = performance.now()
    const result = await applyPage(db, page, () => Promise.resolve(next), false).catch(
      async (error: unknown) => {
        await pending
        throw error
      },
    )
    measure('page', 'history', applying, page.changes.length)
    applied += result.applied
    clockDrift ||= result.clockDrift
    state = next
  }
  return { ok: true, applied, more: state !== null, clockDrift, notices: [] }
}
