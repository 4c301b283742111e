/**
 * Server-side JSON backup (DESIGN §4): each space's whole log, with its token hash, written to
 * `<dir>/<spaceId>.json` on a schedule (write to a temp file, then rename, so a crash never leaves
 * half a backup). Restoring replays a backup through the normal idempotent append, so it can run
 * against an empty server (seqs come out as in the backup) or one that already holds part of the
 * log (only the missing changes are added).
 */
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { z } from 'zod'
import { MAX_PUSH_BATCH, MAX_PULL_LIMIT, pulledChangeSchema } from '../src/sync/wire'
import type { Logger } from './logger'
import type { LoggedChange, SpaceRecord, SyncStorage } from './storage/storage'

export const BACKUP_FORMAT = 'bake-tracker-server-backup'

export const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  writtenAt: z.string(),
  space: z.strictObject({
    spaceId: z.string().min(1),
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    name: z.string().nullable(),
    createdAt: z.string(),
  }),
  latestSeq: z.number().int().nonnegative(),
  changes: z.array(pulledChangeSchema),
})
export type BackupFile = z.infer<typeof backupFileSchema>

async function readLog(storage: SyncStorage, spaceId: string): Promise<LoggedChange[]> {
  const changes: LoggedChange[] = []
  for (let after = 0; ;) {
    const page = await storage.pull(spaceId, after, MAX_PULL_LIMIT)
    changes.push(...page.changes)
    after = page.cursor
    if (!page.hasMore) return changes
  }
}

export type BackupRun = { written: string[]; unchanged: string[] }

/**
 * Writes a backup of every space whose log grew since `previous` (space id → latest seq written;
 * updated in place). Returns the files written.
 */
export async function writeBackups(options: {
  storage: SyncStorage
  dir: string
  now?: () => Date
  previous?: Map<string, number>
}): Promise<BackupRun> {
  const now = options.now ?? (() => new Date())
  await mkdir(options.dir, { recursive: true })
  const run: BackupRun = { written: [], unchanged: [] }
  for (const space of await options.storage.listSpaces()) {
    if (options.previous?.get(space.spaceId) === space.latestSeq) {
      run.unchanged.push(space.spaceId)
      continue
    }
    const changes = await readLog(options.storage, space.spaceId)
    const record: SpaceRecord = {
      spaceId: space.spaceId,
      tokenHash: space.tokenHash,
      name: space.name,
      createdAt: space.createdAt,
    }
    const file: BackupFile = {
      format: BACKUP_FORMAT,
      version: 1,
      writtenAt: now().toISOString(),
      space: record,
      latestSeq: changes.at(-1)?.seq ?? 0,
      changes,
    }
    const target = join(options.dir, `${space.spaceId}.json`)
    // Crucial order: a complete temp file first, then an atomic rename over the old backup. The
    // temp name is this process's own, so processes sharing BACKUP_DIR never rename a file that
    // another one is still writing.
    const temp = `${target}.${process.pid}-${randomUUID()}.tmp`
    await writeFile(temp, JSON.stringify(file), { mode: 0o600 })
    await rename(temp, target)
    options.previous?.set(space.spaceId, space.latestSeq)
    run.written.push(target)
  }
  return run
}

/** Backs up every `intervalMs`; the returned stop function waits for a run in progress. */
export function startBackupSchedule(options: {
  storage: SyncStorage
  logger: Logger
  dir: string
  intervalMs: number
}): () => Promise<void> {
  const previous = new Map<string, number>()
  let running: Promise<void> = Promise.resolve()
  let busy = false
  const tick = () => {
    if (busy) return
    busy = true
    running = writeBackups({ storage: options.storage, dir: options.dir, previous })
      .then((run) => {
        if (run.written.length > 0)
          options.logger.info({
            msg: 'backup written',
            dir: options.dir,
            spaces: run.written.length,
          })
      })
      .catch((error: unknown) => {
        options.logger.error({ msg: 'backup failed', dir: options.dir, error: String(error) })
      })
      .finally(() => {
        busy = false
      })
  }
  const timer = setInterval(tick, options.intervalMs)
  return async () => {
    clearInterval(timer)
    await running
  }
}

export type RestoreResult = {
  spaceId: string
  createdSpace: boolean
  stored: number
  duplicates: number
}

/**
 * Restores one backup file, or every `*.json` backup in a directory.
 * @throws Error when a file is not a valid backup, or a space exists with a different token
 */
export async function restoreBackups(storage: SyncStorage, path: string): Promise<RestoreResult[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path))
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => join(path, name))
    : [path]
  const results: RestoreResult[] = []
  for (const file of files) {
    const parsed = backupFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')))
    if (!parsed.success)
      throw new Error(`${file} is not a server backup: ${z.prettifyError(parsed.error)}`)
    results.push(await restoreSpace(storage, parsed.data))
  }
  return results
}

async function restoreSpace(storage: SyncStorage, backup: BackupFile): Promise<RestoreResult> {
  const { space } = backup
  const existing = await storage.getSpaceTokenHash(space.spaceId)
  if (existing !== null && existing !== space.tokenHash)
    throw new Error(`Space ${space.spaceId} exists here with a different token; not restoring it`)
  if (existing === null) await storage.createSpace(space)
  const ordered = [...backup.changes].sort((a, b) => a.seq - b.seq)
  let stored = 0
  let duplicates = 0
  for (let index = 0; index < ordered.length; index += MAX_PUSH_BATCH) {
    const batch = ordered
      .slice(index, index + MAX_PUSH_BATCH)
      .map(({ seq: _seq, ...change }) => change)
    const result = await storage.appendChanges(space.spaceId, batch)
    stored += result.accepted.length
    duplicates += result.duplicates.length
  }
  return { spaceId: space.spaceId, createdSpace: existing === null, stored, duplicates }
}
