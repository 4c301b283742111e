/**
 * This tablet's current state as change records: the smallest set of its changes that merges to
 * every row it holds, each with its original id and clock. Re-sending them to a server that lost
 * some (restored from an old backup, or rebuilt empty) stores only what it lacks, because the
 * server deduplicates by change id, and every replica merges them to the rows this tablet has.
 */
import type { ChangeRecord } from './change-record'
import { compactChanges } from './merge-policy'
import type { Tx } from './tx'

/** Reads only `tx.changes`; the caller's transaction must span it. */
export async function localStateAsChanges(tx: Tx): Promise<ChangeRecord[]> {
  return compactChanges(await tx.changes.toArray())
}
