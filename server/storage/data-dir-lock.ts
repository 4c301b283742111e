/**
 * One writer per embedded data directory: a lock file (`bake-tracker.lock`, holding the owner's
 * PID) inside DATA_DIR, created atomically (write a temp file, then hard-link it into place, which
 * fails when the lock exists). A second server or a `--restore` on the same directory is refused
 * with the holder's PID while that process lives; a lock left by a process that died is taken
 * over. Two PGlite instances on one directory silently lose acknowledged changes (issue 19).
 */
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'

export const LOCK_FILE = 'bake-tracker.lock'

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data directory ${dataDir} is in use by another Bake Tracker server (PID ${pid}). ` +
        `Stop that process first; if PID ${pid} is not a Bake Tracker server, delete ` +
        `${join(dataDir, LOCK_FILE)}.`,
    )
  }
}

export type DataDirLock = {
  readonly path: string
  /** Removes the lock file (only if it is still this process's). */
  release(): Promise<void>
}

/** Directories this process holds: a stale lock naming our own PID (a reused PID) is not ours. */
const heldHere = new Set<string>()

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readHolder(path: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(path, 'utf8')).trim())
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/**
 * Takes the exclusive lock of `dataDir` (creating the directory if needed).
 * @throws DataDirLockedError when a live process holds it
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = resolve(dataDir)
  const path = join(dir, LOCK_FILE)
  if (heldHere.has(dir)) throw new DataDirLockedError(dir, process.pid)
  await mkdir(dir, { recursive: true })
  const temp = `${path}.${process.pid}.tmp`
  await writeFile(temp, `${process.pid}\n`)
  try {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        // Crucial: link() fails when the lock exists, so exactly one process creates it.
        await link(temp, path)
        heldHere.add(dir)
        return {
          path,
          async release() {
            heldHere.delete(dir)
            if ((await readHolder(path)) === process.pid) await unlink(path).catch(() => {})
          },
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const holder = await readHolder(path)
      if (holder !== null && holder !== process.pid && isAlive(holder))
        throw new DataDirLockedError(dir, holder)
      // The holder died (or the file is unreadable): move the stale lock aside, then check that
      // what was moved is still that stale lock before dropping it.
      const aside = `${path}.stale-${process.pid}`
      try {
        await rename(path, aside)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      const moved = await readHolder(aside)
      if (moved !== holder && moved !== null && isAlive(moved)) {
        // Another process took the lock between our read and the rename: give it back.
        await link(aside, path).catch(() => {})
        await unlink(aside)
        throw new DataDirLockedError(dir, moved)
      }
      await unlink(aside)
    }
    throw new Error(`Could not take the lock of ${dir}: it keeps changing hands`)
  } finally {
    await unlink(temp).catch(() => {})
  }
}
