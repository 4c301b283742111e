/**
 * Server-side JSON backup (DESIGN §4): each space's whole log, with its token hash and its device
 * registry (each device's credential hash and removal, so tablets keep their way in), written to
 * `<dir>/<spaceId>.json` on a schedule (write to a temp file, then rename, so a crash never leaves
 * half a backup), with a SHA-256 checksum of its content. A restore first reads and checks EVERY
 * file (checksum, format, numbering, and each change as a push would check it), then restores all
 * of them in one storage transaction: a bad file anywhere means nothing is restored. The append is
 * idempotent, so restoring into an empty server gives the backup's seqs, and into one that holds
 * part of the log adds only the missing changes.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { MAX_PULL_LIMIT, checkedPulledChangeSchema } from '../src/sync/wire'
import { unstorableProblem } from './change-checks'
import type { Logger } from './logger'
import type {
  DeviceBackup,
  LoggedChange,
  RestoredSpace,
  SpaceRecord,
  SpaceRestore,
  SyncStorage,
} from './storage/storage'

export const BACKUP_FORMAT = 'bake-tracker-server-backup' as const
/**
 * 2 adds `checksum`, 3 the device registry (`devices`); version 1 and 2 files (written before
 * them) are still read, fully checked.
 */
export const BACKUP_VERSION = 3 as const

/** The backup's checksum: SHA-256 (hex) of the file's JSON without its `checksum` member. */
export function backupChecksum(body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(body), 'utf8').digest('hex')
}

export const backupFileSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.union([z.literal(1), z.literal(2), z.literal(BACKUP_VERSION)]),
  writtenAt: z.string(),
  space: z.strictObject({
    spaceId: z.string().min(1),
    tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
    name: z.string().nullable(),
    createdAt: z.string(),
  }),
  latestSeq: z.number().int().nonnegative(),
  changes: z.array(checkedPulledChangeSchema),
  devices: z
    .array(
      z.strictObject({
        deviceId: z.string().min(1).max(100),
        name: z.string().max(100).nullable(),
        firstSeenAt: z.string(),
        lastSeenAt: z.string(),
        tokenHash: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .nullable(),
        revokedAt: z.string().nullable(),
      }),
    )
    .optional(),
  checksum: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
})
export type BackupFile = z.infer<typeof backupFileSchema>

export class InvalidBackupError extends Error {
  override readonly name = 'InvalidBackupError'
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file} is not a valid server backup: ${reason}`)
  }
}

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

/** What a backup of a space holds, in short: its log's end and its devices' state. */
function fingerprint(latestSeq: number, devices: readonly DeviceBackup[]): string {
  const digest = createHash('sha256').update(JSON.stringify(devices)).digest('hex')
  return `${latestSeq}/${digest}`
}

/**
 * Writes a backup of every space whose log or device registry changed since `previous` (space
 * id → fingerprint of what was written; updated in place). Returns the files written.
 */
export async function writeBackups(options: {
  storage: SyncStorage
  dir: string
  now?: () => Date
  previous?: Map<string, string>
}): Promise<BackupRun> {
  const now = options.now ?? (() => new Date())
  await mkdir(options.dir, { recursive: true })
  const run: BackupRun = { written: [], unchanged: [] }
  for (const space of await options.storage.listSpaces()) {
    const devices = await options.storage.deviceBackups(space.spaceId)
    const written = fingerprint(space.latestSeq, devices)
    if (options.previous?.get(space.spaceId) === written) {
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
    const body = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      writtenAt: now().toISOString(),
      space: record,
      latestSeq: changes.at(-1)?.seq ?? 0,
      changes,
      devices,
    }
    const file: BackupFile = { ...body, checksum: backupChecksum(body) }
    const target = join(options.dir, `${space.spaceId}.json`)
    // Crucial order: a complete temp file first, then an atomic rename over the old backup. The
    // temp name is this process's own, so processes sharing BACKUP_DIR never rename a file that
    // another one is still writing.
    const temp = `${target}.${process.pid}-${randomUUID()}.tmp`
    await writeFile(temp, JSON.stringify(file), { mode: 0o600 })
    await rename(temp, target)
    options.previous?.set(space.spaceId, written)
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
  const previous = new Map<string, string>()
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

export type RestoreResult = RestoredSpace

/**
 * Reads and checks one backup file: JSON, checksum (version 2), format, each change as a push
 * would check it, ids unique, seqs increasing and ending at `latestSeq`.
 * @throws InvalidBackupError naming the file and the first problem
 */
export async function readBackupFile(file: string): Promise<SpaceRestore> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new InvalidBackupError(file, error instanceof Error ? error.message : String(error))
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InvalidBackupError(file, 'not a JSON object')
  const { checksum, ...body } = raw as Record<string, unknown>
  if (body.version !== 1 && checksum !== backupChecksum(body))
    throw new InvalidBackupError(
      file,
      checksum === undefined
        ? 'it has no checksum'
        : 'its checksum does not match its content (damaged or edited)',
    )
  const parsed = backupFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new InvalidBackupError(
      file,
      issue ? `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}` : 'invalid',
    )
  }
  const backup = parsed.data
  const ids = new Set<string>()
  let previousSeq = 0
  for (const [index, change] of backup.changes.entries()) {
    const problem = unstorableProblem(change, `changes.${index}`)
    if (problem) throw new InvalidBackupError(file, problem)
    if (ids.has(change.id))
      throw new InvalidBackupError(file, `changes.${index}: change ${change.id} appears twice`)
    ids.add(change.id)
    if (change.seq <= previousSeq)
      throw new InvalidBackupError(file, `changes.${index}: seq ${change.seq} out of order`)
    previousSeq = change.seq
  }
  if (previousSeq !== backup.latestSeq)
    throw new InvalidBackupError(
      file,
      `latestSeq is ${backup.latestSeq} but the last change is number ${previousSeq}`,
    )
  return {
    space: backup.space,
    changes: backup.changes.map(({ seq: _seq, ...change }) => change),
    ...(backup.devices ? { devices: backup.devices } : {}),
  }
}

/**
 * Restores one backup file, or every `*.json` backup in a directory, all or nothing: every file
 * is read and checked before anything is written, then all spaces go in one transaction.
 * @throws InvalidBackupError for a bad file, SpaceTokenMismatchError when a space exists here
 *   with a different token; in both cases nothing is restored
 */
export async function restoreBackups(storage: SyncStorage, path: string): Promise<RestoreResult[]> {
  const files = (await stat(path)).isDirectory()
    ? (await readdir(path))
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => join(path, name))
    : [path]
  const spaces: SpaceRestore[] = []
  const seen = new Map<string, string>()
  for (const file of files) {
    const space = await readBackupFile(file)
    const other = seen.get(space.space.spaceId)
    if (other !== undefined)
      throw new InvalidBackupError(file, `space ${space.space.spaceId} is also in ${other}`)
    seen.set(space.space.spaceId, file)
    spaces.push(space)
  }
  return storage.restore(spaces)
}
