/**
 * The PostgreSQL backend: the same storage contract as the embedded store, then what only a
 * shared database has to get right: two storages (as two server processes would hold) appending
 * to one space concurrently keep the log gap-free and idempotent, and each hears the other's
 * appends through the change feed. Runs on the test run's PostgreSQL (testing/backends.ts), else skips.
 */
import { describe, expect, it } from 'vitest'
import { postgresForTests, useTestDatabases, warnSkipped } from '../testing/backends'
import { makeChanges } from '../testing/fixtures'
import { openPostgresStorage } from './pg-storage'
import type { SqlStorage } from './sql-storage'
import { describeStorageContract } from './storage-contract'

const postgres = postgresForTests()
if (!postgres.available) warnSkipped('the storage tests', postgres.reason)

describe.skipIf(!postgres.available)('PostgreSQL', () => {
  const newDatabase = useTestDatabases('storage')
  async function openOnFreshDatabase(): Promise<{ url: string; storage: SqlStorage }> {
    const { url } = await newDatabase()
    return { url, storage: await openPostgresStorage({ connectionString: url }) }
  }

  describeStorageContract('PostgreSQL', async () => (await openOnFreshDatabase()).storage)

  describe('two storages on one database (two server processes)', () => {
    it('interleaves 20 concurrent batches from each into one gap-free log, each change once', async () => {
      const { url, storage: a } = await openOnFreshDatabase()
      const b = await openPostgresStorage({ connectionString: url })
      try {
        await a.createSpace({
          spaceId: 'shared',
          tokenHash: 'h',
          name: null,
          createdAt: '2026-11-23T00:00:00.000Z',
        })
        // Device a pushes through storage a, device b through storage b, and every batch is
        // also retried through the other storage at the same time (a lost acknowledgement).
        const pushes = []
        for (let batch = 0; batch < 20; batch += 1) {
          const fromA = makeChanges(batch * 5, 5, 'device-a')
          const fromB = makeChanges(batch * 5, 5, 'device-b')
          pushes.push(a.appendChanges('shared', fromA), b.appendChanges('shared', fromA))
          pushes.push(b.appendChanges('shared', fromB), a.appendChanges('shared', fromB))
        }
        const results = await Promise.all(pushes)
        const stored = results.flatMap((result) => result.accepted)
        expect(stored).toHaveLength(200)
        expect(new Set(stored).size).toBe(200)

        const pulled = await b.pull('shared', 0, 1000)
        expect(pulled.changes.map((change) => change.seq)).toEqual(
          Array.from({ length: 200 }, (_, index) => index + 1),
        )
        expect(new Set(pulled.changes.map((change) => change.id)).size).toBe(200)
        // A batch is appended atomically: its five changes get five consecutive seqs, in order.
        const seqOf = new Map(pulled.changes.map((change) => [change.id, change.seq]))
        for (const device of ['device-a', 'device-b']) {
          for (let batch = 0; batch < 20; batch += 1) {
            const seqs = makeChanges(batch * 5, 5, device).map((change) => seqOf.get(change.id))
            const first = seqs[0] ?? 0
            expect(seqs).toEqual([first, first + 1, first + 2, first + 3, first + 4])
          }
        }
      } finally {
        await b.close()
        await a.close()
      }
    }, 30_000)

    it('tells the other storage’s change feed about an append, after it committed', async () => {
      const { url, storage: a } = await openOnFreshDatabase()
      const b = await openPostgresStorage({ connectionString: url })
      try {
        await a.createSpace({
          spaceId: 'fed',
          tokenHash: 'h',
          name: null,
          createdAt: '2026-11-23T00:00:00.000Z',
        })
        const heard = new Promise<{ spaceId: string; latestSeq: number; visible: number }>(
          (resolve) => {
            b.changeFeed?.subscribe({
              changed: (spaceId, latestSeq) => {
                // Delivered on commit only, so the announced changes are already readable.
                void b
                  .latestSeq(spaceId)
                  .then((visible) => resolve({ spaceId, latestSeq, visible }))
              },
              resync: () => {},
            })
          },
        )
        await a.appendChanges('fed', makeChanges(1, 3))
        expect(await heard).toEqual({ spaceId: 'fed', latestSeq: 3, visible: 3 })
      } finally {
        await b.close()
        await a.close()
      }
    }, 30_000)
  })
})
