/**
 * The server's JSON backup: written per space, skipped when unchanged, restored with the same
 * numbering and the same token, idempotent on a second restore; bad files are refused. On each
 * storage backend (testing/backends.ts).
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  backupChecksum,
  backupFileSchema,
  restoreBackups,
  startBackupSchedule,
  writeBackups,
  type BackupFile,
} from './backup'
import { memoryLogger } from './logger'
import type { SyncStorage } from './storage/storage'
import { describeEachBackend } from './testing/backends'
import { makeChanges } from './testing/fixtures'

describeEachBackend('backups', (backend) => {
  let storage: SyncStorage
  let spaceCount = 0

  beforeAll(async () => {
    storage = await backend.open()
  }, 120_000) // opening PGlite takes 1–3 s idle, far more on a loaded 2-core machine
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

  /** Writes a backup made from `file`, with a checksum that matches its (edited) content. */
  async function writeSigned(path: string, file: Omit<BackupFile, 'checksum'>): Promise<void> {
    const { checksum: _old, ...body } = file as BackupFile
    await writeFile(path, JSON.stringify({ ...body, checksum: backupChecksum(body) }))
  }

  async function backupOf(spaceId: string): Promise<BackupFile> {
    const dir = await tempDir()
    await writeBackups({ storage, dir })
    return backupFileSchema.parse(JSON.parse(await readFile(join(dir, `${spaceId}.json`), 'utf8')))
  }

  async function spaceExists(spaceId: string): Promise<boolean> {
    return (await storage.getSpaceTokenHash(spaceId)) !== null
  }
  const fixedNow = () => new Date('2026-11-23T09:00:00.000Z')

  describe('writeBackups', () => {
    it('writes each space’s whole log to <spaceId>.json and skips spaces that did not grow', async () => {
      const spaceId = await spaceWith(1200)
      const dir = await tempDir()
      const previous = new Map<string, string>()
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
      await writeSigned(restoreFile, { ...file, space: { ...file.space, spaceId: restoredId } })

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

    it('carries the device registry: restored devices keep their credentials and removals, and a registry change is backed up', async () => {
      const spaceId = await spaceWith(2)
      const seenAt = '2026-11-30T10:00:00.000Z'
      await storage.setDeviceCredential(spaceId, {
        deviceId: 'tablet-a',
        name: 'Kitchen iPad',
        tokenHash: 'a1'.repeat(32),
        seenAt,
      })
      await storage.setDeviceCredential(spaceId, {
        deviceId: 'tablet-b',
        name: null,
        tokenHash: 'b2'.repeat(32),
        seenAt,
      })
      await storage.revokeDevice(spaceId, 'tablet-b', seenAt, 'cd'.repeat(32))
      const dir = await tempDir()
      const previous = new Map<string, string>()
      await writeBackups({ storage, dir, previous })
      const file = backupFileSchema.parse(
        JSON.parse(await readFile(join(dir, `${spaceId}.json`), 'utf8')),
      )
      expect(file.version).toBe(3)
      expect(file.devices).toHaveLength(2)

      // Restored elsewhere (a fresh server): the credentials open the same devices.
      const restoredId = `${spaceId}-elsewhere`
      const path = join(await tempDir(), 'one.json')
      await writeSigned(path, { ...file, space: { ...file.space, spaceId: restoredId } })
      await restoreBackups(storage, path)
      expect(await storage.deviceByTokenHash(restoredId, 'a1'.repeat(32))).toEqual({
        deviceId: 'tablet-a',
        revokedAt: null,
      })
      expect(await storage.deviceByTokenHash(restoredId, 'b2'.repeat(32))).toEqual({
        deviceId: 'tablet-b',
        revokedAt: seenAt,
      })
      expect((await storage.listDevices(restoredId)).map((device) => device.name)).toContain(
        'Kitchen iPad',
      )

      // A device joining changes no log entry, yet the next run backs the space up again.
      const unchanged = await writeBackups({ storage, dir, previous })
      expect(unchanged.written).not.toContain(join(dir, `${spaceId}.json`))
      await storage.setDeviceCredential(spaceId, {
        deviceId: 'tablet-c',
        name: null,
        tokenHash: 'c3'.repeat(32),
        seenAt,
      })
      const again = await writeBackups({ storage, dir, previous })
      expect(again.written).toContain(join(dir, `${spaceId}.json`))
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
        /bad.json is not a valid server backup/,
      )

      const spaceId = await spaceWith(2)
      await writeBackups({ storage, dir: join(dir, 'out') })
      const file = backupFileSchema.parse(
        JSON.parse(await readFile(join(dir, 'out', `${spaceId}.json`), 'utf8')),
      )
      await writeSigned(join(dir, 'other-token.json'), {
        ...file,
        space: { ...file.space, tokenHash: 'cd'.repeat(32) },
      })
      await expect(restoreBackups(storage, join(dir, 'other-token.json'))).rejects.toThrow(
        /different token/,
      )
    })
  })

  describe('restoreBackups refusals (nothing is created)', () => {
    /** A backup of a fresh space with 3 changes, posing as a space this storage has not seen. */
    async function foreignBackup(suffix: string): Promise<BackupFile> {
      const spaceId = await spaceWith(3)
      const file = await backupOf(spaceId)
      return { ...file, space: { ...file.space, spaceId: `${spaceId}-${suffix}` } }
    }

    it('writes a checksum of the file’s content', async () => {
      const file = await backupOf(await spaceWith(3))
      expect(file.version).toBe(3)
      const { checksum, ...body } = file
      expect(checksum).toBe(backupChecksum(body))
    })

    it('refuses a backup edited after it was written (checksum mismatch)', async () => {
      const file = await foreignBackup('tampered')
      const path = join(await tempDir(), 'tampered.json')
      const edited = structuredClone(file)
      edited.changes[0]!.fields = { name: 'Edited by hand' }
      await writeFile(path, JSON.stringify(edited))
      await expect(restoreBackups(storage, path)).rejects.toThrow(
        /checksum does not match its content/,
      )
      expect(await spaceExists(file.space.spaceId)).toBe(false)
    })

    it('refuses a truncated backup file', async () => {
      const file = await foreignBackup('truncated')
      const path = join(await tempDir(), 'truncated.json')
      const text = JSON.stringify(file)
      await writeFile(path, text.slice(0, Math.floor(text.length / 2)))
      await expect(restoreBackups(storage, path)).rejects.toThrow(/not a valid server backup/)
      expect(await spaceExists(file.space.spaceId)).toBe(false)
    })

    it('refuses a version 2 backup without a checksum', async () => {
      const { checksum: _checksum, ...file } = await foreignBackup('unsigned')
      const path = join(await tempDir(), 'unsigned.json')
      await writeFile(path, JSON.stringify(file))
      await expect(restoreBackups(storage, path)).rejects.toThrow(/has no checksum/)
      expect(await spaceExists(file.space.spaceId)).toBe(false)
    })

    it('checks every change as a push would: an unknown field, a bad value, a __proto__ field', async () => {
      const file = await foreignBackup('fields')
      const path = join(await tempDir(), 'fields.json')
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ name: 'Flour', colour: 'white' }, /unknown field "colour"/],
        [{ name: 42 }, /invalid ingredients.name/],
      ]
      for (const [fields, problem] of cases) {
        const edited = structuredClone(file)
        edited.changes[1]!.fields = fields
        await writeSigned(path, edited)
        await expect(restoreBackups(storage, path)).rejects.toThrow(problem)
      }
      // JSON.parse keeps "__proto__" as an own key; the checksum is over the same text.
      const body = JSON.stringify({ ...file, checksum: undefined }).replace(
        '"fields":{',
        '"fields":{"__proto__":{"polluted":true},',
      )
      const parsed = JSON.parse(body) as Record<string, unknown>
      await writeFile(path, JSON.stringify({ ...parsed, checksum: backupChecksum(parsed) }))
      await expect(restoreBackups(storage, path)).rejects.toThrow(/unknown field "__proto__"/)
      expect(await spaceExists(file.space.spaceId)).toBe(false)
    })

    it('refuses unknown members, repeated change ids, seqs out of order and a wrong latestSeq', async () => {
      const file = await foreignBackup('numbering')
      const path = join(await tempDir(), 'numbering.json')
      const [first, second, third] = file.changes as [
        BackupFile['changes'][number],
        BackupFile['changes'][number],
        BackupFile['changes'][number],
      ]
      const cases: [Omit<BackupFile, 'checksum'>, RegExp][] = [
        [{ ...file, extra: 1 } as BackupFile, /Unrecognized key: "extra"/],
        [
          { ...file, changes: [first, { ...second, extra: 1 } as typeof second, third] },
          /Unrecognized key: "extra"/,
        ],
        [{ ...file, changes: [first, { ...second, id: first.id }, third] }, /appears twice/],
        [{ ...file, changes: [first, third, second] }, /seq 2 out of order/],
        [{ ...file, latestSeq: 4 }, /latestSeq is 4 but the last change is number 3/],
        [{ ...file, changes: [first, { ...second, rowId: 'a\u0000b' }, third] }, /control/],
      ]
      for (const [edited, problem] of cases) {
        await writeSigned(path, edited)
        await expect(restoreBackups(storage, path)).rejects.toThrow(problem)
      }
      expect(await spaceExists(file.space.spaceId)).toBe(false)
    })

    it('restores a directory all or nothing: one bad file, and no space is created', async () => {
      const good = await foreignBackup('good')
      const bad = await foreignBackup('bad')
      const dir = await tempDir()
      await writeSigned(join(dir, 'a-good.json'), good)
      await writeFile(join(dir, 'b-bad.json'), JSON.stringify({ ...bad, latestSeq: 'three' }))
      await expect(restoreBackups(storage, dir)).rejects.toThrow(/b-bad.json/)
      expect(await spaceExists(good.space.spaceId)).toBe(false)
      expect(await spaceExists(bad.space.spaceId)).toBe(false)
    })

    it('rolls every space back when one space is refused by the storage (a different token)', async () => {
      const fresh = await foreignBackup('fresh')
      const existingId = await spaceWith(2)
      const existing = await backupOf(existingId)
      const dir = await tempDir()
      await writeSigned(join(dir, 'a-fresh.json'), fresh)
      await writeSigned(join(dir, 'b-other-token.json'), {
        ...existing,
        space: { ...existing.space, tokenHash: 'cd'.repeat(32) },
      })
      await expect(restoreBackups(storage, dir)).rejects.toThrow(/different token/)
      expect(await spaceExists(fresh.space.spaceId)).toBe(false)
    })

    it('still reads a version 1 backup (written before checksums), fully checked', async () => {
      const { checksum: _checksum, ...file } = await foreignBackup('version-1')
      const path = join(await tempDir(), 'v1.json')
      await writeFile(path, JSON.stringify({ ...file, version: 1 }))
      expect(await restoreBackups(storage, path)).toEqual([
        { spaceId: file.space.spaceId, createdSpace: true, stored: 3, duplicates: 0 },
      ])
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
