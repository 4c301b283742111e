/**
 * Storing a pulled batch or a first-sync page (issue 17 item 4): applied in transactions scoped to
 * the tables the changes touch (plus row states, meta and the read models), in chunks of whole rows,
 * with what the batch moves (the pull cursor, the first sync's stage) written in the LAST chunk's
 * transaction only. A crash between chunks leaves the cursor where it was, so the batch comes
 * again and its stored chunks are no-ops (re-delivery changes no state): nothing skipped or doubled.
 */
import type { AppDatabase } from '../db/database'
import { applyRemote, type ApplyRemoteResult } from '../db/apply-remote'
import type { ChangeRecord, RowState } from '../db/change-record'
import { isSummarySource } from '../db/event-summary'
import { rowKeyString } from '../db/row-states'
import type { TableName } from '../db/tables'
import type { Tx } from '../db/tx'
import { applyWithNotices, nameNotices, type NoticeDraft, type SyncNotice } from './notices'
import { span } from './profile'

/**
 * Changes per transaction: a read that needs a table the batch writes waits for one chunk at
 * most, never for the whole batch. One row's changes never straddle two chunks.
 */
export const APPLY_CHUNK = 250

/** The tables a transaction applying `changes` needs: theirs, row states, meta, read models. */
export function applyScope(
  changes: readonly ChangeRecord[],
  extra: readonly TableName[] = [],
): TableName[] {
  const tables = new Set<TableName>(['rowStates', 'meta', ...extra])
  for (const change of changes) {
    tables.add(change.table)
    if (isSummarySource(change.table)) tables.add('eventSummaries')
  }
  return [...tables].sort()
}

/** `changes` cut into chunks of about `size` changes, each row's changes in one chunk. */
export function chunksOf(changes: readonly ChangeRecord[], size = APPLY_CHUNK): ChangeRecord[][] {
  const byRow = new Map<string, ChangeRecord[]>()
  for (const change of changes) {
    const key = rowKeyString(change.table, change.rowId)
    const list = byRow.get(key)
    if (list) list.push(change)
    else byRow.set(key, [change])
  }
  const chunks: ChangeRecord[][] = []
  let current: ChangeRecord[] = []
  for (const list of byRow.values()) {
    if (current.length > 0 && current.length + list.length > size) {
      chunks.push(current)
      current = []
    }
    current.push(...list)
  }
  chunks.push(current)
  return chunks
}

type Scheduler = { yield?: () => Promise<void> }

/** Give the page's queued tasks a turn: `scheduler.yield` where there is one, else a message. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler
  if (scheduler?.yield) return scheduler.yield()
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

type StateKey = [ChangeRecord['table'], string]

/** The lowest and highest row-state key of `changes` (IndexedDB order: table, then row id). */
function keyRange(changes: readonly ChangeRecord[]): [StateKey, StateKey] | null {
  const first = changes[0]
  if (!first) return null
  let low: StateKey = [first.table, first.rowId]
  let high: StateKey = low
  const before = (a: StateKey, b: StateKey) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])
  for (const change of changes) {
    const key: StateKey = [change.table, change.rowId]
    if (before(key, low)) low = key
    if (before(high, key)) high = key
  }
  return [low, high]
}

/**
 * Whether this tablet holds no row state between the chunk's lowest and highest row key (one
 * cursor step). Every stored row has a state (mutate and applyRemote write both), so then none of
 * the chunk's rows exists here: no state to read, no row before, no value of this device's to
 * announce.
 */
async function nothingLocal(tx: Tx, changes: readonly ChangeRecord[]): Promise<boolean> {
  const range = keyRange(changes)
  if (!range) return true
  const found = await tx.rowStates
    .where(':id')
    .between(range[0], range[1], true, true)
    .limit(1)
    .primaryKeys()
  return found.length === 0
}

/** Every row of `changes` known to have no state (the `known` map of applyRemote). */
function noStates(changes: readonly ChangeRecord[]): Map<string, RowState | undefined> {
  const known = new Map<string, RowState | undefined>()
  for (const change of changes) known.set(rowKeyString(change.table, change.rowId), undefined)
  return known
}

export type StoredBatch<T> = ApplyRemoteResult & { notices: SyncNotice[]; finished: T }

/**
 * Apply `changes` chunk by chunk, each chunk in its own read-write transaction over its own
 * scope; `finish` runs in the last chunk's transaction (which also holds `finishTables`) and is
 * where the caller moves its cursor. With `notices`, this device's values the batch replaced are
 * named (in a read transaction after the batch is stored).
 */
export async function storeBatch<T>(
  db: AppDatabase,
  changes: readonly ChangeRecord[],
  options: {
    notices: boolean
    finishTables: readonly TableName[]
    finish: (tx: Tx) => Promise<T>
    chunkSize?: number
    /**
     * The batch's rows are probably new here (a first-sync page: the server's rows, each sent
     * once): each chunk first looks whether any state lies in its key range, and when none does,
     * applies without reading states or looking for notices (the same records are written).
     */
    probablyNew?: boolean
  },
): Promise<StoredBatch<T>> {
  const chunks = chunksOf(changes, options.chunkSize)
  let applied = 0
  let clockDrift = false
  const drafts: NoticeDraft[] = []
  let finished: T | undefined
  for (const [index, chunk] of chunks.entries()) {
    const last = index === chunks.length - 1
    const scope = applyScope(chunk, last ? options.finishTables : [])
    const started = performance.now()
    await db.transaction('rw', scope, async (tx) => {
      const apply = (known?: ReadonlyMap<string, RowState | undefined>) =>
        applyRemote(tx, chunk, known)
      const fresh = options.probablyNew === true && (await nothingLocal(tx, chunk))
      const { result, drafts: found } = fresh
        ? { result: await apply(noStates(chunk)), drafts: [] }
        : options.notices
          ? await applyWithNotices(tx, db, chunk, apply)
          : { result: await apply(), drafts: [] }
      applied += result.applied
      clockDrift ||= result.clockDrift
      drafts.push(...found)
      if (last) finished = await options.finish(tx)
    })
    span('sync:chunk', started, chunk.length)
    // Between two chunks (outside any transaction), let the page's other tasks run: a screen's
    // read gets its callbacks before the next chunk's script.
    if (!last) await yieldToPage()
  }
  const notices = drafts.length > 0 ? await nameNotices(db, drafts) : []
  return { applied, clockDrift, notices, finished: finished as T }
}
