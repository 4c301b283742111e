/**
 * The data-directory lock: one holder at a time, the holder's PID in the refusal, a lock left by
 * a dead process taken over, and release removing only this process's own lock.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-dir-lock'

const tempDir = () => mkdtemp(join(tmpdir(), 'bake-lock-'))

/** A PID that no process has any more: a child that already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('lockDataDir', () => {
  it('creates the directory and writes this process’s PID into the lock file', async () => {
    const dir = join(await tempDir(), 'data')
    const lock = await lockDataDir(dir)
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.pid))
    await lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('refuses a second lock while the first is held, naming the holder’s PID', async () => {
    const dir = await tempDir()
    const lock = await lockDataDir(dir)
    const refusal = await lockDataDir(dir).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(DataDirLockedError)
    expect((refusal as DataDirLockedError).pid).toBe(process.pid)
    await lock.release()
    await (await lockDataDir(dir)).release()
  })

  it('refuses a lock held by another live process', async () => {
    const dir = await tempDir()
    // The parent of this test process is alive for as long as the test runs.
    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`)
    await expect(lockDataDir(dir)).rejects.toThrow(
      new RegExp(`in use by another Bake Tracker server \\(PID ${process.ppid}\\)`),
    )
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.ppid))
  })

  it('takes over a lock left by a process that died', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, LOCK_FILE), `${deadPid()}\n`)
    const lock = await lockDataDir(dir)
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.pid))
    await lock.release()
  })

  it('leaves a lock alone on release when another process owns it by then', async () => {
    const dir = await tempDir()
    const lock = await lockDataDir(dir)
    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`)
    await lock.release()
    expect((await readFile(join(dir, LOCK_FILE), 'utf8')).trim()).toBe(String(process.ppid))
  })
})
