import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Tx } from '../db/tx'
import { buildEvent, buildFinishedGood, buildFinishedUnit, buildRecipe } from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { setActionLogSink, type ActionLogEntry } from './action-log'
import { recordAssemblyRun } from './assembly-runs'
import { NotFoundError, ValidationError } from './errors'
import { recordProductionRun } from './production-runs'

async function bakery(tx: Tx) {
  const recipe = await buildRecipe(tx, { name: 'Sugar cookies' })
  const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
  const good = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: unit.id, quantity: 6 }],
  })
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  return { recipe, unit, good, event }
}

let entries: ActionLogEntry[] = []
let restore: () => void = () => undefined

beforeEach(() => {
  entries = []
  restore = setActionLogSink((entry) => entries.push(entry))
})

afterEach(() => {
  restore()
})

describe('the action log', () => {
  it('logs a production run as ok, with its ids, only after the action commits', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    let seenInsideAction: ActionLogEntry[] | undefined
    const recorded = await run(async (tx) => {
      const result = await recordProductionRun(tx, {
        recipeId: b.recipe.id,
        finishedUnitId: b.unit.id,
        batches: 1,
        eventId: b.event.id,
      })
      seenInsideAction = [...entries]
      return result
    })
    expect(seenInsideAction).toEqual([])
    expect(entries).toEqual([
      {
        operation: 'recordProductionRun',
        ids: {
          recipeId: b.recipe.id,
          finishedUnitId: b.unit.id,
          eventId: b.event.id,
          runId: recorded.id,
        },
        outcome: 'ok',
      },
    ])
  })

  it('logs an assembly run as ok after the action commits', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    const recorded = await run((tx) =>
      recordAssemblyRun(tx, { finishedGoodId: b.good.id, quantity: 2 }),
    )
    expect(entries).toEqual([
      {
        operation: 'recordAssemblyRun',
        ids: { finishedGoodId: b.good.id, eventId: null, runId: recorded.id },
        outcome: 'ok',
      },
    ])
  })

  it('logs no ok for a recorded run whose action aborts later, but the aborting error', async () => {
    const { run, runAction } = makeTestDb()
    const b = await run(bakery)
    await expect(
      run(async (tx) => {
        await recordProductionRun(tx, {
          recipeId: b.recipe.id,
          finishedUnitId: b.unit.id,
          batches: 1,
        })
        throw new ValidationError('somethingElse')
      }),
    ).rejects.toBeInstanceOf(ValidationError)
    await expect(
      runAction([recordAssemblyRun], async (tx) => {
        await recordAssemblyRun(tx, { finishedGoodId: b.good.id, quantity: 1 })
        throw new Error('a bug')
      }),
    ).rejects.toThrow('a bug')
    expect(entries.map((entry) => entry.outcome)).toEqual(['VALIDATION', 'ABORTED'])
    expect(entries[1]).toMatchObject({ operation: 'recordAssemblyRun', errorName: 'Error' })
    expect(entries.some((entry) => entry.outcome === 'ok')).toBe(false)
  })

  it('logs the record’s own error code when it is refused', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    await expect(
      run((tx) =>
        recordProductionRun(tx, { recipeId: b.recipe.id, finishedUnitId: b.unit.id, batches: 0 }),
      ),
    ).rejects.toBeInstanceOf(ValidationError)
    await expect(
      run((tx) => recordAssemblyRun(tx, { finishedGoodId: 'missing', quantity: 1 })),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(entries).toEqual([
      {
        operation: 'recordProductionRun',
        ids: { recipeId: b.recipe.id, finishedUnitId: b.unit.id, eventId: null },
        outcome: 'VALIDATION',
      },
      {
        operation: 'recordAssemblyRun',
        ids: { finishedGoodId: 'missing', eventId: null },
        outcome: 'NOT_FOUND',
      },
    ])
  })

  it('logs the refusal, not ok, when the caller swallows the error and commits', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    await run(async (tx) => {
      await expect(
        recordAssemblyRun(tx, { finishedGoodId: b.good.id, quantity: 0 }),
      ).rejects.toBeInstanceOf(ValidationError)
    })
    expect(entries.map((entry) => entry.outcome)).toEqual(['VALIDATION'])
  })

  it('logs one entry per record, each after the commit', async () => {
    const { run } = makeTestDb()
    const b = await run(bakery)
    await run(async (tx) => {
      await recordProductionRun(tx, {
        recipeId: b.recipe.id,
        finishedUnitId: b.unit.id,
        batches: 1,
      })
      await recordAssemblyRun(tx, { finishedGoodId: b.good.id, quantity: 1 })
      expect(entries).toEqual([])
    })
    expect(entries.map((entry) => [entry.operation, entry.outcome])).toEqual([
      ['recordProductionRun', 'ok'],
      ['recordAssemblyRun', 'ok'],
    ])
  })
})

describe('setActionLogSink', () => {
  it('defaults to one JSON line on console.info, and restores the previous sink', async () => {
    restore()
    const info = vi.spyOn(console, 'info').mockImplementation(() => undefined)
    try {
      const { run } = makeTestDb()
      const b = await run(bakery)
      await run((tx) => recordAssemblyRun(tx, { finishedGoodId: b.good.id, quantity: 1 }))
      expect(info).toHaveBeenCalledTimes(1)
      const line: unknown = info.mock.calls[0]?.[0]
      expect(typeof line).toBe('string')
      expect(JSON.parse(String(line))).toMatchObject({
        log: 'action',
        operation: 'recordAssemblyRun',
        outcome: 'ok',
      })
    } finally {
      info.mockRestore()
      restore = setActionLogSink((entry) => entries.push(entry))
    }
  })

  it('survives a sink that throws', async () => {
    const inner = setActionLogSink(() => {
      throw new Error('sink down')
    })
    try {
      const { run } = makeTestDb()
      const b = await run(bakery)
      await expect(
        run((tx) => recordAssemblyRun(tx, { finishedGoodId: b.good.id, quantity: 1 })),
      ).resolves.toMatchObject({ quantity: 1 })
    } finally {
      inner()
    }
  })
})
