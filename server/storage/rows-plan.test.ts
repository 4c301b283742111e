/**
 * The snapshot's pages (rows.ts `ROWS_SQL.page`) must walk the rows' primary key from the cursor
 * and stop at the page's last row. Without statistics (PGlite never analyzes) the planner reads
 * every row after the cursor and sorts them, once per page; the storage keeps the statistics
 * fresh (sql-storage.ts `refreshStatistics`). Checked on both backends for a space filled by pushes.
 */
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { ChangeRecord } from '../../src/sync/wire'
import { postgresForTests, useTestDatabases, warnSkipped } from '../testing/backends'
import { makeMixedChanges } from '../testing/fixtures'
import { openPostgresStorage } from './pg-storage'
import { ROWS_SQL, rowKeysOf } from './rows'
import { SQL } from './sql'
import { SqlStorage } from './sql-storage'
import { pgliteClient } from './pglite-storage'

type PlanNode = {
  'Node Type': string
  'Relation Name'?: string
  'Index Name'?: string
  Plans?: PlanNode[]
}
type Explain = (sql: string, params: unknown[]) => Promise<PlanNode>

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

/** 20,000 changes to 20,000 distinct rows, as a big space's history fills `rows`. */
function distinctRows(batch: number): ChangeRecord[] {
  return Array.from({ length: 500 }, (_, index) => {
    const n = batch * 500 + index
    const [template] = makeMixedChanges(n, n, 1)
    if (!template) throw new Error('no change')
    return {
      ...template,
      id: `distinct-${n}`,
      table: n % 3 === 0 ? 'productionRuns' : 'statusChanges',
      rowId: `row-${String(n).padStart(6, '0')}`,
      fields: { note: `n ${n}` },
    }
  })
}

function checksPlans(
  open: () => Promise<{ storage: SqlStorage; explain: Explain; close: () => Promise<void> }>,
) {
  it('reads a page as an index walk from the cursor, with no sort, once the first page was served', async () => {
    const { storage, explain, close } = await open()
    try {
      await storage.createSpace({ spaceId: 's', tokenHash: 'h', name: null, createdAt: 'now' })
      for (let batch = 0; batch < 40; batch += 1)
        await storage.appendChanges('s', distinctRows(batch))
      const first = await storage.rowsPage('s', {}, null, 1000)
      expect(first.rows).toHaveLength(1000)

      const plan = await explain(ROWS_SQL.page, [
        's',
        null,
        [],
        'productionRuns',
        'row-003000',
        1000,
      ])
      const nodes = nodesOf(plan)
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort')
      const scans = nodes.filter((node) => node['Relation Name'])
      expect(scans).toHaveLength(1)
      expect(scans[0]?.['Node Type']).toBe('Index Scan')
      expect(scans[0]?.['Index Name']).toBe('rows_pkey')

      // The statistics must not turn the append's read into a scan either (append-plan.test.ts).
      const batch = distinctRows(99)
      const append = await explain(SQL.appendRead, [
        's',
        JSON.stringify(batch.map((change) => change.id)),
        JSON.stringify(rowKeysOf(batch)),
      ])
      for (const scan of nodesOf(append).filter((node) => node['Relation Name']))
        expect(scan['Node Type']).toMatch(/Index/)
    } finally {
      await close()
    }
  }, 120_000)
}

const jsonPlan = (rows: { 'QUERY PLAN': unknown }[]): PlanNode => {
  const [first] = rows
  const parsed = (
    typeof first?.['QUERY PLAN'] === 'string'
      ? JSON.parse(first['QUERY PLAN'])
      : first?.['QUERY PLAN']
  ) as [{ Plan: PlanNode }] | undefined
  if (!parsed) throw new Error('no plan')
  return parsed[0].Plan
}

describe('the snapshot page on PGlite', () => {
  checksPlans(async () => {
    const db = await PGlite.create()
    const storage = await SqlStorage.open(pgliteClient(db))
    return {
      storage,
      explain: async (sql, params) =>
        jsonPlan(
          (await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params)).rows,
        ),
      close: () => storage.close(),
    }
  })
})

const postgres = postgresForTests()
if (!postgres.available) warnSkipped('the snapshot page plan', postgres.reason)

describe.skipIf(!postgres.available)('the snapshot page on PostgreSQL', () => {
  const newDatabase = useTestDatabases('rowsplan')
  checksPlans(async () => {
    const { url } = await newDatabase()
    const storage = await openPostgresStorage({ connectionString: url })
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    return {
      storage,
      explain: async (sql, params) =>
        jsonPlan(
          (await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params))
            .rows,
        ),
      close: async () => {
        await client.end()
        await storage.close()
      },
    }
  })
})
