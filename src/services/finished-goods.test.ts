import { describe, expect, it } from 'vitest'
import type { Tx } from '../db/tx'
import {
  buildAssemblyRun,
  buildAssemblyTarget,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildRecipe,
  softDelete,
} from '../test/builders'
import { describeCatalogueBasics, expectRolledBack } from '../test/catalogue-contract'
import { makeTestDb } from '../test/make-test-db'
import { CycleError, InUseError, NotFoundError, ValidationError } from './errors'
import {
  createFinishedGood,
  deleteFinishedGood,
  getFinishedGood,
  listFinishedGoods,
  updateFinishedGood,
} from './finished-goods'

describeCatalogueBasics({
  noun: 'finished good',
  entity: 'finishedGood',
  table: 'finishedGoods',
  build: (tx, name) => buildFinishedGood(tx, name === undefined ? {} : { name }),
  get: getFinishedGood,
  list: listFinishedGoods,
  remove: deleteFinishedGood,
  create: (tx, name) => createFinishedGood(tx, { name, components: [] }),
})

/** Cookies at 0.25 each (3.00 batch ÷ 12), truffles at 0.50 each (6.00 batch ÷ 12). */
async function units(tx: Tx) {
  const flour = await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 1_000_000 })
  const cookies = await buildRecipe(tx, {
    name: 'Cookies',
    ingredients: [{ ingredientId: flour.id, quantity: 3, unit: 'kg' }],
  })
  const truffles = await buildRecipe(tx, {
    name: 'Truffles',
    ingredients: [{ ingredientId: flour.id, quantity: 6, unit: 'kg' }],
  })
  const cookie = await buildFinishedUnit(tx, {
    name: 'Cookie',
    recipeId: cookies.id,
    itemsPerBatch: 12,
  })
  const truffle = await buildFinishedUnit(tx, {
    name: 'Truffle',
    recipeId: truffles.id,
    itemsPerBatch: 12,
  })
  return { cookie, truffle }
}

describe('createFinishedGood', () => {
  it('stores a tin of 6 cookies and a nested box of 2 truffles, named, at 6 × 0.25 + 2 × 0.50 = 2.50', async () => {
    const { run, read } = makeTestDb()
    const { tin, box, u } = await run(async (tx) => {
      const u = await units(tx)
      const box = await createFinishedGood(tx, {
        name: 'Truffle box',
        components: [{ kind: 'unit', id: u.truffle.id, quantity: 2 }],
      })
      const tin = await createFinishedGood(tx, {
        name: ' Cookie tin ',
        components: [
          { kind: 'unit', id: u.cookie.id, quantity: 6 },
          { kind: 'good', id: box.id, quantity: 1 },
        ],
      })
      return { tin, box, u }
    })
    expect(box.costPerItem).toBe('1.00')
    expect(tin).toMatchObject({
      name: 'Cookie tin',
      costPerItem: '2.50',
      components: [
        { kind: 'unit', id: u.cookie.id, name: 'Cookie', quantity: 6 },
        { kind: 'good', id: box.id, name: 'Truffle box', quantity: 1 },
      ],
    })
    expect(await read((tx) => getFinishedGood(tx, tin.id))).toEqual(tin)
  })

  it('accepts an empty bundle costing 0.00', async () => {
    const { run } = makeTestDb()
    const good = await run((tx) => createFinishedGood(tx, { name: 'Empty', components: [] }))
    expect(good).toMatchObject({ components: [], costPerItem: '0.00' })
  })

  it.each([0, -1, 1.5])('refuses a component quantity of %s', async (quantity) => {
    const { run } = makeTestDb()
    const u = await run(units)
    const attempt = run((tx) =>
      createFinishedGood(tx, {
        name: 'X',
        components: [{ kind: 'unit', id: u.cookie.id, quantity }],
      }),
    )
    await expect(attempt).rejects.toBeInstanceOf(ValidationError)
    await expect(attempt).rejects.toMatchObject({ field: 'components.0.quantity' })
  })

  it('refuses the same component twice', async () => {
    const { run } = makeTestDb()
    const u = await run(units)
    await expect(
      run((tx) =>
        createFinishedGood(tx, {
          name: 'X',
          components: [
            { kind: 'unit', id: u.cookie.id, quantity: 1 },
            { kind: 'unit', id: u.truffle.id, quantity: 1 },
            { kind: 'unit', id: u.cookie.id, quantity: 2 },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'components.2.id' })
  })

  it('refuses an unknown kind and an empty name', async () => {
    const { run } = makeTestDb()
    await expect(
      run((tx) =>
        createFinishedGood(tx, {
          name: 'X',
          components: [{ kind: 'box' as never, id: 'a', quantity: 1 }],
        }),
      ),
    ).rejects.toMatchObject({ field: 'components.0.kind' })
    await expect(
      run((tx) => createFinishedGood(tx, { name: ' ', components: [] })),
    ).rejects.toMatchObject({ field: 'name' })
  })

  it('refuses missing or deleted finished units and goods with NotFoundError', async () => {
    const { run } = makeTestDb()
    const { u, gone } = await run(async (tx) => {
      const u = await units(tx)
      await softDelete(tx, 'finishedUnits', u.truffle.id)
      const gone = await buildFinishedGood(tx)
      await softDelete(tx, 'finishedGoods', gone.id)
      return { u, gone }
    })
    const cases = [
      { kind: 'unit' as const, id: u.truffle.id, entity: 'finishedUnit' },
      { kind: 'unit' as const, id: 'nope', entity: 'finishedUnit' },
      { kind: 'good' as const, id: gone.id, entity: 'finishedGood' },
      { kind: 'good' as const, id: 'nope', entity: 'finishedGood' },
    ]
    for (const { kind, id, entity } of cases) {
      await expect(
        run((tx) => createFinishedGood(tx, { name: 'X', components: [{ kind, id, quantity: 1 }] })),
      ).rejects.toMatchObject({ name: 'NotFoundError', entity, id })
    }
  })

  it('refuses a name a live finished good has, ignoring case, but not a deleted one', async () => {
    const { run } = makeTestDb()
    const live = await run(async (tx) => {
      const live = await buildFinishedGood(tx, { name: 'Tin' })
      const gone = await buildFinishedGood(tx, { name: 'Box' })
      await softDelete(tx, 'finishedGoods', gone.id)
      return live
    })
    await expect(
      run((tx) => createFinishedGood(tx, { name: 'TIN', components: [] })),
    ).rejects.toMatchObject({
      name: 'DuplicateNameError',
      entity: 'finishedGood',
      existingId: live.id,
    })
    await run((tx) => createFinishedGood(tx, { name: 'box', components: [] }))
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const u = await testDb.run(units)
    await expectRolledBack(testDb, (tx) =>
      createFinishedGood(tx, {
        name: 'Gone',
        components: [{ kind: 'unit', id: u.cookie.id, quantity: 3 }],
      }),
    )
  })
})

describe('updateFinishedGood', () => {
  it('replaces the components, keeps the name and reprices', async () => {
    const { run } = makeTestDb()
    const { good, u } = await run(async (tx) => {
      const u = await units(tx)
      const good = await createFinishedGood(tx, {
        name: 'Tin',
        components: [{ kind: 'unit', id: u.cookie.id, quantity: 6 }],
      })
      return { good, u }
    })
    const updated = await run((tx) =>
      updateFinishedGood(tx, {
        id: good.id,
        components: [{ kind: 'unit', id: u.truffle.id, quantity: 3 }],
      }),
    )
    expect(updated).toMatchObject({
      name: 'Tin',
      costPerItem: '1.50',
      components: [{ kind: 'unit', id: u.truffle.id, name: 'Truffle', quantity: 3 }],
    })
  })

  it('refuses a good that contains itself directly with CycleError [A, A]', async () => {
    const { run } = makeTestDb()
    const a = await run((tx) => buildFinishedGood(tx, { name: 'A' }))
    const attempt = run((tx) =>
      updateFinishedGood(tx, { id: a.id, components: [{ kind: 'good', id: a.id, quantity: 1 }] }),
    )
    await expect(attempt).rejects.toBeInstanceOf(CycleError)
    await expect(attempt).rejects.toMatchObject({ path: [a.id, a.id] })
  })

  it('refuses a 2-step cycle: A contains B, then B may not contain A', async () => {
    const { run } = makeTestDb()
    const { a, b } = await run(async (tx) => {
      const b = await buildFinishedGood(tx, { name: 'B' })
      const a = await buildFinishedGood(tx, {
        name: 'A',
        components: [{ kind: 'good', id: b.id, quantity: 1 }],
      })
      return { a, b }
    })
    await expect(
      run((tx) =>
        updateFinishedGood(tx, { id: b.id, components: [{ kind: 'good', id: a.id, quantity: 2 }] }),
      ),
    ).rejects.toMatchObject({ name: 'CycleError', path: [b.id, a.id, b.id] })
  })

  it('refuses a 3-step cycle: A ⊃ B ⊃ C, then C may not contain A', async () => {
    const { run } = makeTestDb()
    const { a, b, c } = await run(async (tx) => {
      const c = await buildFinishedGood(tx, { name: 'C' })
      const b = await buildFinishedGood(tx, {
        name: 'B',
        components: [{ kind: 'good', id: c.id, quantity: 1 }],
      })
      const a = await buildFinishedGood(tx, {
        name: 'A',
        components: [{ kind: 'good', id: b.id, quantity: 1 }],
      })
      return { a, b, c }
    })
    await expect(
      run((tx) =>
        updateFinishedGood(tx, { id: c.id, components: [{ kind: 'good', id: a.id, quantity: 1 }] }),
      ),
    ).rejects.toMatchObject({ name: 'CycleError', path: [c.id, a.id, b.id, c.id] })
  })

  it('allows a diamond (two goods sharing one inner good), which is not a cycle', async () => {
    const { run } = makeTestDb()
    const { top, left, right } = await run(async (tx) => {
      const inner = await buildFinishedGood(tx, { name: 'Inner' })
      const left = await buildFinishedGood(tx, {
        name: 'Left',
        components: [{ kind: 'good', id: inner.id, quantity: 1 }],
      })
      const right = await buildFinishedGood(tx, {
        name: 'Right',
        components: [{ kind: 'good', id: inner.id, quantity: 1 }],
      })
      const top = await buildFinishedGood(tx, { name: 'Top' })
      return { top, left, right }
    })
    const updated = await run((tx) =>
      updateFinishedGood(tx, {
        id: top.id,
        components: [
          { kind: 'good', id: left.id, quantity: 1 },
          { kind: 'good', id: right.id, quantity: 1 },
        ],
      }),
    )
    expect(updated.components.map((component) => component.name)).toEqual(['Left', 'Right'])
  })

  it('refuses a taken name, bad components and an unknown or deleted good', async () => {
    const { run } = makeTestDb()
    const { good, other, gone } = await run(async (tx) => {
      const good = await buildFinishedGood(tx, { name: 'Tin' })
      const other = await buildFinishedGood(tx, { name: 'Box' })
      const gone = await buildFinishedGood(tx, { name: 'Gone' })
      await softDelete(tx, 'finishedGoods', gone.id)
      return { good, other, gone }
    })
    await expect(
      run((tx) => updateFinishedGood(tx, { id: good.id, name: 'box' })),
    ).rejects.toMatchObject({ name: 'DuplicateNameError', existingId: other.id })
    await expect(
      run((tx) =>
        updateFinishedGood(tx, {
          id: good.id,
          components: [{ kind: 'good', id: gone.id, quantity: 1 }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedGood', id: gone.id })
    await expect(
      run((tx) =>
        updateFinishedGood(tx, {
          id: good.id,
          components: [{ kind: 'good', id: other.id, quantity: 0 }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'components.0.quantity' })
    await expect(
      run((tx) => updateFinishedGood(tx, { id: gone.id, name: 'X' })),
    ).rejects.toMatchObject({ name: 'NotFoundError', entity: 'finishedGood', id: gone.id })
    await expect(
      run((tx) => updateFinishedGood(tx, { id: 'nope', name: 'X' })),
    ).rejects.toBeInstanceOf(NotFoundError)
  })

  it('leaves nothing behind when the action throws after it', async () => {
    const testDb = makeTestDb()
    const { good, u } = await testDb.run(async (tx) => ({
      u: await units(tx),
      good: await buildFinishedGood(tx, { name: 'Tin' }),
    }))
    await expectRolledBack(testDb, (tx) =>
      updateFinishedGood(tx, {
        id: good.id,
        name: 'Box',
        components: [{ kind: 'unit', id: u.cookie.id, quantity: 1 }],
      }),
    )
  })
})

describe('deleteFinishedGood', () => {
  it('hides the good; its assembly runs (history) do not block', async () => {
    const { db, run, read } = makeTestDb()
    const good = await run(async (tx) => {
      const good = await buildFinishedGood(tx)
      await buildAssemblyRun(tx, { finishedGoodId: good.id })
      return good
    })
    await run((tx) => deleteFinishedGood(tx, good.id))
    expect((await db.finishedGoods.get(good.id))?.deletedAt).not.toBeNull()
    expect(await read((tx) => listFinishedGoods(tx))).toEqual([])
  })

  it('refuses while a live good, package or assembly target uses it, naming them; deleted users do not count', async () => {
    const { run } = makeTestDb()
    const { inner, outer, pkg, target } = await run(async (tx) => {
      const inner = await buildFinishedGood(tx, { name: 'Inner' })
      const component = { kind: 'good' as const, id: inner.id, quantity: 1 }
      const outer = await buildFinishedGood(tx, { name: 'Outer', components: [component] })
      const oldGood = await buildFinishedGood(tx, { name: 'Old', components: [component] })
      await softDelete(tx, 'finishedGoods', oldGood.id)
      const contents = [{ finishedGoodId: inner.id, quantity: 2 }]
      const pkg = await buildPackage(tx, { name: 'Gift', contents })
      const oldPkg = await buildPackage(tx, { name: 'Old gift', contents })
      await softDelete(tx, 'packages', oldPkg.id)
      const event = await buildEvent(tx, { name: 'Christmas 2026' })
      const target = await buildAssemblyTarget(tx, { eventId: event.id, finishedGoodId: inner.id })
      const past = await buildEvent(tx, { name: 'Christmas 2025' })
      const oldTarget = await buildAssemblyTarget(tx, {
        eventId: past.id,
        finishedGoodId: inner.id,
      })
      await softDelete(tx, 'assemblyTargets', oldTarget.id)
      return { inner, outer, pkg, target }
    })
    const attempt = run((tx) => deleteFinishedGood(tx, inner.id))
    await expect(attempt).rejects.toBeInstanceOf(InUseError)
    await expect(attempt).rejects.toMatchObject({
      entity: 'finishedGood',
      id: inner.id,
      usedBy: [
        { entity: 'finishedGood', id: outer.id, name: 'Outer' },
        { entity: 'package', id: pkg.id, name: 'Gift' },
        { entity: 'assemblyTarget', id: target.id, name: 'Christmas 2026' },
      ],
    })
  })
})
