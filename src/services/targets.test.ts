import { describe, expect, it } from 'vitest'
import { pairId } from '../db/ids'
import type { Tx } from '../db/tx'
import {
  buildAssemblyTarget,
  buildEvent,
  buildFinishedGood,
  buildProductionTarget,
  buildRecipe,
  softDelete,
} from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { NotFoundError, ValidationError } from './errors'
import {
  deleteAssemblyTarget,
  deleteProductionTarget,
  getAssemblyTarget,
  getProductionTarget,
  listAssemblyTargets,
  listProductionTargets,
  setAssemblyTarget,
  setProductionTarget,
} from './targets'

async function catalogue(tx: Tx) {
  const event = await buildEvent(tx, { name: 'Christmas 2026' })
  const cookies = await buildRecipe(tx, { name: 'Sugar cookies' })
  const truffles = await buildRecipe(tx, { name: 'truffles' })
  const brownies = await buildRecipe(tx, { name: 'Brownies' })
  const tin = await buildFinishedGood(tx, { name: 'Tin' })
  const box = await buildFinishedGood(tx, { name: 'box' })
  const bag = await buildFinishedGood(tx, { name: 'Bag' })
  return { event, cookies, truffles, brownies, tin, box, bag }
}

describe('setProductionTarget', () => {
  it('creates the target under the pair id of event and recipe', async () => {
    const { run, read } = makeTestDb()
    const { c, target } = await run(async (tx) => {
      const c = await catalogue(tx)
      const target = await setProductionTarget(tx, {
        eventId: c.event.id,
        recipeId: c.cookies.id,
        targetBatches: 3,
      })
      return { c, target }
    })
    expect(target).toMatchObject({
      id: pairId('productionTarget', c.event.id, c.cookies.id),
      eventId: c.event.id,
      recipeId: c.cookies.id,
      recipeName: 'Sugar cookies',
      targetBatches: 3,
      notes: '',
    })
    expect(
      await read((tx) => getProductionTarget(tx, { eventId: c.event.id, recipeId: c.cookies.id })),
    ).toEqual(target)
  })

  it('setting it twice updates the same row (same id, one row)', async () => {
    const { run, db } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    const first = await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 3 }))
    const second = await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 5 }))
    expect(second.id).toBe(first.id)
    expect(second.targetBatches).toBe(5)
    expect(await db.productionTargets.count()).toBe(1)
  })

  it('writes only the changed field on update, and nothing when nothing changed', async () => {
    const { run, db } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    const first = await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 3 }))
    await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 5 }))
    await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 5 }))
    const changes = (await db.changes.orderBy('hlc').toArray()).filter(
      (change) => change.table === 'productionTargets' && change.rowId === first.id,
    )
    expect(changes).toHaveLength(2)
    expect(Object.keys(changes[1]?.fields ?? {}).sort()).toEqual(['targetBatches', 'updatedAt'])
  })

  it('keeps the notes when notes are omitted and clears them on null', async () => {
    const { run } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 3, notes: 'double batch' }))
    const kept = await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 4 }))
    expect(kept.notes).toBe('double batch')
    const cleared = await run((tx) =>
      setProductionTarget(tx, { ...key, targetBatches: 4, notes: null }),
    )
    expect(cleared.notes).toBe('')
  })

  it('revives a deleted target under the same id, starting its notes afresh', async () => {
    const { run, db } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    const first = await run((tx) =>
      setProductionTarget(tx, { ...key, targetBatches: 3, notes: 'old' }),
    )
    expect(await run((tx) => deleteProductionTarget(tx, key))).toBe(true)
    const revived = await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 2 }))
    expect(revived).toMatchObject({ id: first.id, targetBatches: 2, notes: '' })
    expect((await db.productionTargets.get(first.id))?.deletedAt).toBeNull()
    expect(await db.productionTargets.count()).toBe(1)
  })

  it('refuses a count that is not a positive integer with a ValidationError on targetBatches', async () => {
    const { run } = makeTestDb()
    const c = await run(catalogue)
    for (const targetBatches of [0, -1, 1.5]) {
      const attempt = run((tx) =>
        setProductionTarget(tx, { eventId: c.event.id, recipeId: c.cookies.id, targetBatches }),
      )
      await expect(attempt).rejects.toBeInstanceOf(ValidationError)
      await expect(attempt).rejects.toMatchObject({ field: 'targetBatches' })
    }
  })

  it('throws NotFoundError for a missing or deleted event or recipe', async () => {
    const { run } = makeTestDb()
    const c = await run(catalogue)
    await run(async (tx) => {
      await softDelete(tx, 'recipes', c.truffles.id)
    })
    const base = { eventId: c.event.id, recipeId: c.cookies.id, targetBatches: 1 }
    await expect(
      run((tx) => setProductionTarget(tx, { ...base, eventId: 'nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'event', id: 'nope' })
    await expect(
      run((tx) => setProductionTarget(tx, { ...base, recipeId: 'nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'recipe', id: 'nope' })
    await expect(
      run((tx) => setProductionTarget(tx, { ...base, recipeId: c.truffles.id })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'recipe', id: c.truffles.id })
    await run((tx) => softDelete(tx, 'events', c.event.id))
    await expect(run((tx) => setProductionTarget(tx, base))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'event',
      id: c.event.id,
    })
  })

  it('leaves nothing behind when the action throws after it (insert and update)', async () => {
    const { db, run } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const before = await snapshotAll(db)
      await expect(
        run(async (tx) => {
          await setProductionTarget(tx, { ...key, targetBatches: 7, notes: 'x' })
          throw new Error('abort')
        }),
      ).rejects.toThrow('abort')
      expect(await snapshotAll(db)).toEqual(before)
      // Second round: the same with an existing target to update.
      await run((tx) => setProductionTarget(tx, { ...key, targetBatches: 1 }))
    }
  })
})

describe('setAssemblyTarget', () => {
  it('creates the target under the pair id, then updates the same row', async () => {
    const { run, db } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, finishedGoodId: c.tin.id }
    const first = await run((tx) =>
      setAssemblyTarget(tx, { ...key, targetQuantity: 10, notes: 'ribbons' }),
    )
    expect(first).toMatchObject({
      id: pairId('assemblyTarget', c.event.id, c.tin.id),
      finishedGoodName: 'Tin',
      targetQuantity: 10,
      notes: 'ribbons',
    })
    const second = await run((tx) => setAssemblyTarget(tx, { ...key, targetQuantity: 12 }))
    expect(second).toMatchObject({ id: first.id, targetQuantity: 12, notes: 'ribbons' })
    expect(await db.assemblyTargets.count()).toBe(1)
    const cleared = await run((tx) =>
      setAssemblyTarget(tx, { ...key, targetQuantity: 12, notes: null }),
    )
    expect(cleared.notes).toBe('')
  })

  it('revives a deleted target under the same id', async () => {
    const { run, db } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, finishedGoodId: c.tin.id }
    const first = await run((tx) => buildAssemblyTarget(tx, { ...key, targetQuantity: 3 }))
    await run((tx) => softDelete(tx, 'assemblyTargets', first.id))
    const revived = await run((tx) => setAssemblyTarget(tx, { ...key, targetQuantity: 4 }))
    expect(revived).toMatchObject({ id: first.id, targetQuantity: 4 })
    expect((await db.assemblyTargets.get(first.id))?.deletedAt).toBeNull()
  })

  it('refuses a quantity of 0 with a ValidationError on targetQuantity', async () => {
    const { run } = makeTestDb()
    const c = await run(catalogue)
    await expect(
      run((tx) =>
        setAssemblyTarget(tx, { eventId: c.event.id, finishedGoodId: c.tin.id, targetQuantity: 0 }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'targetQuantity' })
  })

  it('throws NotFoundError for a missing or deleted event or finished good', async () => {
    const { run } = makeTestDb()
    const c = await run(catalogue)
    await run((tx) => softDelete(tx, 'finishedGoods', c.box.id))
    const base = { eventId: c.event.id, finishedGoodId: c.tin.id, targetQuantity: 1 }
    await expect(
      run((tx) => setAssemblyTarget(tx, { ...base, eventId: 'nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'event', id: 'nope' })
    await expect(
      run((tx) => setAssemblyTarget(tx, { ...base, finishedGoodId: 'nope' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedGood', id: 'nope' })
    await expect(
      run((tx) => setAssemblyTarget(tx, { ...base, finishedGoodId: c.box.id })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedGood', id: c.box.id })
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const c = await run(catalogue)
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await setAssemblyTarget(tx, {
          eventId: c.event.id,
          finishedGoodId: c.tin.id,
          targetQuantity: 2,
        })
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('deleteProductionTarget', () => {
  it('returns true when a live target was removed, then false, and false when there was none', async () => {
    const { run, read } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    await run((tx) => buildProductionTarget(tx, key))
    expect(await run((tx) => deleteProductionTarget(tx, key))).toBe(true)
    expect(await run((tx) => deleteProductionTarget(tx, key))).toBe(false)
    expect(await run((tx) => deleteProductionTarget(tx, { ...key, recipeId: c.truffles.id }))).toBe(
      false,
    )
    await expect(read((tx) => getProductionTarget(tx, key))).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    await run((tx) => buildProductionTarget(tx, key))
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await deleteProductionTarget(tx, key)
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('deleteAssemblyTarget', () => {
  it('returns true when a live target was removed, then false, and false when there was none', async () => {
    const { run, read } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, finishedGoodId: c.tin.id }
    await run((tx) => buildAssemblyTarget(tx, key))
    expect(await run((tx) => deleteAssemblyTarget(tx, key))).toBe(true)
    expect(await run((tx) => deleteAssemblyTarget(tx, key))).toBe(false)
    expect(await run((tx) => deleteAssemblyTarget(tx, { ...key, finishedGoodId: c.box.id }))).toBe(
      false,
    )
    await expect(read((tx) => getAssemblyTarget(tx, key))).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const { db, run } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, finishedGoodId: c.tin.id }
    await run((tx) => buildAssemblyTarget(tx, key))
    const before = await snapshotAll(db)
    await expect(
      run(async (tx) => {
        await deleteAssemblyTarget(tx, key)
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await snapshotAll(db)).toEqual(before)
  })
})

describe('getProductionTarget', () => {
  it('throws NotFoundError with the pair id when there is no target or it was deleted', async () => {
    const { run, read } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, recipeId: c.cookies.id }
    const id = pairId('productionTarget', c.event.id, c.cookies.id)
    await expect(read((tx) => getProductionTarget(tx, key))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'productionTarget',
      id,
    })
    await run(async (tx) => {
      await buildProductionTarget(tx, key)
      await softDelete(tx, 'productionTargets', id)
    })
    await expect(read((tx) => getProductionTarget(tx, key))).rejects.toMatchObject({
      entity: 'productionTarget',
      id,
    })
  })
})

describe('getAssemblyTarget', () => {
  it('returns the live target and throws NotFoundError with the pair id otherwise', async () => {
    const { run, read } = makeTestDb()
    const c = await run(catalogue)
    const key = { eventId: c.event.id, finishedGoodId: c.tin.id }
    await run((tx) => buildAssemblyTarget(tx, { ...key, targetQuantity: 6 }))
    expect(await read((tx) => getAssemblyTarget(tx, key))).toMatchObject({
      finishedGoodName: 'Tin',
      targetQuantity: 6,
    })
    await expect(
      read((tx) => getAssemblyTarget(tx, { ...key, finishedGoodId: c.box.id })),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'assemblyTarget',
      id: pairId('assemblyTarget', c.event.id, c.box.id),
    })
  })
})

describe('listProductionTargets', () => {
  it('lists the live targets of the event by recipe name', async () => {
    const { run, read } = makeTestDb()
    const c = await run(async (tx) => {
      const c = await catalogue(tx)
      const other = await buildEvent(tx)
      await buildProductionTarget(tx, { eventId: c.event.id, recipeId: c.truffles.id })
      await buildProductionTarget(tx, { eventId: c.event.id, recipeId: c.cookies.id })
      const gone = await buildProductionTarget(tx, {
        eventId: c.event.id,
        recipeId: c.brownies.id,
      })
      await softDelete(tx, 'productionTargets', gone.id)
      await buildProductionTarget(tx, { eventId: other.id, recipeId: c.brownies.id })
      return c
    })
    const rows = await read((tx) => listProductionTargets(tx, c.event.id))
    expect(rows.map((row) => row.recipeName)).toEqual(['Sugar cookies', 'truffles'])
  })

  it('throws NotFoundError for an unknown event', async () => {
    const { read } = makeTestDb()
    await expect(read((tx) => listProductionTargets(tx, 'nope'))).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'event',
      id: 'nope',
    })
  })
})

describe('listAssemblyTargets', () => {
  it('lists the live targets of the event by finished-good name', async () => {
    const { run, read } = makeTestDb()
    const c = await run(async (tx) => {
      const c = await catalogue(tx)
      await buildAssemblyTarget(tx, { eventId: c.event.id, finishedGoodId: c.tin.id })
      await buildAssemblyTarget(tx, { eventId: c.event.id, finishedGoodId: c.box.id })
      const gone = await buildAssemblyTarget(tx, { eventId: c.event.id, finishedGoodId: c.bag.id })
      await softDelete(tx, 'assemblyTargets', gone.id)
      return c
    })
    const rows = await read((tx) => listAssemblyTargets(tx, c.event.id))
    expect(rows.map((row) => row.finishedGoodName)).toEqual(['box', 'Tin'])
  })

  it('throws NotFoundError for a deleted event', async () => {
    const { run, read } = makeTestDb()
    const event = await run((tx) => buildEvent(tx))
    await run((tx) => softDelete(tx, 'events', event.id))
    await expect(read((tx) => listAssemblyTargets(tx, event.id))).rejects.toMatchObject({
      entity: 'event',
      id: event.id,
    })
  })
})
