/**
 * The event summaries kept by delta equal a recomputation from scratch after every transaction of
 * a random write sequence (seeded): inserts, status moves in both directions (corrections), edits,
 * soft deletes, revived targets and runs, runs moved between events, several writes at once in one
 * transaction, and the same changes applied on a second tablet through `applyRemote`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  buildAssemblyRun,
  buildAssemblyTarget,
  buildAssignment,
  buildProductionRun,
  buildProductionTarget,
} from '../test/builders'
import { summaryDifferences } from '../test/event-summary-check'
import { makeTestDb } from '../test/make-test-db'
import { pairId } from './ids'
import { applyRemote } from './apply-remote'
import { softDelete, update } from './mutate'
import { PACKAGE_STATUSES } from './schema'
import type { DomainTableName } from './tables'
import type { Tx } from './tx'

const EVENTS = ['event-a', 'event-b', 'event-c']
const RECIPES = ['recipe-1', 'recipe-2']
const GOODS = ['good-1', 'good-2']
const PACKAGES = ['package-1', 'package-2']

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length] as T

const opArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant('assign' as const),
    event: fc.nat(),
    pkg: fc.nat(),
    quantity: fc.integer({ min: 1, max: 20 }),
    status: fc.nat(),
  }),
  fc.record({ kind: fc.constant('status' as const), row: fc.nat(), status: fc.nat() }),
  fc.record({
    kind: fc.constant('quantity' as const),
    row: fc.nat(),
    quantity: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('run' as const),
    event: fc.nat({ max: EVENTS.length }), // EVENTS.length: a run for no event
    recipe: fc.nat(),
    batches: fc.integer({ min: 1, max: 5 }),
    lost: fc.boolean(),
    cost: fc.oneof(fc.nat({ max: 10_000_000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
  }),
  fc.record({
    kind: fc.constant('assemble' as const),
    event: fc.nat({ max: EVENTS.length }),
    good: fc.nat(),
    quantity: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({
    kind: fc.constant('target' as const),
    assembly: fc.boolean(),
    event: fc.nat(),
    item: fc.nat(),
    amount: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({ kind: fc.constant('moveRun' as const), row: fc.nat(), event: fc.nat() }),
  fc.record({
    kind: fc.constant('delete' as const),
    table: fc.nat(),
    row: fc.nat(),
    revive: fc.boolean(),
  }),
)
type Op = typeof opArbitrary extends fc.Arbitrary<infer T> ? T : never

const TABLES: DomainTableName[] = [
  'assignments',
  'productionRuns',
  'assemblyRuns',
  'productionTargets',
  'assemblyTargets',
]

type Ids = Record<string, string[]>

async function perform(tx: Tx, op: Op, ids: Ids): Promise<void> {
  const existing = (table: string, index: number) => {
    const list = ids[table] ?? []
    return list.length === 0 ? undefined : pick(list, index)
  }
  const remember = (table: string, id: string) => {
    const list = (ids[table] ??= [])
    if (!list.includes(id)) list.push(id)
  }
  switch (op.kind) {
    case 'assign': {
      const row = await buildAssignment(tx, {
        eventId: pick(EVENTS, op.event),
        recipientId: 'recipient',
        packageId: pick(PACKAGES, op.pkg),
        quantity: op.quantity,
        status: pick(PACKAGE_STATUSES, op.status),
      })
      return remember('assignments', row.id)
    }
    case 'status': {
      const id = existing('assignments', op.row)
      if (id) await update(tx, 'assignments', id, { status: pick(PACKAGE_STATUSES, op.status) })
      return
    }
    case 'quantity': {
      const id = existing('assignments', op.row)
      if (id) await update(tx, 'assignments', id, { quantity: op.quantity })
      return
    }
    case 'run': {
      const row = await buildProductionRun(tx, {
        eventId: op.event === EVENTS.length ? null : pick(EVENTS, op.event),
        recipeId: pick(RECIPES, op.recipe),
        finishedUnitId: 'unit',
        batches: op.batches,
        actualYield: op.lost ? 0 : op.batches * 12,
        totalCost: op.cost,
      })
      return remember('productionRuns', row.id)
    }
    case 'assemble': {
      const row = await buildAssemblyRun(tx, {
        eventId: op.event === EVENTS.length ? null : pick(EVENTS, op.event),
        finishedGoodId: pick(GOODS, op.good),
        quantity: op.quantity,
      })
      return remember('assemblyRuns', row.id)
    }
    case 'target': {
      // Set (upsert) a target: a deleted one is revived with the new amount.
      const eventId = pick(EVENTS, op.event)
      if (op.assembly) {
        const finishedGoodId = pick(GOODS, op.item)
        const id = pairId('assemblyTarget', eventId, finishedGoodId)
        const changed = await update(tx, 'assemblyTargets', id, {
          targetQuantity: op.amount,
          deletedAt: null,
        })
        if (!changed)
          await buildAssemblyTarget(tx, { eventId, finishedGoodId, targetQuantity: op.amount })
        return remember('assemblyTargets', id)
      }
      const recipeId = pick(RECIPES, op.item)
      const id = pairId('productionTarget', eventId, recipeId)
      const changed = await update(tx, 'productionTargets', id, {
        targetBatches: op.amount,
        deletedAt: null,
      })
      if (!changed) await buildProductionTarget(tx, { eventId, recipeId, targetBatches: op.amount })
      return remember('productionTargets', id)
    }
    case 'moveRun': {
      const id = existing('productionRuns', op.row)
      if (id) await update(tx, 'productionRuns', id, { eventId: pick(EVENTS, op.event) })
      return
    }
    case 'delete': {
      const table = pick(TABLES, op.table)
      const id = existing(table, op.row)
      if (!id) return
      if (op.revive) await update(tx, table, id, { deletedAt: null })
      else await softDelete(tx, table, id)
      return
    }
  }
}

describe('event summaries kept by delta', () => {
  it('equal a recomputation after every transaction of random writes, locally and on a tablet that applies the same changes remotely', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Transactions of 1–3 writes issued at once (Promise.all), as services may do.
        fc.array(fc.array(opArbitrary, { minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        async (transactions, cuts) => {
          const local = makeTestDb()
          const remote = makeTestDb({ deviceId: 'device-remote' })
          const ids: Ids = {}
          for (const ops of transactions) {
            await local.run((tx) => Promise.all(ops.map((op) => perform(tx, op, ids))))
            expect(await summaryDifferences(local.db)).toEqual([])
          }
          // The same changes reach another tablet in a few batches, out of order.
          const changes = (await local.db.changes.toArray()).reverse()
          const points = [...new Set(cuts.map((cut) => cut % (changes.length + 1)))].sort(
            (a, b) => a - b,
          )
          let start = 0
          for (const end of [...points, changes.length]) {
            const batch = changes.slice(start, end)
            start = end
            if (batch.length === 0) continue
            await remote.run((tx) => applyRemote(tx, batch))
            expect(await summaryDifferences(remote.db)).toEqual([])
          }
          await Promise.all([local.db.delete(), remote.db.delete()])
        },
      ),
      { seed: 20261130, numRuns: 40 },
    )
  }, 120_000)
})
