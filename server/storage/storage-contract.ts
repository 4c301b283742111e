/**
 * The storage contract as a reusable vitest suite: every backend (PGlite now, PostgreSQL later)
 * runs it against one shared instance, each test in its own fresh space.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compactChanges } from '../../src/sync/wire'
import { makeChange, makeChanges } from '../testing/fixtures'
import { SpaceExistsError, SpaceNotFoundError, type SyncStorage } from './storage'

export function describeStorageContract(name: string, open: () => Promise<SyncStorage>): void {
  describe(`${name} storage`, () => {
    let storage: SyncStorage
    let spaceCount = 0
    beforeAll(async () => {
      storage = await open()
    }, 120_000) // opening PGlite takes 1–3 s idle, far more on a loaded 2-core machine
    afterAll(async () => {
      await storage.close()
    })

    async function newSpace(): Promise<string> {
      spaceCount += 1
      const spaceId = `space-${spaceCount}`
      await storage.createSpace({
        spaceId,
        tokenHash: `hash-${spaceCount}`,
        name: null,
        createdAt: '2026-11-23T00:00:00.000Z',
      })
      return spaceId
    }

    it('creates a space and returns its token hash, refusing a taken id', async () => {
      const spaceId = await newSpace()
      expect(await storage.getSpaceTokenHash(spaceId)).toBe(`hash-${spaceCount}`)
      expect(await storage.getSpaceTokenHash('nope')).toBeNull()
      await expect(
        storage.createSpace({ spaceId, tokenHash: 'x', name: null, createdAt: '2026-01-01' }),
      ).rejects.toBeInstanceOf(SpaceExistsError)
      const listed = await storage.listSpaces()
      expect(listed.find((space) => space.spaceId === spaceId)).toMatchObject({ latestSeq: 0 })
    })

    it('numbers appended changes 1, 2, 3 and stores a retried batch nothing twice', async () => {
      const spaceId = await newSpace()
      const batch = makeChanges(1, 3)
      const first = await storage.appendChanges(spaceId, batch)
      expect(first).toEqual({
        accepted: batch.map((change) => change.id),
        duplicates: [],
        latestSeq: 3,
      })
      const retried = await storage.appendChanges(spaceId, [...batch, makeChange(4)])
      expect(retried.accepted).toEqual([makeChange(4).id])
      expect(retried.duplicates).toEqual(batch.map((change) => change.id))
      const pulled = await storage.pull(spaceId, 0, 100)
      expect(pulled.changes.map((change) => change.seq)).toEqual([1, 2, 3, 4])
      expect(pulled.changes[0]).toEqual({ ...batch[0], seq: 1 })
      expect(pulled).toMatchObject({ cursor: 4, hasMore: false })
    })

    it('stores a change repeated within one batch once', async () => {
      const spaceId = await newSpace()
      const change = makeChange(1)
      const result = await storage.appendChanges(spaceId, [change, change])
      expect(result).toEqual({ accepted: [change.id], duplicates: [change.id], latestSeq: 1 })
    })

    it('keeps spaces apart: the same change id may live in two spaces', async () => {
      const a = await newSpace()
      const b = await newSpace()
      await storage.appendChanges(a, makeChanges(1, 2))
      const inB = await storage.appendChanges(b, makeChanges(1, 1))
      expect(inB.accepted).toHaveLength(1)
      expect(await storage.latestSeq(a)).toBe(2)
      expect(await storage.latestSeq(b)).toBe(1)
    })

    it('refuses to append to a space that does not exist', async () => {
      await expect(storage.appendChanges('missing', makeChanges(1, 1))).rejects.toBeInstanceOf(
        SpaceNotFoundError,
      )
    })

    it('pages 2,500 changes by 1,000 as 1000/1000/500 with no gaps or duplicates', async () => {
      const spaceId = await newSpace()
      for (let from = 0; from < 2500; from += 500)
        await storage.appendChanges(spaceId, makeChanges(from, 500))
      const sizes: number[] = []
      const seqs: number[] = []
      let after = 0
      for (;;) {
        const page = await storage.pull(spaceId, after, 1000)
        sizes.push(page.changes.length)
        seqs.push(...page.changes.map((change) => change.seq))
        after = page.cursor
        if (!page.hasMore) break
      }
      expect(sizes).toEqual([1000, 1000, 500])
      expect(seqs).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1))
      expect(await storage.pull(spaceId, 2500, 1000)).toEqual({
        changes: [],
        cursor: 2500,
        hasMore: false,
      })
    }, 30_000)

    it('keeps field values exactly, including characters jsonb would refuse', async () => {
      const spaceId = await newSpace()
      const change = makeChange(1, { fields: { name: 'Nul \u0000 and ünïcode ✓', density: null } })
      await storage.appendChanges(spaceId, [change])
      const pulled = await storage.pull(spaceId, 0, 10)
      expect(pulled.changes[0]?.fields).toEqual(change.fields)
    })

    it('gives a snapshot source whose compaction matches the log', async () => {
      const spaceId = await newSpace()
      const changes = makeChanges(1, 50)
      await storage.appendChanges(spaceId, changes)
      const source = await storage.snapshot(spaceId)
      expect(source.cursor).toBe(50)
      expect(source.changes).toEqual(changes)
      expect(compactChanges(source.changes)).toHaveLength(10)
    })

    it('registers devices per space, refreshing last seen and keeping a name when none is given', async () => {
      const spaceId = await newSpace()
      const other = await newSpace()
      await storage.recordDevice(spaceId, {
        deviceId: 'tablet-a',
        name: 'Kitchen iPad',
        seenAt: '2026-11-30T10:00:00.000Z',
      })
      await storage.recordDevice(spaceId, {
        deviceId: 'tablet-b',
        name: null,
        seenAt: '2026-11-30T10:05:00.000Z',
      })
      await storage.recordDevice(spaceId, {
        deviceId: 'tablet-a',
        name: null,
        seenAt: '2026-11-30T10:10:00.000Z',
      })
      expect(await storage.listDevices(spaceId)).toEqual([
        {
          deviceId: 'tablet-a',
          name: 'Kitchen iPad',
          firstSeenAt: '2026-11-30T10:00:00.000Z',
          lastSeenAt: '2026-11-30T10:10:00.000Z',
          revokedAt: null,
        },
        {
          deviceId: 'tablet-b',
          name: null,
          firstSeenAt: '2026-11-30T10:05:00.000Z',
          lastSeenAt: '2026-11-30T10:05:00.000Z',
          revokedAt: null,
        },
      ])
      await storage.recordDevice(spaceId, {
        deviceId: 'tablet-b',
        name: 'Hall tablet',
        seenAt: '2026-11-30T10:15:00.000Z',
      })
      expect((await storage.listDevices(spaceId))[0]).toMatchObject({
        deviceId: 'tablet-b',
        name: 'Hall tablet',
      })
      expect(await storage.listDevices(other)).toEqual([])
    })

    it('gives each space its own log generation, kept by appends and renewed by a restore', async () => {
      const spaceId = await newSpace()
      const other = await newSpace()
      expect(await storage.spaceLog('nope')).toBeNull()
      const first = await storage.spaceLog(spaceId)
      expect(first).toEqual({ generation: expect.any(String) as string, latestSeq: 0 })
      expect((await storage.spaceLog(other))?.generation).not.toBe(first?.generation)
      await storage.appendChanges(spaceId, makeChanges(1, 3))
      expect(await storage.spaceLog(spaceId)).toEqual({ ...first, latestSeq: 3 })

      const otherBefore = await storage.spaceLog(other)
      const record = (await storage.listSpaces()).find((space) => space.spaceId === spaceId)
      if (!record) throw new Error('space not listed')
      await storage.restore([{ space: record, changes: makeChanges(1, 3) }])
      const restored = await storage.spaceLog(spaceId)
      expect(restored?.latestSeq).toBe(3)
      expect(restored?.generation).not.toBe(first?.generation)
      expect(await storage.spaceLog(other)).toEqual(otherBefore)

      expect(await storage.renewGenerations()).toBeGreaterThanOrEqual(2)
      expect((await storage.spaceLog(other))?.generation).not.toBe(otherBefore?.generation)
    })

    it('answers a ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined()
    })
  })
}
