import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { getDeliveryList } from '../../services/delivery'
import { getIngredient, updateIngredient } from '../../services/ingredients'
import { getRecipient, updateRecipient } from '../../services/recipients'
import { makeTestDb, snapshotAll } from '../../test/make-test-db'
import { seedEveryTable } from '../../test/seed-every-table'
import { createDatabase } from '../database'
import { ALL_TABLES } from '../tables'
import { CURRENT_SCHEMA_VERSION, VERSIONS } from '../versions'

let counter = 0
const NEW_FIELDS = ['route', 'routeOrder', 'exclusions', 'allergens']

describe('upgrade from version 4 to 5 (delivery fields)', () => {
  it('keeps every row of a version 4 tablet, which reads with no route, exclusions or allergens', async () => {
    const source = makeTestDb()
    const { eventId } = await source.run((tx) => seedEveryTable(tx))
    const rows = await snapshotAll(source.db)
    // Version 4 rows never had the new fields.
    for (const table of ['recipients', 'ingredients']) {
      rows[table] = (rows[table] ?? []).map((row) =>
        Object.fromEntries(
          Object.entries(row as object).filter(([field]) => !NEW_FIELDS.includes(field)),
        ),
      )
    }
    const name = `upgrade-v5-${++counter}-${Date.now()}`
    const v4 = new Dexie(name)
    v4.version(4).stores(VERSIONS.find((declaration) => declaration.version === 4)!.stores)
    await v4.open()
    await v4.transaction('rw', v4.tables, async () => {
      for (const table of v4.tables) await table.bulkAdd(rows[table.name] ?? [])
    })
    v4.close()

    const upgraded = createDatabase(name, {
      deviceId: 'device-test',
      now: () => Date.parse('2026-11-02T09:00:00Z'),
    })
    try {
      await upgraded.open()
      expect(upgraded.verno).toBe(CURRENT_SCHEMA_VERSION)
      const after = await snapshotAll(upgraded)
      for (const table of Object.keys(rows)) expect(after[table], table).toEqual(rows[table])
      const recipientId = (rows.recipients?.[0] as { id: string }).id
      const ingredientId = (rows.ingredients?.[0] as { id: string }).id
      const read = await upgraded.transaction('r', [...ALL_TABLES], async (tx) => ({
        recipient: await getRecipient(tx, recipientId),
        ingredient: await getIngredient(tx, ingredientId),
        deliveries: await getDeliveryList(tx, eventId),
      }))
      expect(read.recipient).toMatchObject({ route: '', routeOrder: null, exclusions: [] })
      expect(read.ingredient.allergens).toEqual([])
      expect(read.deliveries.every((row) => row.route === '' && row.conflicts.length === 0)).toBe(
        true,
      )
      // And the old rows take the new fields.
      await upgraded.transaction('rw', [...ALL_TABLES], async (tx) => {
        await updateRecipient(tx, { id: recipientId, route: 'North', exclusions: ['gluten'] })
        await updateIngredient(tx, { id: ingredientId, allergens: ['gluten'] })
      })
      const conflicts = await upgraded.transaction('r', [...ALL_TABLES], (tx) =>
        getDeliveryList(tx, eventId),
      )
      expect(conflicts.filter((row) => row.conflicts.includes('gluten')).length).toBeGreaterThan(0)
    } finally {
      await upgraded.delete()
    }
  })
})
