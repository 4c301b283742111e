/**
 * A new tablet's first sync from the server's current rows (issue 18): the global rows
 * (catalogue, recipients, events), then the rows of the events Today shows first — then the pull
 * cursor is set and the tablet works as usual — then, page by page in the background, the other
 * upcoming events, then the rest (past events). Every page is applied in ONE transaction together
 * with where the first sync stands (`meta`), so a crash or reload resumes at the next page and
 * never skips or doubles a row; the events whose rows are still to come follow from that state.
 */
import type { AppDatabase } from '../db/database'
import type { Tx } from '../db/tx'
import { MERGE_POLICY } from '../db/merge-policy'
import { groupByRow } from '../db/row-states'
import { rowOfState } from '../crdt/row-state'
import { storeBatch } from './apply-batch'
import type { SyncNotice } from './notices'
import { span } from './profile'
import type { BackgroundSync } from './status-store'
import { currentCountOf, firstSyncStateSchema, type FirstSyncState } from './first-sync-state'
import { CURSOR_META_KEY, FIRST_SYNC_META_KEY } from './sync-state'
import type { Transport, TransportFailure, TransportResult } from './transport'
import { MAX_SCOPE_EVENTS, type RowsResponse, type RowsScope } from './wire'

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

/**
 * What still arrives after the tablet is usable, for the sync chip and Settings: the later upcoming
 * events, then the past ones (rows applied of the total); null once all is in.
 */
export async function readHistoryProgress(db: AppDatabase): Promise<BackgroundSync | null> {
  const state = await readFirstSync(db)
  if (state?.stage === 'upcoming') return { stage: 'upcoming', done: 0, total: 0 }
  if (state?.stage !== 'history') return null
  return { stage: 'history', done: state.done, total: state.total ?? 0 }
}

/** Today's local calendar date, `YYYY-MM-DD` (the event list's "today"). */
export function localToday(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0')
  const day = String(now.getDate()).padStart(2, '0')
  return `${now.getFullYear()}-${month}-${day}`
}

/**
 * How many events come before the tablet is usable: today's and the soonest upcoming ones, the
 * cards Today shows on a tablet's first screen (docs/decisions.md). The other upcoming events
 * follow in the background before the past ones, and their cards say their figures are still
 * arriving until their rows are in (`eventsStillArriving`). Each event is ~800 changes on L.
 */
export const FIRST_EVENTS = 6

type EventDate = { id: string; date: unknown; deletedAt: unknown }

/**
 * Today's and upcoming live events (the Today screen's "active and future": date ≥ today), the
 * soonest first, at most MAX_SCOPE_EVENTS (later ones come with the past events).
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
    .slice(0, MAX_SCOPE_EVENTS)
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

/** The scope a stage asks for, and the events it lists. */
function scopeOf(state: FirstSyncState): { scope: RowsScope; events: string[] } {
  switch (state.stage) {
    case 'global':
      return { scope: 'global', events: [] }
    case 'current':
      return { scope: 'events', events: state.events.slice(0, currentCountOf(state)) }
    case 'upcoming':
      return { scope: 'events', events: state.events.slice(currentCountOf(state)) }
    case 'history':
      return { scope: 'rest', events: state.events }
  }
}

/** The state after the current or upcoming stage's last page: the next stage from its start. */
function afterEvents(state: FirstSyncState): FirstSyncState {
  const upcomingNext = state.stage === 'current' && currentCountOf(state) < state.events.length
  return { ...state, stage: upcomingNext ? 'upcoming' : 'history', cursor: null }
}

function request(transport: Transport, state: FirstSyncState): Pending | null {
  if (!transport.rows) return null
  return transport.rows({
    ...scopeOf(state),
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
  while (state.stage === 'global' || state.stage === 'current') {
    const stage = state.stage
    const pending: Pending | null =
      prefetched?.stage === stage && prefetched.cursor === state.cursor
        ? prefetched.response
        : request(transport, state)
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
      const next = request(transport, { ...from, cursor: page.cursor, seq })
      if (next) prefetched = { stage, cursor: page.cursor, response: next }
    } else if (stage === 'global') {
      const events = await currentEventsAfter(db, page, today)
      current = {
        ...from,
        stage: 'current',
        cursor: null,
        seq,
        events,
        currentCount: Math.min(FIRST_EVENTS, events.length),
      }
      const next = request(transport, current)
      if (next) prefetched = { stage: 'current', cursor: null, response: next }
    }
    const applying = performance.now()
    const result = await applyPage(db, page, async (tx) => {
      if (page.cursor !== null) return { ...from, cursor: page.cursor, seq }
      if (current !== null) return current
      // Crucial: the pull cursor moves with the last current page; from here the tablet pulls
      // (and pushes) as usual while the upcoming and history stages go on.
      await tx.meta.put({ key: CURSOR_META_KEY, value: seq })
      return afterEvents({ ...from, seq })
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

/** Background pages (upcoming, then past events) applied per call (one engine round). */
export const HISTORY_PAGES_PER_ROUND = 4

/**
 * Up to `pages` background pages: the other upcoming events' rows, then past events', each applied
 * in its own transaction; the next page is fetched while the current one is applied, and no
 * request is left running when this returns (a late answer would state an older server log than
 * the pulls after it: sync/heal.ts). `more` while pages remain. Nothing to do (`more: false`) when
 * no first sync is under way.
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
  const background = state?.stage === 'upcoming' || state?.stage === 'history'
  let pending = state && background ? request(transport, state) : null
  let applied = 0
  let clockDrift = false
  const notices: SyncNotice[] = []
  for (let round = 0; state && pending; round += 1) {
    const from: FirstSyncState = state
    const stage = from.stage
    const waited = performance.now()
    const response = await pending
    measure('wait', stage, waited)
    if (!response.ok) return response
    const page = response.value
    let next: FirstSyncState | null
    if (stage === 'upcoming') {
      next = page.cursor === null ? afterEvents(from) : { ...from, cursor: page.cursor }
    } else {
      next =
        page.cursor === null
          ? null
          : {
              ...from,
              cursor: page.cursor,
              done: from.done + page.rows,
              total: page.total ?? from.total,
            }
    }
    pending = next !== null && round + 1 < pages ? request(transport, next) : null
    const applying = performance.now()
    // Past events' pages look for no notices (applyPage); upcoming events' may hold some.
    const result = await applyPage(
      db,
      page,
      () => Promise.resolve(next),
      stage === 'upcoming',
    ).catch(async (error: unknown) => {
      await pending
      throw error
    })
    measure('page', stage, applying, page.changes.length)
    applied += result.applied
    clockDrift ||= result.clockDrift
    notices.push(...result.notices)
    state = next
  }
  return { ok: true, applied, more: state !== null, clockDrift, notices }
}
