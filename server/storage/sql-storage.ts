/**
 * `SyncStorage` over any SQL client that speaks PostgreSQL (PGlite now, `pg` later): the backend
 * supplies only `query` and `transact`; the statements (sql.ts) and the log rules live here once.
 * Appends lock the space row, so seqs are gap-free and ordered even with several server processes
 * on one database.
 */
import { changeRecordSchema, type ChangeRecord } from '../../src/sync/change-record'
import { MIGRATIONS, SQL, type ChangeRow, type SpaceRow } from './sql'
import {
  SpaceExistsError,
  SpaceNotFoundError,
  type AppendResult,
  type LoggedChange,
  type PullResult,
  type SnapshotSource,
  type SpaceRecord,
  type SyncStorage,
} from './storage'

export type Queryable = {
  query<TRow>(sql: string, params?: unknown[]): Promise<{ rows: TRow[] }>
}

export type SqlClient = Queryable & {
  /** Runs `body` in one transaction: commit on return, roll back on throw. */
  transact<T>(body: (tx: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** PostgreSQL error codes worth retrying: serialization failure, deadlock, unique race. */
const RETRYABLE = new Set(['40001', '40P01', '23505'])
const MAX_ATTEMPTS = 3

function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    RETRYABLE.has(error.code)
  )
}

/** One helper owns begin/commit/rollback and retries (STYLE §9). */
export async function transact<T>(
  client: SqlClient,
  body: (tx: Queryable) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.transact(body)
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(error)) throw error
    }
  }
}

function toLoggedChange(row: ChangeRow): LoggedChange {
  const change = changeRecordSchema.parse({
    id: row.change_id,
    table: row.table_name,
    rowId: row.row_id,
    fields: JSON.parse(row.fields) as unknown,
    hlc: row.hlc,
    deviceId: row.device_id,
  })
  return { ...change, seq: Number(row.seq) }
}

export class SqlStorage implements SyncStorage {
  private constructor(private readonly client: SqlClient) {}

  /** Brings the schema up to date, then returns the storage. */
  static async open(client: SqlClient): Promise<SqlStorage> {
    await client.query(SQL.createMigrationsTable)
    for (const migration of MIGRATIONS) {
      await transact(client, async (tx) => {
        await tx.query(SQL.lockMigrations)
        const { rows } = await tx.query<{ version: number | string }>(SQL.migrationVersion)
        if (Number(rows[0]?.version ?? 0) >= migration.version) return
        for (const statement of migration.sql.split(';')) {
          if (statement.trim()) await tx.query(statement)
        }
        await tx.query(SQL.recordMigration, [migration.version])
      })
    }
    return new SqlStorage(client)
  }

  async createSpace(space: SpaceRecord): Promise<void> {
    const { rows } = await this.client.query<{ space_id: string }>(
      `${SQL.insertSpace} RETURNING space_id`,
      [space.spaceId, space.tokenHash, space.name, space.createdAt],
    )
    if (rows.length === 0) throw new SpaceExistsError(space.spaceId)
  }

  async getSpaceTokenHash(spaceId: string): Promise<string | null> {
    const { rows } = await this.client.query<{ token_hash: string }>(SQL.spaceTokenHash, [spaceId])
    return rows[0]?.token_hash ?? null
  }

  async listSpaces(): Promise<(SpaceRecord & { latestSeq: number })[]> {
    const { rows } = await this.client.query<SpaceRow>(SQL.listSpaces)
    return rows.map((row) => ({
      spaceId: row.space_id,
      tokenHash: row.token_hash,
      name: row.name,
      createdAt: row.created_at,
      latestSeq: Number(row.last_seq),
    }))
  }

  appendChanges(spaceId: string, changes: readonly ChangeRecord[]): Promise<AppendResult> {
    return transact(this.client, async (tx) => {
      // Crucial: the row lock comes first, so no other append to this space can interleave
      // between reading last_seq and writing the new one.
      const locked = await tx.query<{ last_seq: number | string }>(SQL.lockSpace, [spaceId])
      const lockedRow = locked.rows[0]
      if (!lockedRow) throw new SpaceNotFoundError(spaceId)
      let seq = Number(lockedRow.last_seq)
      const ids = changes.map((change) => change.id)
      const existing = await tx.query<{ change_id: string }>(SQL.existingChangeIds, [spaceId, ids])
      const seen = new Set(existing.rows.map((row) => row.change_id))
      const fresh: (ChangeRecord & { seq: number })[] = []
      const duplicates: string[] = []
      for (const change of changes) {
        if (seen.has(change.id)) {
          duplicates.push(change.id)
          continue
        }
        seen.add(change.id)
        seq += 1
        fresh.push({ ...change, seq })
      }
      if (fresh.length > 0) {
        await tx.query(SQL.insertChanges, [
          spaceId,
          fresh.map((change) => change.seq),
          fresh.map((change) => change.id),
          fresh.map((change) => change.table),
          fresh.map((change) => change.rowId),
          fresh.map((change) => JSON.stringify(change.fields)),
          fresh.map((change) => change.hlc),
          fresh.map((change) => change.deviceId),
        ])
        await tx.query(SQL.setLatestSeq, [spaceId, seq])
      }
      return { accepted: fresh.map((change) => change.id), duplicates, latestSeq: seq }
    })
  }

  async pull(spaceId: string, after: number, limit: number): Promise<PullResult> {
    const { rows } = await this.client.query<ChangeRow>(SQL.changesAfter, [spaceId, after, limit])
    const changes = rows.map(toLoggedChange)
    const cursor = changes.at(-1)?.seq ?? after
    const latest = await this.latestSeq(spaceId)
    return { changes, cursor, hasMore: cursor < latest }
  }

  async snapshot(spaceId: string): Promise<SnapshotSource> {
    // Read the cursor first: the log is append-only, so everything up to it is already there.
    const cursor = await this.latestSeq(spaceId)
    const { rows } = await this.client.query<ChangeRow>(SQL.changesUpTo, [spaceId, cursor])
    return { changes: rows.map((row) => toChangeRecord(row)), cursor }
  }

  async latestSeq(spaceId: string): Promise<number> {
    const { rows } = await this.client.query<{ last_seq: number | string }>(SQL.latestSeq, [
      spaceId,
    ])
    return Number(rows[0]?.last_seq ?? 0)
  }

  async ping(): Promise<void> {
    await this.client.query(SQL.ping)
  }

  close(): Promise<void> {
    return this.client.close()
  }
}

function toChangeRecord(row: ChangeRow): ChangeRecord {
  const { seq: _seq, ...change } = toLoggedChange(row)
  return change
}
