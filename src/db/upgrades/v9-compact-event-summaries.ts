/**
 * Upgrade to schema version 9: the per-event summaries take their compact form (event-summary.ts:
 * tallies as arrays, targets as sizes per recipe or finished good). The old records are dropped and
 * every summary is rebuilt from the rows, so the first screen after the update reads summaries
 * that equal a recomputation.
 */
import type { Transaction } from 'dexie'
import { rebuildEventSummaries } from '../event-summary'

export async function compactEventSummaries(tx: Transaction): Promise<void> {
  await rebuildEventSummaries(tx)
}
