/**
 * The storage contract as a reusable vitest suite: every backend (PGlite now, PostgreSQL later)
 * runs it against one shared instance, each test in its own fresh space.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareChanges } from '../../src/crdt/change'
import { compactChanges, mergeRow, type ChangeRecord } from '../../src/sync/wire'
import { makeChange, makeChanges, makeMixedChanges, seededRng } from '../testing/fixtures'
import {
  SpaceExistsError,
  SpaceNotFoundError,
  type RowKey,
  type RowsFilter,
  type SyncStorage,
} from './storage'

const rowKey = (change: { table: string; rowId: string }) => `${change.table}\u0000${change.rowId}`

/** Each row's merged fields, by row key: what a tablet holding these changes shows. */
function mergedRows(changes: readonly ChangeRecord[]): Map<string, Record<string, unknown>> {
  const byRow = new Map<string, ChangeRecord[]>()
  for (const change of changes)
    byRow.set(rowKey(change), [...(byRow.get(rowKey(change)) ?? []), change])
  return new Map(
    [...byRow].map(([key, list]) => [key, mergeRow((list[0] as ChangeRecord).table, list)]),
  )
}

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
      // The generation the append went into comes along (a push answer states it).
      expect(first).toEqual({
        accepted: batch.map((change) => change.id),
        duplicates: [],
        latestSeq: 3,
        generation: (await storage.spaceLog(spaceId))?.generation,
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
      expect(result).toEqual({
        accepted: [change.id],
        duplicates: [change.id],
        latestSeq: 1,
        generation: (await storage.spaceLog(spaceId))?.generation,
      })
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

    /** Every page of `filter`, `limit` rows at a time; `between` runs before each next page. */
    async function allPages(
      spaceId: string,
      filter: RowsFilter,
      limit: number,
      between: () => Promise<unknown> = () => Promise.resolve(),
    ) {
      const keys: string[] = []
      const changes: ChangeRecord[] = []
      let after: RowKey | null = null
      for (;;) {
        const page = await storage.rowsPage(spaceId, filter, after, limit)
        expect(page.rows.length).toBeLessThanOrEqual(limit)
        for (const row of page.rows) {
          keys.push(rowKey(row))
          changes.push(...row.changes)
        }
        if (!page.last) return { keys, changes }
        after = page.last
        await between()
      }
    }

    /** The whole log after `after`, every page. */
    async function logAfter(spaceId: string, after: number): Promise<ChangeRecord[]> {
      const changes: ChangeRecord[] = []
      for (let cursor = after; ;) {
        const page = await storage.pull(spaceId, cursor, 1000)
        changes.push(...page.changes.map(({ seq: _seq, ...change }) => change))
        cursor = page.cursor
        if (!page.hasMore) return changes
      }
    }

    /** Appends `count` mixed changes in seeded batches of 1–60. */
    async function appendMixed(spaceId: string, seed: number, from: number, count: number) {
      const random = seededRng(seed)
      const changes = makeMixedChanges(seed, from, count)
      for (let index = 0; index < changes.length;) {
        const size = 1 + Math.floor(random() * 60)
        await storage.appendChanges(spaceId, changes.slice(index, index + size))
        index += size
      }
      return changes
    }

    it('keeps current rows: pages of 7 concatenate to exactly the compaction of the whole log, each row once in key order', async () => {
      const spaceId = await newSpace()
      const changes = await appendMixed(spaceId, 18, 0, 400)
      // A retried batch stores nothing twice, in the rows as in the log.
      await storage.appendChanges(spaceId, changes.slice(100, 150))
      const { keys, changes: paged } = await allPages(spaceId, {}, 7)
      const log = (await storage.pull(spaceId, 0, 1000)).changes.map(({ seq: _seq, ...c }) => c)
      const compacted = compactChanges(log)
      expect([...paged].sort(compareChanges)).toEqual(compacted)
      expect(keys).toEqual([...new Set(compacted.map(rowKey))].sort())
      expect(await storage.countRows(spaceId, {})).toBe(keys.length)
    }, 60_000)

    it('pages by scope: global, the chosen events and the rest hold every row once, status changes with their assignment', async () => {
      const spaceId = await newSpace()
      const changes = await appendMixed(spaceId, 7, 0, 300)
      const global = await allPages(spaceId, { only: ['global'] }, 10)
      const chosen = await allPages(spaceId, { only: ['event:event-a'] }, 10)
      const rest = await allPages(spaceId, { except: ['global', 'event:event-a'] }, 10)
      const all = await allPages(spaceId, {}, 1000)
      expect([...global.keys, ...chosen.keys, ...rest.keys].sort()).toEqual(all.keys)
      expect(await storage.countRows(spaceId, { only: ['event:event-a'] })).toBe(chosen.keys.length)
      // Events and ingredients come first; an assignment of event-a and its status changes together.
      expect(global.keys.filter((key) => key.startsWith('events'))).toHaveLength(3)
      const assignmentsOfA = new Set(
        changes
          .filter((c) => c.table === 'assignments' && c.fields.eventId === 'event-a')
          .map((c) => c.rowId),
      )
      const statusOfA = changes.filter(
        (c) => c.table === 'statusChanges' && assignmentsOfA.has(String(c.fields.assignmentId)),
      )
      expect(statusOfA.length).toBeGreaterThan(0)
      for (const change of statusOfA) {
        // Only status changes logged before their assignment existed fall back to global.
        expect([...chosen.keys, ...global.keys]).toContain(rowKey(change))
      }
      expect(
        statusOfA.filter((change) => chosen.keys.includes(rowKey(change))).length,
      ).toBeGreaterThan(statusOfA.length / 2)
    }, 60_000)

    it('pages stay exact under concurrent appends: no row skipped or doubled, and with the log after the first position they merge to the whole log', async () => {
      const spaceId = await newSpace()
      await appendMixed(spaceId, 3, 0, 300)
      const position = await storage.latestSeq(spaceId)
      const before = compactChanges(
        (await storage.pull(spaceId, 0, 1000)).changes.map(({ seq: _seq, ...c }) => c),
      )
      let next = 300
      const pushes: Promise<unknown>[] = []
      const { keys, changes: paged } = await allPages(spaceId, {}, 5, () => {
        // Other tablets push while this one pages: each append races the next page reads.
        pushes.push(appendMixed(spaceId, next, next, 25))
        next += 25
        return Promise.resolve()
      })
      await Promise.all(pushes)
      expect(new Set(keys).size).toBe(keys.length)
      for (const key of new Set(before.map(rowKey))) expect(keys).toContain(key)
      const whole = await logAfter(spaceId, 0)
      expect(whole.length).toBeGreaterThan(400)
      const received = [...paged, ...(await logAfter(spaceId, position))]
      expect(mergedRows(received)).toEqual(mergedRows(whole))
    }, 60_000)

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
