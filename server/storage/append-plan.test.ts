/**
 * The append's read (sql.ts `appendRead`) must stay a lookup per key: its input is JSON, of which
 * the planner knows no size, and a hash join over the whole space's log and rows would make every
 * push cost as much as the space is large. Checked on the plan PGlite chooses for a filled space.
 */
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeMixedChanges } from '../testing/fixtures'
import { rowKeysOf } from './rows'
import { SQL } from './sql'
import { SqlStorage } from './sql-storage'
import { pgliteClient } from './pglite-storage'

type PlanNode = {
  'Node Type': string
  'Relation Name'?: string
  'Index Cond'?: string
  Plans?: PlanNode[]
}

function scansOf(node: PlanNode): PlanNode[] {
  const own = node['Relation Name'] ? [node] : []
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)]
}

describe('the append read', () => {
  let db: PGlite
  beforeAll(async () => {
    db = await PGlite.create()
    const storage = await SqlStorage.open(pgliteClient(db))
    await storage.createSpace({ spaceId: 's', tokenHash: 'h', name: null, createdAt: 'now' })
    for (let batch = 0; batch < 6; batch += 1)
      await storage.appendChanges('s', makeMixedChanges(batch + 1, batch * 500, 500))
  }, 120_000)
  afterAll(async () => {
    await db.close()
  })

  it('looks up each id in the log and each key in the rows by index, scanning neither', async () => {
    const batch = makeMixedChanges(99, 2000, 500)
    const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${SQL.appendRead}`,
      ['s', JSON.stringify(batch.map((change) => change.id)), JSON.stringify(rowKeysOf(batch))],
    )
    const plan = rows[0]?.['QUERY PLAN'][0].Plan
    if (!plan) throw new Error('no plan')
    const scans = scansOf(plan)
    expect(scans.map((scan) => scan['Relation Name']).sort()).toEqual(['changes', 'rows'])
    for (const scan of scans) {
      expect(scan['Node Type']).toMatch(/Index/)
      expect(scan['Index Cond']).toMatch(scan['Relation Name'] === 'rows' ? /row_id/ : /change_id/)
    }
  }, 60_000)
})
