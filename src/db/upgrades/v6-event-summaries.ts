/**
 * Upgrade to schema version 6: the per-event summaries (event-summary.ts) are built from the
 * assignments, runs and targets a tablet already holds, so its first screen after the update reads
 * summaries that equal a recomputation.
 */
import type { Transaction } from 'dexie'
import { rebuildEventSummaries } from '../event-summary'

export async function buildEventSummaries(tx: Transaction): Promise<void> {
  await rebuildEventSummaries(tx)
}
