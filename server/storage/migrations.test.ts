/**
 * The server's schema migrations (sql.ts), on the embedded store and on PostgreSQL: the list is
 * numbered without gaps, a fresh database reaches the last version, a second start applies
 * nothing, an upgrade applies only the new migration and keeps the data, and server processes
 * starting together apply each migration once.
 */
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { postgresForTests, useTestDatabases, warnSkipped } from '../testing/backends'
import { compareChanges } from '../../src/crdt/change'
import { compactChanges } from '../../src/sync/wire'
import { makeMixedChanges } from '../testing/fixtures'
import { stateChanges } from './rows'
import { MIGRATIONS, type Migration } from './sql'
import { migrate, schemaVersion, type Queryable, type SqlClient } from './sql-storage'

/** A later migration, as a future issue would add one. */
const NEXT: Migration = {
  version: MIGRATIONS.length + 1,
  sql: `ALTER TABLE spaces ADD COLUMN note text; UPDATE spaces SET note = 'migrated'`,
}

function pgliteClient(db: PGlite): SqlClient {
  const wrap = (target: Pick<PGlite, 'query'>): Queryable => ({
    async query<TRow>(sql: string, params: unknown[] = []) {
      return { rows: (await target.query<TRow>(sql, params)).rows }
    },
  })
  return {
    ...wrap(db),
    transact: (body) => db.transaction((tx) => body(wrap(tx))),
    close: () => db.close(),
  }
}

/** A minimal client over a `pg` pool (the real backend's transaction code is tested elsewhere). */
function pgClient(url: string): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  return {
    async query<TRow>(sql: string, params: unknown[] = []) {
      return { rows: (await pool.query(sql, params)).rows as TRow[] }
    },
    async transact(body) {
      const connection = await pool.connect()
      try {
        await connection.query('BEGIN')
        const value = await body({
          query: async <TRow>(sql: string, params: unknown[] = []) => ({
            rows: (await connection.query(sql, params)).rows as TRow[],
          }),
        })
        await connection.query('COMMIT')
        return value
      } catch (error) {
        await connection.query('ROLLBACK')
        throw error
      } finally {
        connection.release()
      }
    },
    close: () => pool.end(),
  }
}

describe('MIGRATIONS', () => {
  it('are numbered 1, 2, 3… in order with no gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      MIGRATIONS.map((_, index) => index + 1),
    )
  })
})

/** A client, and on PostgreSQL the URL of its database (so more clients can open it). */
type TestClient = SqlClient & { url?: string }

function describeMigrations(name: string, open: () => Promise<TestClient>, parallel: boolean) {
  describe(`migrate on ${name}`, () => {
    it('brings an empty database to the last version, and a second run applies nothing', async () => {
      const client = await open()
      try {
        expect(await schemaVersion(client)).toBe(0)
        expect(await migrate(client)).toEqual(MIGRATIONS.map((migration) => migration.version))
        expect(await schemaVersion(client)).toBe(MIGRATIONS.length)
        expect(await migrate(client)).toEqual([])
      } finally {
        await client.close()
      }
    }, 30_000)

    it('upgrades a database holding data by the new migration only, keeping the rows', async () => {
      const client = await open()
      try {
        await migrate(client)
        await client.query(
          `INSERT INTO spaces (space_id, token_hash, name, created_at) VALUES ('s', 'h', null, 'now')`,
        )
        expect(await migrate(client, [...MIGRATIONS, NEXT])).toEqual([NEXT.version])
        const { rows } = await client.query<{ space_id: string; note: string }>(
          'SELECT space_id, note FROM spaces',
        )
        expect(rows).toEqual([{ space_id: 's', note: 'migrated' }])
        expect(await schemaVersion(client)).toBe(NEXT.version)
      } finally {
        await client.close()
      }
    }, 30_000)

    it('upgrades a version-2 database with a space and devices to device credentials, keeping both', async () => {
      const client = await open()
      try {
        await migrate(client, MIGRATIONS.slice(0, 2))
        await client.query(
          `INSERT INTO spaces (space_id, token_hash, name, created_at) VALUES ('s', 'h', null, 'now')`,
        )
        await client.query(
          `INSERT INTO devices (space_id, device_id, name, first_seen_at, last_seen_at)
           VALUES ('s', 'tablet-a', 'Kitchen iPad', 't1', 't2')`,
        )
        expect(await migrate(client, MIGRATIONS.slice(0, 3))).toEqual([3])
        const { rows } = await client.query<Record<string, unknown>>(
          'SELECT device_id, name, token_hash, revoked_at FROM devices',
        )
        expect(rows).toEqual([
          { device_id: 'tablet-a', name: 'Kitchen iPad', token_hash: null, revoked_at: null },
        ])
        const spaces = await client.query<{ token_hash: string }>('SELECT token_hash FROM spaces')
        expect(spaces.rows).toEqual([{ token_hash: 'h' }])
        const invitations = await client.query('SELECT * FROM invitations')
        expect(invitations.rows).toEqual([])
      } finally {
        await client.close()
      }
    }, 30_000)

    it('upgrades a version-3 database with logged changes: each row gets the compaction of its log as its state', async () => {
      const client = await open()
      try {
        await migrate(client, MIGRATIONS.slice(0, 3))
        await client.query(
          `INSERT INTO spaces (space_id, token_hash, name, created_at, last_seq)
           VALUES ('s', 'h', null, 'now', 300), ('empty', 'h2', null, 'now', 0)`,
        )
        const changes = makeMixedChanges(4, 0, 300)
        for (const [index, change] of changes.entries())
          await client.query(
            `INSERT INTO changes (space_id, seq, change_id, table_name, row_id, fields, hlc, device_id)
             VALUES ('s', $1, $2, $3, $4, $5, $6, $7)`,
            [
              index + 1,
              change.id,
              change.table,
              change.rowId,
              JSON.stringify(change.fields),
              change.hlc,
              change.deviceId,
            ],
          )
        expect(await migrate(client, MIGRATIONS.slice(0, 4))).toEqual([4])
        const { rows } = await client.query<{
          space_id: string
          tbl: string
          row_id: string
          state: string
        }>('SELECT space_id, tbl, row_id, state FROM rows ORDER BY tbl, row_id')
        const states = rows.flatMap((row) => stateChanges(row.tbl, row.row_id, row.state))
        expect(new Set(rows.map((row) => row.space_id))).toEqual(new Set(['s']))
        expect(states.sort(compareChanges)).toEqual(compactChanges(changes))
      } finally {
        await client.close()
      }
    }, 60_000)

    it('upgrades a version-4 database with spaces to log generations, a different one per space', async () => {
      const client = await open()
      try {
        await migrate(client, MIGRATIONS.slice(0, 4))
        await client.query(
          `INSERT INTO spaces (space_id, token_hash, name, created_at, last_seq)
           VALUES ('s1', 'h', null, 'now', 7), ('s2', 'h', null, 'now', 0)`,
        )
        expect(await migrate(client)).toEqual([5, 6])
        const { rows } = await client.query<{ space_id: string; generation: string }>(
          'SELECT space_id, generation, last_seq FROM spaces ORDER BY space_id',
        )
        expect(rows.map((row) => row.space_id)).toEqual(['s1', 's2'])
        expect(rows[0]?.generation).toMatch(/^[0-9a-f-]{36}$/)
        expect(rows[0]?.generation).not.toBe(rows[1]?.generation)
      } finally {
        await client.close()
      }
    }, 30_000)

    it('upgrades a version-5 database with a log and rows by dropping their space references, keeping both', async () => {
      const client = await open()
      try {
        await migrate(client, MIGRATIONS.slice(0, 5))
        await client.query(
          `INSERT INTO spaces (space_id, token_hash, name, created_at, last_seq)
           VALUES ('s', 'h', null, 'now', 1)`,
        )
        await client.query(
          `INSERT INTO changes (space_id, seq, change_id, table_name, row_id, fields, hlc, device_id)
           VALUES ('s', 1, 'c1', 'ingredients', 'r1', '{"name":"Flour"}', 'h1', 'd1')`,
        )
        await client.query(
          `INSERT INTO rows (space_id, tbl, row_id, scope, state) VALUES ('s', 'ingredients', 'r1', 'global', '[]')`,
        )
        const references = `
          SELECT conrelid::regclass::text AS tbl FROM pg_constraint
          WHERE contype = 'f' AND conrelid::regclass::text IN ('changes', 'rows') ORDER BY 1`
        expect((await client.query<{ tbl: string }>(references)).rows).toEqual([
          { tbl: 'changes' },
          { tbl: 'rows' },
        ])
        expect(await migrate(client)).toEqual([6])
        expect((await client.query(references)).rows).toEqual([])
        const { rows: logged } = await client.query('SELECT change_id FROM changes')
        const { rows: current } = await client.query('SELECT row_id FROM rows')
        expect(logged).toEqual([{ change_id: 'c1' }])
        expect(current).toEqual([{ row_id: 'r1' }])
      } finally {
        await client.close()
      }
    }, 30_000)

    it('refuses a database that a newer server has migrated further, changing nothing', async () => {
      const client = await open()
      try {
        await migrate(client, [...MIGRATIONS, NEXT])
        await expect(migrate(client)).rejects.toThrow(
          `schema is at version ${NEXT.version}, newer than this server knows (${MIGRATIONS.length})`,
        )
        expect(await schemaVersion(client)).toBe(NEXT.version)
      } finally {
        await client.close()
      }
    }, 30_000)

    it('rolls a failing migration back whole and leaves the version where it was', async () => {
      const client = await open()
      try {
        await migrate(client)
        const broken: Migration = {
          version: MIGRATIONS.length + 1,
          sql: `ALTER TABLE spaces ADD COLUMN half text; SELECT no_such_function()`,
        }
        await expect(migrate(client, [...MIGRATIONS, broken])).rejects.toThrow()
        expect(await schemaVersion(client)).toBe(MIGRATIONS.length)
        const { rows } = await client.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns
           WHERE table_name = 'spaces' AND column_name = 'half'`,
        )
        expect(rows).toEqual([])
      } finally {
        await client.close()
      }
    }, 30_000)

    // Only PostgreSQL has other processes; an embedded store is owned by one.
    if (parallel)
      it('applies each migration once when four processes start together', async () => {
        const first = await open()
        const others = [1, 2, 3].map(() => openAt(first.url))
        const clients = [first, ...others]
        try {
          const applied = await Promise.all(
            clients.map((client) => migrate(client, [...MIGRATIONS, NEXT])),
          )
          expect(applied.flat().sort()).toEqual([...MIGRATIONS, NEXT].map((m) => m.version).sort())
          expect(await schemaVersion(first)).toBe(NEXT.version)
        } finally {
          for (const client of clients) await client.close()
        }
      }, 30_000)
  })
}

describeMigrations('PGlite', async () => pgliteClient(await PGlite.create()), false)

const postgres = postgresForTests()
if (!postgres.available) warnSkipped('the migration tests', postgres.reason)

function openAt(url: string | undefined): TestClient {
  if (!url) throw new Error('no database url')
  return Object.assign(pgClient(url), { url })
}

describe.skipIf(!postgres.available)('PostgreSQL', () => {
  const newDatabase = useTestDatabases('migrate')
  describeMigrations('PostgreSQL', async () => openAt((await newDatabase()).url), true)
})
