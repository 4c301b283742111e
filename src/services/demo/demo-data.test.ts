import { describe, expect, it } from 'vitest'
import type { Tx } from '../../db/tx'
import { makeTestDb } from '../../test/make-test-db'
import { createDemoDataset, type DemoDatasetInput } from './demo-data'

/** What a dataset consists of, without generated ids and timestamps. */
async function fingerprint(tx: Tx) {
  const live = <T extends { deletedAt: string | null }>(rows: T[]) =>
    rows.filter((row) => row.deletedAt === null)
  const assignments = live(await tx.assignments.toArray())
  const statuses: Record<string, number> = {}
  for (const row of assignments) statuses[row.status] = (statuses[row.status] ?? 0) + 1
  const productionTargets = live(await tx.productionTargets.toArray())
  const targetsPerEvent = new Map<string, number>()
  for (const row of [...productionTargets, ...live(await tx.assemblyTargets.toArray())])
    targetsPerEvent.set(row.eventId, (targetsPerEvent.get(row.eventId) ?? 0) + 1)
  return {
    events: live(await tx.events.toArray())
      .map((event) => `${event.date} ${event.name}`)
      .sort(),
    recipes: live(await tx.recipes.toArray()).length,
    finishedUnits: live(await tx.finishedUnits.toArray()).length,
    recipients: live(await tx.recipients.toArray()).length,
    assignments: assignments.length,
    quantities: assignments.reduce((sum, row) => sum + row.quantity, 0),
    statuses,
    productionTargets: productionTargets.length,
    targetBatches: productionTargets.reduce((sum, row) => sum + row.targetBatches, 0),
    targetsPerEvent: [...new Set(targetsPerEvent.values())].sort((a, b) => a - b),
    productionRuns: live(await tx.productionRuns.toArray()).length,
    assemblyRuns: live(await tx.assemblyRuns.toArray()).length,
  }
}

async function generate(input: DemoDatasetInput) {
  const { run, read } = makeTestDb()
  const summary = await run((tx) => createDemoDataset(tx, input))
  return { summary, data: await read(fingerprint) }
}

const BASE: DemoDatasetInput = {
  seed: 7,
  today: '2026-11-01',
  events: 3,
  recipients: 12,
  assignmentsPerEvent: 20,
  runsPerEvent: 6,
}

describe('createDemoDataset', () => {
  it('gives the same data for the same input, as before the size options existed', async () => {
    const first = await generate(BASE)
    const second = await generate(BASE)
    expect(second.data).toEqual(first.data)
    expect(first.data).toEqual({
      events: [
        '2026-10-25 Christmas gifts 1',
        '2026-11-01 Advent market 2',
        '2026-11-08 Neighbourhood cookie swap 3',
      ],
      recipes: 5,
      finishedUnits: 5,
      recipients: 12,
      assignments: 60,
      quantities: 92,
      statuses: { pending: 41, assembled: 10, delivered: 9 },
      productionTargets: 15,
      targetBatches: 67,
      targetsPerEvent: [7],
      productionRuns: 18,
      assemblyRuns: 3,
    })
  })

  it('grows the catalogue with numbered recipe variants and tops targets up per event', async () => {
    const { data } = await generate({ ...BASE, recipes: 12, targetsPerEvent: 10 })
    expect(data.recipes).toBe(12)
    expect(data.finishedUnits).toBe(12)
    expect(data.targetsPerEvent).toEqual([10])
    expect(data.assignments).toBe(60)
    expect(data.productionRuns).toBe(18)
  })

  it('caps the targets at what the catalogue offers', async () => {
    const { data } = await generate({ ...BASE, recipes: 6, targetsPerEvent: 40 })
    // 6 production targets (one per recipe) and 2 assembly targets per event.
    expect(data.targetsPerEvent).toEqual([8])
  })

  it('builds the benchmark shapes: many assignments in one event', async () => {
    const { summary } = await generate({
      seed: 1,
      today: '2026-11-01',
      events: 1,
      recipients: 125,
      assignmentsPerEvent: 500,
      runsPerEvent: 10,
      progress: 1,
    })
    expect(summary.eventIds).toHaveLength(1)
    expect(summary.assignmentIds).toHaveLength(500)
  })
})
