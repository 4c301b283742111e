/**
 * Healing a server that lost part of this space's log (issue 19 item 2). The tablet remembers
 * the log generation it synced with; when the server answers with another one (it was restored)
 * or with a log that ends before this tablet's cursor (an older copy was put back), the cursor
 * no longer means anything there. The tablet then marks a heal pending and forgets its cursor,
 * re-sends its whole current state (the server stores only the change ids it lacks), adopts the
 * generation only then, and starts again from the server's snapshot (an idempotent merge); a heal
 * cut short stays pending and is done again next time.
 * A server rebuilt empty no longer knows the space at all: where its operator allows it, the
 * tablet re-creates the space under its own credential and heals it the same way.
 */
import type { AppDatabase } from '../db/database'
import { localStateAsChanges } from '../db/local-state'
import { pullAll, type PullOutcome } from './pull'
import type { PushOutcome } from './push'
import {
  CURSOR_META_KEY,
  FIRST_SYNC_META_KEY,
  GENERATION_META_KEY,
  readCursor,
  readDeviceName,
} from './sync-state'
import type { ServerLog, Transport } from './transport'
import { MAX_PUSH_BATCH } from './wire'

export type HealVerdict = 'in-step' | 'adopt' | 'heal'

/** Stored instead of a generation while a heal is under way (no server generation is empty). */
export const HEAL_PENDING = ''

/**
 * What the server's log means for this tablet: in step; adopt it (the first generation this
 * tablet sees, e.g. after an update of the app); or heal it.
 */
export function judgeServerLog(
  stored: string | undefined,
  cursor: number | undefined,
  log: ServerLog,
): HealVerdict {
  if (cursor !== undefined && cursor > log.latestSeq) return 'heal'
  if (stored === undefined) return 'adopt'
  return stored === log.generation ? 'in-step' : 'heal'
}

export async function readGeneration(db: AppDatabase): Promise<string | undefined> {
  const entry = await db.meta.get(GENERATION_META_KEY)
  return typeof entry?.value === 'string' ? entry.value : undefined
}

async function writeGeneration(db: AppDatabase, generation: string): Promise<void> {
  await db.transaction('rw', [db.meta], () =>
    db.meta.put({ key: GENERATION_META_KEY, value: generation }),
  )
}

/** Sends this tablet's current state to the server in batches; `pushed`: how many it lacked. */
export async function resendLocalState(
  db: AppDatabase,
  transport: Transport,
): Promise<PushOutcome> {
  const changes = await db.transaction('r', [db.rowStates], (tx) => localStateAsChanges(tx))
  const deviceName = await readDeviceName(db)
  let stored = 0
  for (let index = 0; index < changes.length; index += MAX_PUSH_BATCH) {
    const batch = changes.slice(index, index + MAX_PUSH_BATCH)
    const result = await transport.push(db.clock.node, batch, deviceName)
    if (!result.ok) return result
    stored += result.value.stored
  }
  return { ok: true, pushed: stored }
}

/**
 * Forgets the cursor, re-sends the local state and adopts `generation` (in this order: see the
 * header). The next pull starts from the snapshot.
 */
export async function healServer(
  db: AppDatabase,
  transport: Transport,
  generation: string | null,
): Promise<PushOutcome> {
  // Crucial: the cursor goes together with a mark that a heal is under way, so a heal cut short
  // (offline, app closed) is not mistaken for a first sync and is done again next time.
  await db.transaction('rw', [db.meta], async () => {
    await db.meta.delete(CURSOR_META_KEY)
    // A first sync half done against the old log starts again from the healed server's rows.
    await db.meta.delete(FIRST_SYNC_META_KEY)
    await db.meta.put({ key: GENERATION_META_KEY, value: HEAL_PENDING })
  })
  const resent = await resendLocalState(db, transport)
  if (!resent.ok) return resent
  const adopted = generation ?? transport.serverLog?.()?.generation ?? null
  if (adopted !== null) await writeGeneration(db, adopted)
  return resent
}

/**
 * After a push: a tablet that has no generation yet takes the one its push went to. Crucial: a
 * push acknowledged (and so taken out of the outbox) by a log that is then restored before this
 * tablet's first pull must still be healed, not adopted away.
 */
export async function adoptGenerationOfPush(db: AppDatabase, transport: Transport): Promise<void> {
  const log = transport.serverLog?.() ?? null
  if (log === null || (await readGeneration(db)) !== undefined) return
  await writeGeneration(db, log.generation)
}

/**
 * `pullAll`, then a look at the server's log as its last answer stated it: when the log is not
 * the one this tablet synced with, heal the server and pull again from its snapshot.
 */
export async function pullAndHeal(db: AppDatabase, transport: Transport): Promise<PullOutcome> {
  const pulled = await pullAll(db, transport)
  const log = transport.serverLog?.() ?? null
  if (!pulled.ok || log === null) return pulled
  const verdict = judgeServerLog(await readGeneration(db), await readCursor(db), log)
  if (verdict === 'in-step') return pulled
  if (verdict === 'adopt') {
    await writeGeneration(db, log.generation)
    return pulled
  }
  const healed = await healServer(db, transport, log.generation)
  if (!healed.ok) return healed
  const again = await pullAll(db, transport)
  if (!again.ok) return again
  return {
    ok: true,
    applied: pulled.applied + again.applied,
    hasMore: again.hasMore,
    clockDrift: pulled.clockDrift || again.clockDrift,
    notices: [...pulled.notices, ...again.notices],
  }
}

/** A tablet tries to re-create a lost space at most this often (each try counts on the server). */
export const RECLAIM_INTERVAL_MS = 60 * 60_000

/**
 * After the server refused this tablet's credential: re-create the space there (only a server
 * that does not know it and allows it agrees) and heal it. Null when the server did not agree:
 * the refusal stands (the cook joins again with a new invitation).
 */
export async function reclaimLostSpace(
  db: AppDatabase,
  transport: Transport,
): Promise<PushOutcome | null> {
  if (!transport.reclaim) return null
  const claimed = await transport.reclaim(db.clock.node, await readDeviceName(db))
  if (!claimed.ok) return null
  return healServer(db, transport, null)
}
