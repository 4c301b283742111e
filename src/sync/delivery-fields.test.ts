/**
 * The delivery-day fields (DOMAIN §10: recipients' route, routeOrder and exclusions, ingredients'
 * allergens) on the sync wire and between tablets, including one that edits other fields only.
 */
import { describe, expect, it } from 'vitest'
import { formatHlc } from '../crdt/hlc'
import type { ChangeRecord } from '../db/change-record'
import { applyRemote } from '../db/apply-remote'
import { insert, update } from '../db/mutate'
import { makeTestDb } from '../test/make-test-db'
import { pushRequestSchema } from './wire'

const hlc = formatHlc({ wall: 1_800_000_000_000, counter: 0, node: 'tablet-a' })

function push(table: string, fields: Record<string, unknown>) {
  return pushRequestSchema.safeParse({
    protocol: 1,
    deviceId: 'tablet-a',
    changes: [{ id: 'c1', table, rowId: 'r1', fields, hlc, deviceId: 'tablet-a' }],
  })
}

describe('the sync wire', () => {
  it('carries route, route order, exclusions and allergens', () => {
    expect(
      push('recipients', { route: 'North', routeOrder: 3, exclusions: ['milk', 'tree nuts'] })
        .success,
    ).toBe(true)
    expect(push('ingredients', { allergens: ['gluten', 'sesame'] }).success).toBe(true)
  })

  it('refuses an allergen the law does not name, and a fractional route order', () => {
    expect(push('ingredients', { allergens: ['chocolate'] }).success).toBe(false)
    expect(push('recipients', { routeOrder: 1.5 }).success).toBe(false)
  })
})

describe('between tablets', () => {
  it("keeps a recipient's route and exclusions when another tablet later edits only the name", async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const c = makeTestDb({ deviceId: 'tablet-c' })
    const row = await a.run((tx) =>
      insert(tx, 'recipients', {
        name: 'Ann',
        household: 'Smiths',
        address: '1 High St',
        notes: '',
        route: 'North',
        routeOrder: 2,
        exclusions: ['peanuts'],
      }),
    )
    const fromA: ChangeRecord[] = await a.db.changes.orderBy('hlc').toArray()
    await b.run((tx) => applyRemote(tx, fromA))
    await b.run((tx) => update(tx, 'recipients', row.id, { name: 'Ann Smith' }))
    const fromB = (await b.db.changes.orderBy('hlc').toArray()).filter(
      (change) => change.deviceId === 'tablet-b',
    )
    expect(Object.keys(fromB[0]?.fields ?? {}).sort()).toEqual(['name', 'updatedAt'])
    await c.run((tx) => applyRemote(tx, [...fromB, ...fromA]))
    expect(await c.db.recipients.get(row.id)).toMatchObject({
      name: 'Ann Smith',
      route: 'North',
      routeOrder: 2,
      exclusions: ['peanuts'],
    })
  })
})
