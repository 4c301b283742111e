/**
 * Where a new tablet's first sync stands (first-sync.ts), as kept in `meta`, and what follows from
 * it: which events have all their rows on this tablet. Kept apart from the sync itself so the
 * services can read it (the Today cards say which events are still arriving) without the engine.
 */
import { z } from 'zod'

/**
 * The `meta` key of the state (sync-state.ts names the same key FIRST_SYNC_META_KEY; this module
 * imports nothing of sync so the first screen's chunk, which reads it, stays free of the wire).
 */
export const FIRST_SYNC_STATE_KEY = 'firstSync'

export const firstSyncStateSchema = z.strictObject({
  /**
   * `global`, then `current` (the events Today shows first), then `upcoming` (the other upcoming
   * events), then `history` (the rest).
   */
  stage: z.enum(['global', 'current', 'upcoming', 'history']),
  /** The next page of the stage; null at its start. */
  cursor: z.string().nullable(),
  /** The log position of the first page: the pull cursor once the current stage is in. */
  seq: z.number().int().nonnegative().nullable(),
  /**
   * The events of the current stage, then those of the upcoming stage (the history stage is every
   * other event).
   */
  events: z.array(z.string()),
  /**
   * How many of `events` the current stage takes; the rest are the upcoming stage's. Absent in a
   * state written before the upcoming stage existed: all of them.
   */
  currentCount: z.number().int().nonnegative().optional(),
  /** Rows of the history stage applied, and how many it holds (null before its first page). */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
})
export type FirstSyncState = z.infer<typeof firstSyncStateSchema>

/** How many of the state's events the current stage takes. */
export function currentCountOf(state: FirstSyncState): number {
  return Math.min(state.currentCount ?? state.events.length, state.events.length)
}

/**
 * The events whose rows are all on this tablet while this state stands (every other event's rows
 * are still arriving): none before the current stage is in; then the current stage's; from the
 * history stage on, the current and upcoming stages'.
 */
export function settledEvents(state: FirstSyncState): string[] {
  switch (state.stage) {
    case 'global':
    case 'current':
      return []
    case 'upcoming':
      return state.events.slice(0, currentCountOf(state))
    case 'history':
      return state.events
  }
}
