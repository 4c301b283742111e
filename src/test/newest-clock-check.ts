/**
 * The newest-clock invariant (db/newest-clock.ts), checked from outside: `meta`'s newest state
 * clock is at least the newest entry of the `rowStates.hlc` index, i.e. the clock a database opens
 * with never runs behind a state it holds. Used by the simulation on every replica after a run.
 */
import type { AppDatabase } from '../db/database'
import { NEWEST_CLOCK_KEY } from '../db/newest-clock'

/** What is wrong with the kept newest clock, in words, or null when it holds. */
export async function newestClockDifference(db: AppDatabase): Promise<string | null> {
  const byIndex = (await db.rowStates.orderBy('hlc').last())?.hlc
  const kept = (await db.meta.get(NEWEST_CLOCK_KEY))?.value
  if (byIndex === undefined) return null
  if (typeof kept !== 'string')
    return `no newest state clock kept (the states' newest is ${byIndex})`
  if (kept < byIndex) return `newest state clock ${kept} runs behind a state's ${byIndex}`
  return null
}
