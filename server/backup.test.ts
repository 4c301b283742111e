/**
 * The server's JSON backup: written per space, skipped when unchanged, restored with the same
 * numbering and the same token, idempotent on a second restore; bad files are refused. On each
 * storage backend (testing/backends.ts).
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { backupFileSchema, restoreBackups, startBackupSchedule, writeBackups } from './backup'
import { memoryLogger } from './logger'
import type { SyncStorage } from './storage/storage'
import { describeEachBackend } from './testing/backends'
import { makeChanges } from './testing/fixtures'

describeEachBackend('backups', (backend) => {
  let storage: SyncStorage
  let spaceCount = 0

  beforeAll(async () => {
    storage = await backend.open()
  }, 30_000)
  afterAll(async () => {
    await storage.close()
  })

  async function spaceWith(changes: number): Promise<string> {
    spaceCount += 1
    const spaceId = `backup-space-${spaceCount}`
    await storage.createSpace({
      spaceId,
      tokenHash: 'ab'.repeat(32),
      name: `Kitchen ${spaceCount}`,
      createdAt: '2026-11-23T08:00:00.000Z',
    })
    if (changes > 0) await storage.appendChanges(spaceId, makeChanges(1, changes))
    return spaceId
  }

  const tempDir = () => mkdtemp(join(tmpdir(), 'bake-backup-'))
  const fixedNow = () => new Date('2026-11-23T09:00:00.000Z')

  describe('writeBackups', () => {
    it('writes each space’s whole log to <spaceId>.json and skips spaces that did not grow', async () => {
      const spaceId = await spaceWith(1200)
      const dir = await tempDir()
      const previous = new Map<string, number>()
      const first = await writeBackups({ storage, dir, now: fixedNow, previous })
      expect(first.written).toContain(join(dir, `${spaceId}.json`))
      const file = backupFileSchema.parse(
        JSON.parse(await readFile(join(dir, `${spaceId}.json`), 'utf8')),
      )
      expect(file.space).toEqual({
        spaceId,
        tokenHash: 'ab'.repeat(32),
        name: `Kitchen ${spaceCount}`,
        createdAt: '2026-11-23T08:00:00.000Z',
      })
      expect(file.writtenAt).toBe('2026-11-23T09:00:00.000Z')
      expect(file.changes.map((change) => change.seq)).toEqual(
        Array.from({ length: 1200 }, (_, index) => index + 1),
      )
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])

      const second = await writeBackups({ storage, dir, previous })
      expect(second.written).toEqual([])
      expect(second.unchanged).toContain(spaceId)
      await storage.appendChanges(spaceId, makeChanges(5000, 1))
      const third = await writeBackups({ storage, dir, previous })
      expect(third.written).toEqual([join(dir, `${spaceId}.json`)])
    }, 30_000)

    it('leaves complete files when two processes back up into one directory at once', async () => {
      const spaceId = await spaceWith(300)
      const dir = await tempDir()
      const runs = await Promise.all([
        writeBackups({ storage, dir }),
        writeBackups({ storage, dir }),
      ])
      for (const run of runs) expect(run.written).toContain(join(dir, `${spaceId}.json`))
      const file = backupFileSchema.parse(
        JSON.parse(await readFile(join(dir, `${spaceId}.json`), 'utf8')),
      )
      expect(file.changes).toHaveLength(300)
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
    }, 30_000)
  })

  describe('restoreBackups', () => {
    it('restores a space with the same seqs and token, and a second restore stores nothing', async () => {
      const spaceId = await spaceWith(700)
      const dir = await tempDir()
      await writeBackups({ storage, dir })
      // Pose as a fresh server: the same backup under an id this storage has not seen.
      const file = backupFileSchema.parse(
        JSON.parse(await readFile(join(dir, `${spaceId}.json`), 'utf8')),
      )
      const restoredId = `${spaceId}-restored`
      const restoreFile = join(await tempDir(), 'one.json')
      await writeFile(
        restoreFile,
        JSON.stringify({ ...file, space: { ...file.space, spaceId: restoredId } }),
      )

      const results = await restoreBackups(storage, restoreFile)
      expect(results).toEqual([
        { spaceId: restoredId, createdSpace: true, stored: 700, duplicates: 0 },
      ])
      const original = await storage.pull(spaceId, 0, 1000)
      const restored = await storage.pull(restoredId, 0, 1000)
      expect(restored).toEqual(original)
      expect(await storage.getSpaceTokenHash(restoredId)).toBe('ab'.repeat(32))

      const again = await restoreBackups(storage, restoreFile)
      expect(again).toEqual([
        { spaceId: restoredId, createdSpace: false, stored: 0, duplicates: 700 },
      ])
    }, 30_000)

    it('restores every backup in a directory', async () => {
      const dir = await tempDir()
      await spaceWith(3)
      await writeBackups({ storage, dir })
      const results = await restoreBackups(storage, dir)
      expect(results.length).toBe((await readdir(dir)).length)
      expect(results.every((result) => result.stored === 0)).toBe(true)
    })

    it('refuses a file that is not a backup, and a space whose token differs', async () => {
      const dir = await tempDir()
      await writeFile(join(dir, 'bad.json'), JSON.stringify({ format: 'something-else' }))
      await expect(restoreBackups(storage, join(dir, 'bad.json'))).rejects.toThrow(
        /not a server backup/,
      )

      const spaceId = await spaceWith(2)
      await writeBackups({ storage, dir: join(dir, 'out') })
      const file = backupFileSchema.parse(
        JSON.parse(await readFile(join(dir, 'out', `${spaceId}.json`), 'utf8')),
      )
      await writeFile(
        join(dir, 'other-token.json'),
        JSON.stringify({ ...file, space: { ...file.space, tokenHash: 'cd'.repeat(32) } }),
      )
      await expect(restoreBackups(storage, join(dir, 'other-token.json'))).rejects.toThrow(
        /different token/,
      )
    })
  })

  describe('startBackupSchedule', () => {
    it('writes a backup on each interval and waits for a running backup when stopped', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
      try {
        const spaceId = await spaceWith(1)
        const dir = await tempDir()
        const logger = memoryLogger()
        const stop = startBackupSchedule({ storage, logger, dir, intervalMs: 60_000 })
        expect(await readdir(dir).catch(() => [])).toEqual([])
        vi.advanceTimersByTime(60_000) // one interval: the first backup starts
        await stop()
        expect(await readdir(dir)).toContain(`${spaceId}.json`)
        expect(logger.records).toContainEqual(expect.objectContaining({ msg: 'backup written' }))
      } finally {
        vi.useRealTimers()
      }
    })
  })
})
