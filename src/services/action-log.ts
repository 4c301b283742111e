/**
 * The structured log of recorded work (DOMAIN §5, §9.10): one entry per production or assembly
 * record, `{operation, ids, outcome}`, written only once the caller's transaction has settled:
 * `'ok'` after it commits, the error code after it aborts. Nothing is ever logged before the
 * outcome is known, so the log never claims work that was rolled back. Entries go to an injectable
 * sink (default: `console.info` of one JSON line) so tests and the app can capture them.
 */
import type { Tx } from '../db/tx'
import { DomainError, type ErrorCode } from './errors'
import { tablesOf } from '../transactions/declared-tables'

export type LoggedOperation = 'recordProductionRun' | 'recordAssemblyRun'

/**
 * `'ok'` when the action committed with this record in it; the record's own error code when it
 * failed; the code of whatever aborted the transaction otherwise (another service's DomainError,
 * or `'ABORTED'` for anything that is not a DomainError, with its `name` in `errorName`).
 */
export type ActionOutcome = 'ok' | ErrorCode | 'ABORTED'

export type ActionLogEntry = {
  operation: LoggedOperation
  /**
   * The ids the record names: its input ids, and `runId` once the row was written (also when the
   * transaction then aborted: the id of the rolled-back row, for tracing).
   */
  ids: Record<string, string | null>
  outcome: ActionOutcome
  /** For `'ABORTED'`: the name of the error that aborted the transaction. */
  errorName?: string
}

export type ActionLogSink = (entry: ActionLogEntry) => void

const consoleSink: ActionLogSink = (entry) => {
  console.info(JSON.stringify({ log: 'action', ...entry }))
}

let currentSink: ActionLogSink = consoleSink

/**
 * Send log entries to `sink` instead of the console (the app's log, a test's array). Returns a
 * function that restores the previous sink.
 */
export function setActionLogSink(sink: ActionLogSink): () => void {
  const previous = currentSink
  currentSink = sink
  return () => {
    currentSink = previous
  }
}

function emit(entry: ActionLogEntry): void {
  try {
    currentSink(entry)
  } catch {
    // A broken sink must never break the app: the transaction has already settled.
  }
}

/** The outcome to log for an error: its DomainError code (also when Dexie wrapped it). */
function outcomeOf(error: unknown): { outcome: ActionOutcome; errorName?: string } {
  if (error instanceof DomainError) return { outcome: error.code }
  const inner: unknown =
    typeof error === 'object' && error !== null && 'inner' in error ? error.inner : undefined
  if (inner instanceof DomainError) return { outcome: inner.code }
  const errorName = error instanceof Error ? error.name : typeof error
  return { outcome: 'ABORTED', errorName }
}

/** Pick the string ids of a (not yet validated) input, for logging; anything else is null. */
export function idsOf(input: unknown, fields: readonly string[]): Record<string, string | null> {
  const ids: Record<string, string | null> = {}
  for (const field of fields) {
    const value: unknown =
      typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[field] : null
    ids[field] = typeof value === 'string' ? value : null
  }
  return ids
}

type PendingEntry = {
  operation: LoggedOperation
  ids: Record<string, string | null>
  ownFailure?: { outcome: ActionOutcome; errorName?: string }
}

/** Entries waiting for their transaction to settle; one subscription per transaction. */
const pendingByTransaction = new WeakMap<Tx, PendingEntry[]>()

function pendingFor(tx: Tx): PendingEntry[] {
  const existing = pendingByTransaction.get(tx)
  if (existing) return existing
  const entries: PendingEntry[] = []
  pendingByTransaction.set(tx, entries)
  // Logged in recording order once the transaction has settled, and only once.
  const flush = (
    settled: (entry: PendingEntry) => { outcome: ActionOutcome; errorName?: string },
  ) => {
    for (const entry of entries.splice(0)) {
      emit({ operation: entry.operation, ids: { ...entry.ids }, ...settled(entry) })
    }
  }
  tx.on('complete', () => {
    flush((entry) => entry.ownFailure ?? { outcome: 'ok' })
  })
  tx.on('error', (error: unknown) => {
    flush((entry) => entry.ownFailure ?? outcomeOf(error))
  })
  return entries
}

/**
 * Run `body` (a record service's work on `tx`) and log its outcome when `tx` settles. The entry is
 * queued before anything is read or written, so even a validation failure is logged, and the
 * queue is flushed only by the transaction's own `complete` / `error` events (Dexie 4
 * `Transaction.on`), never before the commit. `body` may add ids (the new run's id) to `ids`.
 *
 * The error is inspected and RETHROWN unchanged, so the transaction still aborts (STYLE §3): it is
 * remembered so a caller who swallows it and commits anyway does not get an `'ok'` logged for a
 * record that never happened.
 */
export async function withActionLog<T>(
  tx: Tx,
  operation: LoggedOperation,
  ids: Record<string, string | null>,
  body: () => Promise<T>,
): Promise<T> {
  const entry: PendingEntry = { operation, ids }
  pendingFor(tx).push(entry)
  try {
    return await body()
  } catch (error) {
    entry.ownFailure = outcomeOf(error)
    throw error
  }
}
withActionLog.tables = tablesOf()
