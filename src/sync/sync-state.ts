/**
 * What this device remembers about sync, in the `meta` table: the server and space it syncs with
 * and the pull cursor. Changing space resets the cursor and marks every local change as not yet
 * pushed, so the new space receives everything this tablet knows.
 */
import { z } from 'zod'
import { idsOf, outboxEntriesFor } from '../db/change-record'
import type { AppDatabase } from '../db/database'
import { localStateAsChanges } from '../db/local-state'
import type { Tx } from '../db/tx'
import { deviceNameSchema, spaceCredentialSchema } from './wire'

export const syncConfigSchema = z.strictObject({
  serverUrl: z.url({
    protocol: /^https?$/,
    error: 'Enter the server address, starting with http:// or https://',
  }),
  credential: spaceCredentialSchema,
  spaceName: z.string().max(100).optional(),
  /** True when `credential` is this tablet's own; absent: an older space's shared secret. */
  ownCredential: z.boolean().optional(),
})
export type SyncConfig = z.infer<typeof syncConfigSchema>

const CONFIG_KEY = 'syncConfig'
const CURSOR_KEY = 'syncCursor'
/** Where a first sync from the server's current rows stands (first-sync.ts). */
export const FIRST_SYNC_META_KEY = 'firstSync'
const LAST_SYNCED_KEY = 'lastSyncedAt'
const DEVICE_NAME_KEY = 'deviceName'
/** The server log generation this tablet synced with (sync/heal.ts). */
export const GENERATION_META_KEY = 'syncGeneration'

export async function readSyncConfig(db: AppDatabase): Promise<SyncConfig | null> {
  const entry = await db.meta.get(CONFIG_KEY)
  const parsed = syncConfigSchema.safeParse(entry?.value)
  return parsed.success ? parsed.data : null
}

/** Join a space: store its config, forget the old cursor, queue every local change for it. */
export async function writeSyncConfig(db: AppDatabase, config: SyncConfig): Promise<void> {
  const valid = syncConfigSchema.parse(config)
  await db.transaction('rw', [db.meta, db.changes, db.outbox, db.rowStates], async (tx) => {
    await db.meta.put({ key: CONFIG_KEY, value: valid })
    await db.meta.delete(CURSOR_KEY)
    await db.meta.delete(FIRST_SYNC_META_KEY)
    await queueEveryChange(tx)
    await db.meta.delete(GENERATION_META_KEY)
  })
}

/** Replace the credential of the space this tablet is in (cursor and outbox stay as they are). */
export async function writeOwnCredential(db: AppDatabase, credential: string): Promise<void> {
  await db.transaction('rw', [db.meta], async () => {
    const current = syncConfigSchema.safeParse((await db.meta.get(CONFIG_KEY))?.value)
    if (!current.success) return
    const next = syncConfigSchema.parse({ ...current.data, credential, ownCredential: true })
    await db.meta.put({ key: CONFIG_KEY, value: next })
  })
}

/** Leave the space: this tablet keeps its data and stops syncing. */
export async function clearSyncConfig(db: AppDatabase): Promise<void> {
  await db.transaction('rw', [db.meta], async () => {
    await db.meta.delete(CONFIG_KEY)
    await db.meta.delete(CURSOR_KEY)
    await db.meta.delete(FIRST_SYNC_META_KEY)
    await db.meta.delete(GENERATION_META_KEY)
    await db.meta.delete(LAST_SYNCED_KEY)
  })
}

/** When this tablet last finished a sync (ISO 8601), kept so "Last synced" survives a reload. */
export async function readLastSynced(db: AppDatabase): Promise<string | null> {
  const entry = await db.meta.get(LAST_SYNCED_KEY)
  return typeof entry?.value === 'string' ? entry.value : null
}

export async function writeLastSynced(db: AppDatabase, at: string): Promise<void> {
  await db.meta.put({ key: LAST_SYNCED_KEY, value: at })
}

/** The pull cursor, or undefined before the first sync (which starts from a snapshot). */
export async function readCursor(db: AppDatabase): Promise<number | undefined> {
  const entry = await db.meta.get(CURSOR_KEY)
  return typeof entry?.value === 'number' ? entry.value : undefined
}

export const CURSOR_META_KEY = CURSOR_KEY

/**
 * Queue everything this tablet knows for push: every row state's changes (db/local-state.ts) that
 * is not waiting already (a waiting record stays whole, with its action). Call inside a
 * transaction over `rowStates`, `changes` and `outbox`.
 */
export async function queueEveryChange(tx: Tx): Promise<void> {
  const known = await localStateAsChanges(tx)
  const waiting = await tx.changes.bulkGet(known.map((change) => change.id))
  const missing = known.filter((_, index) => waiting[index] === undefined)
  await tx.changes.bulkAdd(missing)
  // No action: these count one each. None of them waits already, so no entry key is taken.
  await tx.outbox.bulkAdd(outboxEntriesFor(missing.map((change) => change.id)))
}

/**
 * The cook's actions still waiting for the server: outbox entries of one action count once;
 * entries queued in bulk (joining a space, importing a backup) carry no action and count each.
 */
export async function countWaiting(db: AppDatabase): Promise<number> {
  return db.transaction('r', [db.outbox], async () => {
    const [entries, tagged, actions] = await Promise.all([
      db.outbox.count(),
      db.outbox.orderBy('action').count(),
      db.outbox.orderBy('action').uniqueKeys(),
    ])
    if (entries === tagged) return actions.length
    // Untagged entries count each change they queue (bulk-queued ones hold many).
    const untagged = await db.outbox.filter((entry) => entry.action === undefined).toArray()
    return actions.length + untagged.reduce((sum, entry) => sum + idsOf(entry).length, 0)
  })
}

/** The name the cook gave this device in Settings; undefined until one is saved. */
export async function readDeviceName(db: AppDatabase): Promise<string | undefined> {
  const entry = await db.meta.get(DEVICE_NAME_KEY)
  const parsed = deviceNameSchema.safeParse(entry?.value)
  return parsed.success ? parsed.data : undefined
}

/** Store this device's name (validated: the caller shows the schema's message). */
export async function writeDeviceName(db: AppDatabase, name: string): Promise<void> {
  await db.meta.put({ key: DEVICE_NAME_KEY, value: deviceNameSchema.parse(name) })
}

/**
 * A readable name for a device nobody named yet: its kind from the user agent and the last four
 * characters of its id, e.g. "Android tablet 3F2A".
 */
export function defaultDeviceName(userAgent: string, deviceId: string): string {
  const kind = /iPad/.test(userAgent)
    ? 'iPad'
    : /iPhone/.test(userAgent)
      ? 'iPhone'
      : /Android/.test(userAgent)
        ? /Mobile/.test(userAgent)
          ? 'Android phone'
          : 'Android tablet'
        : /CrOS/.test(userAgent)
          ? 'Chromebook'
          : /Windows/.test(userAgent)
            ? 'Windows computer'
            : /Macintosh/.test(userAgent)
              ? 'Mac'
              : 'Tablet'
  return `${kind} ${deviceId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(-4)
    .toUpperCase()}`
}
