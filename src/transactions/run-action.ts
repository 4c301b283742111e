/**
 * The ONE way the UI writes: `runAction(uses, fn)` opens a single read-write transaction over the
 * union of the tables `uses` declares (the services `fn` calls, or tables: declared-tables.ts) and
 * runs `fn(tx)` in it; nested service calls share that tx. Any throw rolls the whole action back. A `DomainError` comes back
 * as `{ ok: false, error }` for the screen to show; anything else is a bug and is rethrown to the
 * error boundary. The count of actions in flight lets the PWA update wait until none is running.
 * Shared by the UI (through ui/data), the tests, the sync simulation and the bench.
 */
import { Dexie } from 'dexie'
import type { AppDatabase } from '../db/database'
import type { Tx } from '../db/tx'
import { DomainError } from '../services/errors'
import {
  describeUses,
  narrowSchema,
  tablesOf,
  undeclaredTableOf,
  UndeclaredTableError,
  type Use,
} from './declared-tables'

export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: DomainError }
/** What an action names: at least one service it calls (or table it touches). */
export type Uses = readonly [Use, ...Use[]]
export type RunAction = <T>(uses: Uses, fn: (tx: Tx) => Promise<T>) => Promise<ActionResult<T>>

let actionsInFlight = 0

/** How many actions are running now (for "reload only when no action is running"). */
export function countActionsInFlight(): number {
  return actionsInFlight
}

/**
 * Dexie re-wraps an error whose `name` matches a DOMException name (our `NotFoundError` does) in
 * its own class, keeping the original as `inner`. Give callers back our typed error.
 */
export function unwrapDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error
  if (error instanceof Dexie.DexieError && error.inner instanceof DomainError) return error.inner
  return error
}

/**
 * Run `fn` in ONE transaction of `mode` over the tables `uses` declares. A table outside them
 * fails it with an UndeclaredTableError naming the table and `uses` (a bug in a declaration);
 * a DomainError comes back unwrapped. Shared by runAction and readInTransaction.
 */
export async function inScopedTransaction<T>(
  database: AppDatabase,
  mode: 'r' | 'rw',
  uses: Uses,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const tables = tablesOf(...uses)
  try {
    return await database.transaction(mode, tables, (tx) => {
      narrowSchema(tx, tables)
      return fn(tx)
    })
  } catch (error) {
    const table = undeclaredTableOf(error)
    if (table !== undefined && !(error instanceof UndeclaredTableError)) {
      throw new UndeclaredTableError(table, `an action that names ${describeUses(uses)}`)
    }
    throw unwrapDomainError(error)
  }
}

/**
 * The browser refused a write because the origin's storage is full. IndexedDB aborts the whole
 * transaction, so nothing of the action was saved. Dexie reports it as `QuotaExceededError`, or as
 * an `AbortError` whose `inner` error is the quota error; both count.
 */
export function isStorageFullError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    if (typeof current !== 'object') return false
    const { name, inner, cause } = current as { name?: unknown; inner?: unknown; cause?: unknown }
    if (name === 'QuotaExceededError') return true
    current = inner ?? cause
  }
  return false
}

/**
 * A full disk, in words a cook understands. Keeps the name `QuotaExceededError` (the error
 * boundary recognises it) and the browser's error as `cause`.
 */
export class StorageFullError extends Error {
  override readonly name = 'QuotaExceededError'
  constructor(cause: unknown) {
    super(
      'This tablet is out of storage space, so that step was not saved (nothing was half-saved). Free some space on the tablet, then try again.',
      { cause },
    )
  }
}

function isLostConnection(error: unknown): boolean {
  // iOS Safari drops the IndexedDB connection when a tablet sleeps; Dexie reports it as closed.
  return error instanceof Dexie.DatabaseClosedError
}

export function createRunAction(database: AppDatabase): RunAction {
  return async function runAction<T>(
    uses: Uses,
    fn: (tx: Tx) => Promise<T>,
  ): Promise<ActionResult<T>> {
    actionsInFlight += 1
    try {
      let value: T
      try {
        value = await inScopedTransaction(database, 'rw', uses, fn)
      } catch (error) {
        if (!isLostConnection(error)) throw error
        // Safe to retry: the failed attempt was one whole transaction and left nothing behind.
        await database.open()
        value = await inScopedTransaction(database, 'rw', uses, fn)
      }
      return { ok: true, value }
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error }
      // Not a bug: the device is full. Rethrown with a message fit for the screen.
      if (isStorageFullError(error)) throw new StorageFullError(error)
      throw error
    } finally {
      actionsInFlight -= 1
    }
  }
}
