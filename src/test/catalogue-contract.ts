/**
 * What every catalogue entity (ingredients, recipes, finished units and goods, packages,
 * recipients) promises alike: get and delete refuse an unknown or deleted id with a NotFoundError
 * naming it, the list hides deleted rows and sorts names as a person would, a delete whose action
 * fails later leaves nothing behind, and (where names are unique) a name differing only in case is
 * refused. Defined once here; each entity's test file runs it with its own services.
 */
import { describe, expect, it } from 'vitest'
import type { DomainTableName } from '../db/tables'
import type { Tx } from '../db/tx'
import { DuplicateNameError, NotFoundError } from '../services/errors'
import { softDelete } from './builders'
import { makeTestDb, snapshotAll, type TestDb } from './make-test-db'

/** `write` runs in an action that then fails: every table is as it was before. */
export async function expectRolledBack(
  testDb: TestDb,
  write: (tx: Tx) => Promise<unknown>,
): Promise<void> {
  const before = await snapshotAll(testDb.db)
  await expect(
    testDb.run(async (tx) => {
      await write(tx)
      throw new Error('later step failed')
    }),
  ).rejects.toThrow('later step failed')
  expect(await snapshotAll(testDb.db)).toEqual(before)
}

export type CatalogueEntity = {
  /** As the test names say it: 'package', 'finished good'. */
  noun: string
  /** The `entity` a NotFoundError carries. */
  entity: string
  table: DomainTableName
  /** One live row with whatever it needs, named `name` when given (builders, no validation). */
  build: (tx: Tx, name?: string) => Promise<{ id: string }>
  get: (tx: Tx, id: string) => Promise<unknown>
  list: (tx: Tx) => Promise<readonly { name: string }[]>
  remove: (tx: Tx, id: string) => Promise<unknown>
  /** Creates a row named `name` through the service; absent where names need not be unique. */
  create?: (tx: Tx, name: string) => Promise<unknown>
}

/** Names built live, in this order, and how the list must show them (one more is deleted). */
const LIVE_NAMES = ['zoe 3', 'Box 10', 'Émile', 'Box 2']
const LISTED_NAMES = ['Box 2', 'Box 10', 'Émile', 'zoe 3']

export function describeCatalogueBasics(subject: CatalogueEntity): void {
  const { noun, entity, table } = subject

  describe(`${noun}: what every catalogue entity promises`, () => {
    it(`get throws a NotFoundError naming the id of an unknown or deleted ${noun}`, async () => {
      const { run, read } = makeTestDb()
      const gone = await run(async (tx) => {
        const gone = await subject.build(tx)
        await softDelete(tx, table, gone.id)
        return gone
      })
      await expect(read((tx) => subject.get(tx, gone.id))).rejects.toMatchObject({
        name: 'NotFoundError',
        entity,
        id: gone.id,
      })
      await expect(read((tx) => subject.get(tx, 'nope'))).rejects.toMatchObject({
        name: 'NotFoundError',
        entity,
        id: 'nope',
      })
    })

    it(`the list orders live ${noun} names with the collator and hides deleted ones`, async () => {
      const { run, read } = makeTestDb()
      await run(async (tx) => {
        for (const name of LIVE_NAMES) await subject.build(tx, name)
        const gone = await subject.build(tx, 'Aaron')
        await softDelete(tx, table, gone.id)
      })
      const names = (await read((tx) => subject.list(tx))).map((row) => row.name)
      expect(names).toEqual(LISTED_NAMES)
    })

    it(`delete throws NotFoundError for an unknown or already deleted ${noun}`, async () => {
      const { run } = makeTestDb()
      const row = await run((tx) => subject.build(tx))
      await run((tx) => subject.remove(tx, row.id))
      await expect(run((tx) => subject.remove(tx, row.id))).rejects.toBeInstanceOf(NotFoundError)
      await expect(run((tx) => subject.remove(tx, 'nope'))).rejects.toBeInstanceOf(NotFoundError)
    })

    it(`a delete of a ${noun} leaves nothing behind when its action fails later`, async () => {
      const testDb = makeTestDb()
      const row = await testDb.run((tx) => subject.build(tx))
      await expectRolledBack(testDb, (tx) => subject.remove(tx, row.id))
    })

    const create = subject.create
    if (create) {
      it(`refuses a ${noun} name that differs from a live one only in case`, async () => {
        const { run } = makeTestDb()
        await run((tx) => subject.build(tx, 'Gift A'))
        await expect(run((tx) => create(tx, 'gift a'))).rejects.toBeInstanceOf(DuplicateNameError)
      })
    }
  })
}
