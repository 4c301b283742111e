import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { formatHlc, parseHlc } from '../crdt/hlc'
import { makeTestDb } from '../test/make-test-db'
import { newestClockDifference } from '../test/newest-clock-check'
import { seedEveryTable } from '../test/seed-every-table'
import { applyRemote } from './apply-remote'
import { createDatabase } from './database'
import { insert, insertMany, update } from './mutate'
import { NEWEST_CLOCK_KEY, newestOf } from './newest-clock'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from './versions'

const keptClock = async (db: {
  meta: { get(key: string): Promise<{ value: unknown } | undefined> }
}) => (await db.meta.get(NEWEST_CLOCK_KEY))?.value
const newestState = async (t: ReturnType<typeof makeTestDb>) =>
  (await t.db.rowStates.orderBy('hlc').last())?.hlc

describe('the newest state clock kept in meta', () => {
  it('is the newest state clock after local writes, bulk writes and a remote change from a clock ahead', async () => {
    const t = makeTestDb()
    const recipe = await t.run((tx) =>
      insert(tx, 'recipes', { name: 'Shortbread', ingredients: [], notes: '' }),
    )
    expect(await keptClock(t.db)).toBe(await newestState(t))
    await t.run((tx) => update(tx, 'recipes', recipe.id, { notes: 'Chill the dough' }))
    expect(await keptClock(t.db)).toBe(await newestState(t))
    await t.run((tx) =>
      insertMany(tx, 'ingredients', [
        { name: 'Flour', unit: 'g', unitCost: 0, density: null },
        { name: 'Butter', unit: 'g', unitCost: 0, density: null },
      ]),
    )
    expect(await keptClock(t.db)).toBe(await newestState(t))
    const local = parseHlc((await newestState(t))!)
    const ahead = formatHlc({ wall: local.wall + 60_000, counter: 0, node: 'tablet-other' })
    await t.run((tx) =>
      applyRemote(tx, [
        {
          id: 'remote-1',
          table: 'recipes',
          rowId: recipe.id,
          fields: { notes: 'Bake at 160' },
          hlc: ahead,
          deviceId: 'tablet-other',
        },
      ]),
    )
    expect(await keptClock(t.db)).toBe(ahead)
    expect(await newestClockDifference(t.db)).toBeNull()
  })

  it('is where a reopened database takes its clock from, not the states', async () => {
    const t = makeTestDb()
    await t.run((tx) => insert(tx, 'recipes', { name: 'Gingerbread', ingredients: [], notes: '' }))
    const stateClock = parseHlc((await newestState(t))!)
    const later = formatHlc({ wall: stateClock.wall + 3_600_000, counter: 7, node: 'device-test' })
    await t.db.meta.put({ key: NEWEST_CLOCK_KEY, value: later })
    t.db.close()
    // The tablet starts again: a new handle on the same database.
    const restarted = createDatabase(t.db.name, {
      deviceId: 'device-test',
      now: () => stateClock.wall,
    })
    try {
      await restarted.open()
      // The clock goes on from the kept value (an hour past every state's), so it was read there.
      const next = restarted.clock.next()
      expect(next > later, `${next} after ${later}`).toBe(true)
    } finally {
      restarted.close()
    }
  })

  it('never runs behind the states when a write is rolled back', async () => {
    const t = makeTestDb()
    await t.run((tx) => insert(tx, 'recipes', { name: 'Stollen', ingredients: [], notes: '' }))
    await expect(
      t.run(async (tx) => {
        await insert(tx, 'recipes', { name: 'Panettone', ingredients: [], notes: '' })
        throw new Error('the action failed after its write')
      }),
    ).rejects.toThrow('the action failed after its write')
    await t.run((tx) => insert(tx, 'recipes', { name: 'Lebkuchen', ingredients: [], notes: '' }))
    expect(await newestClockDifference(t.db)).toBeNull()
  })

  it('newestOf takes the newest of a known clock and more', () => {
    expect(newestOf(undefined, [])).toBeUndefined()
    expect(newestOf('b', ['a', 'c'])).toBe('c')
    expect(newestOf('c', ['a', 'b'])).toBe('c')
  })
})

describe('upgrade from version 10 to 11 (newest state clock in meta)', () => {
  it('keeps every record of a version 10 tablet and stores its newest state clock, which its clock goes on from', async () => {
    const source = makeTestDb({ deviceId: 'tablet-v10' })
    await source.run((tx) => seedEveryTable(tx))
    const newest = await newestState(source)
    expect(newest).toBeDefined()
    const rows: Record<string, unknown[]> = {}
    for (const table of source.db.tables) rows[table.name] = await table.toArray()
    rows.meta = [{ key: 'deviceId', value: 'tablet-v10' }]

    // Version 10 as it stored things: no newest clock in meta (a state read back through the
    // codec is stored in the older object form, which version 10 reads as it is).
    const name = `upgrade-v11-${Date.now()}-${Math.random().toString(36).slice(2)}`
    const v10 = new Dexie(name)
    v10.version(10).stores(VERSIONS.find((declaration) => declaration.version === 10)!.stores)
    await v10.open()
    await v10.transaction('rw', v10.tables, async () => {
      for (const table of v10.tables) await table.bulkAdd(rows[table.name] ?? [])
    })
    v10.close()

    const upgraded = createDatabase(name)
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      expect(await keptClock(upgraded)).toBe(newest)
      for (const table of upgraded.tables) {
        if (table.name === 'meta') continue
        expect(await table.toArray(), table.name).toEqual(rows[table.name])
      }
      expect(upgraded.clock.next() > newest!).toBe(true)
    } finally {
      upgraded.close()
      await upgraded.delete()
    }
  })
})
