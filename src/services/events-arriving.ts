/**
 * Which events' rows are still arriving on a new tablet (its first sync pages them in the
 * background): their figures would be too low, so the screens say so instead of showing them.
 * One read of one `meta` key; `null` once every row is in (the usual case).
 */
import type { Tx } from '../db/tx'
import { FIRST_SYNC_STATE_KEY, firstSyncStateSchema, settledEvents } from '../sync/first-sync-state'
import { tablesOf } from '../transactions/declared-tables'

/** While a first sync is under way, the events whose rows are all in; null when none is. */
export type EventsArriving = { settled: readonly string[] } | null

/**
 * The events still arriving (every event but `settled`), or null when no first sync is under way.
 * Tables: meta (one key).
 */
export async function eventsStillArriving(tx: Tx): Promise<EventsArriving> {
  const parsed = firstSyncStateSchema.safeParse((await tx.meta.get(FIRST_SYNC_STATE_KEY))?.value)
  return parsed.success ? { settled: settledEvents(parsed.data) } : null
}
eventsStillArriving.tables = tablesOf('meta')

/** Whether the event's rows are still arriving, given `eventsStillArriving`'s answer. */
export function isStillArriving(arriving: EventsArriving | undefined, eventId: string): boolean {
  return arriving != null && !arriving.settled.includes(eventId)
}
