import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildAssemblyTarget,
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildPackage,
  buildProductionRun,
  buildProductionTarget,
  buildRecipe,
  buildRecipient,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { NotFoundError } from './errors'
import * as services from './index'
import { getProductionRecords, getProductionRuns } from './production-runs'
import {
  getAssemblyTargets,
  getProductionTargets,
  listAssemblyTargets,
  listProductionTargets,
} from './targets'
import {
  adoptAssemblyNeedsAsTargets,
  adoptNeedsAsTargets,
  adoptProductionNeedsAsTargets,
} from './targets-from-needs'

/** A hamper holds 1 cookie tin and 4 loose cookies; a tin holds 6 cookies (12 per batch). */
async function hamperEvent(tx: Tx) {
  const recipe = await buildRecipe(tx, { name: 'Sugar cookies' })
  const cookie = await buildFinishedUnit(tx, { recipeId: recipe.id, itemsPerBatch: 12 })
  const tin = await buildFinishedGood(tx, {
    name: 'Cookie tin',
    components: [{ kind: 'unit', id: cookie.id, quantity: 6 }],
  })
  const hamper = await buildFinishedGood(tx, {
    name: 'Hamper',
    components: [
      { kind: 'good', id: tin.id, quantity: 1 },
      { kind: 'unit', id: cookie.id, quantity: 4 },
    ],
  })
  const hamperPackage = await buildPackage(tx, {
    contents: [{ finishedGoodId: hamper.id, quantity: 1 }],
  })
  const tinPackage = await buildPackage(tx, { contents: [{ finishedGoodId: tin.id, quantity: 2 }] })
  const event = await buildEvent(tx)
  const [ann, ben] = [await buildRecipient(tx), await buildRecipient(tx)]
  // Ann: 3 hampers = 3 hampers + 3 tins + 30 cookies. Ben: 1 tin package = 2 tins + 12 cookies.
  await buildAssignment(tx, {
    eventId: event.id,
    recipientId: ann.id,
    packageId: hamperPackage.id,
    quantity: 3,
  })
  await buildAssignment(tx, {
    eventId: event.id,
    recipientId: ben.id,
    packageId: tinPackage.id,
    quantity: 1,
  })
  return { recipe, cookie, tin, hamper, event }
}

describe('getAssemblyNeeds', () => {
  it('counts tins nested in 3 hampers: 3 hampers and 3 + 2 = 5 tins', async () => {
    const { run, read } = makeTestDb()
    const b = await run(hamperEvent)
    expect(await read((tx) => services.getAssemblyNeeds(tx, b.event.id))).toEqual([
      { finishedGoodId: b.tin.id, finishedGoodName: 'Cookie tin', quantityNeeded: 5 },
      { finishedGoodId: b.hamper.id, finishedGoodName: 'Hamper', quantityNeeded: 3 },
    ])
  })
})

describe('adoptNeedsAsTargets', () => {
  it('sets 5 tins, 3 hampers and 4 cookie batches (42 cookies ÷ 12) in one call', async () => {
    const { run, read } = makeTestDb()
    const b = await run(hamperEvent)
    const adopted = await run((tx) => adoptNeedsAsTargets(tx, b.event.id))
    expect(adopted).toEqual({ productionTargetsSet: 1, assemblyTargetsSet: 2 })
    const assembly = await read((tx) => listAssemblyTargets(tx, b.event.id))
    expect(assembly.map((row) => [row.finishedGoodName, row.targetQuantity])).toEqual([
      ['Cookie tin', 5],
      ['Hamper', 3],
    ])
    const production = await read((tx) => listProductionTargets(tx, b.event.id))
    expect(production.map((row) => [row.recipeName, row.targetBatches])).toEqual([
      ['Sugar cookies', 4],
    ])
  })

  it('writes only targets that differ from the need and leaves targets nothing needs alone', async () => {
    const { run, db } = makeTestDb()
    const b = await run(async (tx) => {
      const b = await hamperEvent(tx)
      const spare = await buildFinishedGood(tx, { name: 'Spare box' })
      await buildAssemblyTarget(tx, {
        eventId: b.event.id,
        finishedGoodId: b.tin.id,
        targetQuantity: 5,
      })
      await buildAssemblyTarget(tx, {
        eventId: b.event.id,
        finishedGoodId: spare.id,
        targetQuantity: 9,
      })
      await buildProductionTarget(tx, {
        eventId: b.event.id,
        recipeId: b.recipe.id,
        targetBatches: 4,
      })
      return { ...b, spare }
    })
    const before = await snapshotAll(db)
    expect(await run((tx) => adoptProductionNeedsAsTargets(tx, b.event.id))).toBe(0)
    expect(await snapshotAll(db)).toEqual(before)
    expect(await run((tx) => adoptAssemblyNeedsAsTargets(tx, b.event.id))).toBe(1)
    const assembly = await run((tx) => listAssemblyTargets(tx, b.event.id))
    expect(assembly.map((row) => [row.finishedGoodName, row.targetQuantity])).toEqual([
      ['Cookie tin', 5],
      ['Hamper', 3],
      ['Spare box', 9],
    ])
  })

  it('refuses an unknown event with NotFoundError and writes nothing', async () => {
    const { run, db } = makeTestDb()
    await run(hamperEvent)
    const before = await snapshotAll(db)
    await expect(
      run((tx) => adoptNeedsAsTargets(tx, '01890000-0000-7000-8000-000000000000')),
    ).rejects.toBeInstanceOf(NotFoundError)
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe("the original system's reader names (DOMAIN §8)", () => {
  it('getProductionTargets, getAssemblyTargets and getProductionRecords answer as the list readers', async () => {
    const { run, read } = makeTestDb()
    const b = await run(async (tx) => {
      const b = await hamperEvent(tx)
      await adoptNeedsAsTargets(tx, b.event.id)
      await buildProductionRun(tx, {
        eventId: b.event.id,
        recipeId: b.recipe.id,
        finishedUnitId: b.cookie.id,
      })
      await buildProductionRun(tx, {
        eventId: b.event.id,
        recipeId: b.recipe.id,
        finishedUnitId: b.cookie.id,
      })
      return b
    })
    expect(services.getProductionTargets).toBe(getProductionTargets)
    expect(services.getAssemblyTargets).toBe(getAssemblyTargets)
    expect(services.getProductionRecords).toBe(getProductionRecords)
    expect(await read((tx) => getProductionTargets(tx, b.event.id))).toEqual(
      await read((tx) => listProductionTargets(tx, b.event.id)),
    )
    const assembly = await read((tx) => getAssemblyTargets(tx, b.event.id))
    expect(assembly.map((row) => row.finishedGoodName)).toEqual(['Cookie tin', 'Hamper'])
    const records = await read((tx) => getProductionRecords(tx, b.event.id))
    expect(records).toHaveLength(2)
    expect(records).toEqual(await read((tx) => getProductionRuns(tx, b.event.id)))
  })
})
