/**
 * `SyncStorage` over any SQL client that speaks PostgreSQL (PGlite, or PostgreSQL through `pg`):
 * the backend supplies only `query` and `transact`; the statements (sql.ts), the migrations and
 * the log rules live here once. Appends lock the space row, so seqs are gap-free and ordered even
 * with several server processes on one database.
 */
import type { ChangeRecord } from '../../src/sync/wire'
import {
  MIGRATIONS,
  SQL,
  type ChangeRow,
  type DeviceRow,
  type Migration,
  type SpaceRow,
} from './sql'
import {
  changeOfLogRow,
  countRows,
  planRows,
  readRowsPage,
  rowKeysOf,
  type AppendReadRow,
  type StoredRow,
} from './rows'
import {
  type ChangeFeed,
  type DeviceBackup,
  type DeviceRecord,
  SpaceExistsError,
  SpaceNotFoundError,
  type AppendResult,
  type LoggedChange,
  type PullResult,
  type RedeemResult,
  type RestoredSpace,
  type RowKey,
  type RowsFilter,
  type RowsPage,
  type SnapshotSource,
  type SpaceLog,
  type SpaceRestore,
  SpaceTokenMismatchError,
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
/** Changes per insert statement while restoring (bounded parameter arrays). */
const RESTORE_CHUNK = 1000

function isPgCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code
}

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

/** A row of the changes table as the change it stores, validated. */
export function toLoggedChange(row: ChangeRow): LoggedChange {
  return { ...changeOfLogRow(row), seq: Number(row.seq) }
}

/** The schema version a database is at (0 when it has never been migrated). */
export async function schemaVersion(client: SqlClient): Promise<number> {
  return transact(client, async (tx) => {
    await tx.query(SQL.lockMigrations)
    await tx.query(SQL.createMigrationsTable)
    const { rows } = await tx.query<{ version: number | string }>(SQL.migrationVersion)
    return Number(rows[0]?.version ?? 0)
  })
}

/**
 * Applies the migrations above the database's version, in order, each in its own transaction
 * under an advisory lock, so server processes starting together on one database apply each
 * migration exactly once. Returns the versions applied now.
 */
export async function migrate(
  client: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  // A database a newer server already migrated may hold what this one cannot read: refuse it.
  const current = await schemaVersion(client)
  const known = migrations[migrations.length - 1]?.version ?? 0
  if (current > known)
    throw new Error(
      `The database schema is at version ${current}, newer than this server knows (${known}): run the newer server.`,
    )
  const applied: number[] = []
  for (const migration of migrations) {
    await transact(client, async (tx) => {
      // Crucial: the lock comes before reading the version, so two processes cannot both apply.
      await tx.query(SQL.lockMigrations)
      await tx.query(SQL.createMigrationsTable)
      const { rows } = await tx.query<{ version: number | string }>(SQL.migrationVersion)
      if (Number(rows[0]?.version ?? 0) >= migration.version) return
      for (const statement of migration.sql.split(';')) {
        if (statement.trim()) await tx.query(statement)
      }
      if (migration.run) await migration.run(tx)
      await tx.query(SQL.recordMigration, [migration.version])
      applied.push(migration.version)
    })
  }
  return applied
}

/** Share of a table changed since its last ANALYZE past which its statistics are stale. */
const STALE_SHARE = 0.1
/** Changes fewer than this never make statistics stale (a small table plans well without). */
const STALE_MIN_ROWS = 500

export type SqlStorageOptions = {
  /**
   * A PostgreSQL NOTIFY channel: each append that stores something announces
   * `<spaceId> <latestSeq>` on it, in its transaction, for `changeFeed` to relay.
   */
  notifyChannel?: string
  /** The feed of those announcements (server processes sharing the database all hear them). */
  changeFeed?: ChangeFeed
}

export class SqlStorage implements SyncStorage {
  readonly changeFeed: ChangeFeed | undefined

  private constructor(
    private readonly client: SqlClient,
    private readonly options: SqlStorageOptions,
  ) {
    this.changeFeed = options.changeFeed
  }

  /** Brings the schema up to date, then returns the storage. */
  static async open(client: SqlClient, options: SqlStorageOptions = {}): Promise<SqlStorage> {
    await migrate(client)
    const storage = new SqlStorage(client, options)
    await storage.refreshStatistics()
    return storage
  }

  /** The statistics check under way, if any: pages arriving together share one. */
  private refreshing: Promise<void> | null = null
  /** Changes this process appended since its last statistics check (an upper bound on rows). */
  private appendedSinceCheck = 0

  /**
   * Analyzes `rows` and `changes` where their planner statistics are missing or stale (more than
   * STALE_SHARE of the table changed since the last ANALYZE). PGlite never analyzes by itself
   * (no autovacuum), and without statistics the page query is planned as a scan of every row
   * after the cursor plus a sort. Runs outside any append's transaction; never fails a request
   * (two processes analyzing one table at once may clash: the other one's statistics serve).
   */
  refreshStatistics(): Promise<void> {
    this.refreshing ??= (async () => {
      // The pg_stat counters lag behind (flushed at most once a second): this process's own
      // appends since its last check count too.
      const appended = this.appendedSinceCheck
      try {
        const { rows } = await this.client.query<{
          relname: string
          reltuples: number | string
          n_mod_since_analyze: number | string
          bytes: number | string
        }>(SQL.tableStatistics)
        for (const row of rows) {
          const changed = Math.max(Number(row.n_mod_since_analyze), appended)
          const planned = Number(row.reltuples)
          // reltuples -1: never analyzed (kept in the catalogue, unlike the pg_stat counters,
          // which an unclean stop loses).
          // An empty table is left alone: statistics saying "empty" would mislead the planner
          // while pushes fill it.
          const stale =
            planned < 0
              ? Number(row.bytes) > 0
              : changed >= STALE_MIN_ROWS && changed > STALE_SHARE * Math.max(planned, 1)
          if (stale) await this.client.query(`ANALYZE ${row.relname}`)
        }
        this.appendedSinceCheck = Math.max(0, this.appendedSinceCheck - appended)
      } catch {
        // Statistics are an optimisation: the query they would have sped up still answers.
      } finally {
        this.refreshing = null
      }
    })()
    return this.refreshing
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
    this.appendedSinceCheck += changes.length
    return transact(this.client, (tx) => this.appendIn(tx, spaceId, changes))
  }

  restore(spaces: readonly SpaceRestore[]): Promise<RestoredSpace[]> {
    // One transaction for every space: a restore is all or nothing.
    return transact(this.client, async (tx) => {
      const results: RestoredSpace[] = []
      for (const { space, changes, devices = [] } of spaces) {
        const { rows } = await tx.query<{ token_hash: string }>(SQL.spaceTokenHash, [space.spaceId])
        const existing = rows[0]?.token_hash ?? null
        if (existing !== null && existing !== space.tokenHash)
          throw new SpaceTokenMismatchError(space.spaceId)
        if (existing === null)
          await tx.query(SQL.insertSpace, [
            space.spaceId,
            space.tokenHash,
            space.name,
            space.createdAt,
          ])
        let stored = 0
        let duplicates = 0
        for (let index = 0; index < changes.length; index += RESTORE_CHUNK) {
          const result = await this.appendIn(
            tx,
            space.spaceId,
            changes.slice(index, index + RESTORE_CHUNK),
          )
          stored += result.accepted.length
          duplicates += result.duplicates.length
        }
        for (const device of devices)
          await tx.query(SQL.restoreDevice, [
            space.spaceId,
            device.deviceId,
            device.name,
            device.firstSeenAt,
            device.lastSeenAt,
            device.tokenHash,
            device.revokedAt,
          ])
        // Crucial: a restored log may be numbered otherwise than the one tablets synced with.
        await tx.query(SQL.renewGeneration, [space.spaceId])
        results.push({
          spaceId: space.spaceId,
          createdSpace: existing === null,
          stored,
          duplicates,
        })
      }
      return results
    })
  }

  /** Appends inside the caller's transaction; see `appendChanges`. */
  private async appendIn(
    tx: Queryable,
    spaceId: string,
    changes: readonly ChangeRecord[],
  ): Promise<AppendResult> {
    // Crucial: the row lock comes first, so no other append to this space can interleave
    // between reading last_seq and writing the new one.
    const locked = await tx.query<{ last_seq: number | string; generation: string }>(
      SQL.lockSpace,
      [spaceId],
    )
    const lockedRow = locked.rows[0]
    if (!lockedRow) throw new SpaceNotFoundError(spaceId)
    let seq = Number(lockedRow.last_seq)
    // One read: the ids the log already holds, and the current rows the fold needs.
    const keys = rowKeysOf(changes)
    const read = await tx.query<AppendReadRow>(SQL.appendRead, [
      spaceId,
      JSON.stringify(changes.map((change) => change.id)),
      JSON.stringify(keys),
    ])
    const seen = new Set<string>()
    const existing: StoredRow[] = []
    for (const row of read.rows) {
      if (row.kind === 'c') seen.add(row.tbl)
      else existing.push(row)
    }
    const fresh: ChangeRecord[] = []
    const duplicates: string[] = []
    for (const change of changes) {
      if (seen.has(change.id)) {
        duplicates.push(change.id)
        continue
      }
      seen.add(change.id)
      fresh.push(change)
    }
    if (fresh.length > 0) {
      const first = seq + 1
      seq += fresh.length
      const writes = planRows(fresh, existing)
      // Crucial: the rows move in the log append's statement, so they never disagree with it.
      await tx.query(SQL.appendWrite, [
        spaceId,
        JSON.stringify(
          fresh.map((change) => ({
            i: change.id,
            t: change.table,
            r: change.rowId,
            f: JSON.stringify(change.fields),
            h: change.hlc,
            d: change.deviceId,
          })),
        ),
        JSON.stringify(
          writes.map((write) => ({
            t: write.table,
            r: write.rowId,
            s: wellFormed(write.scope),
            st: write.state,
            n: write.single === null ? null : write.single + 1,
          })),
        ),
        first - 1,
        seq,
      ])
      if (this.options.notifyChannel)
        await tx.query(SQL.notify, [this.options.notifyChannel, `${spaceId} ${seq}`])
    }
    return {
      accepted: fresh.map((change) => change.id),
      duplicates,
      latestSeq: seq,
      generation: lockedRow.generation,
    }
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

  async rowsPage(
    spaceId: string,
    filter: RowsFilter,
    after: RowKey | null,
    limit: number,
  ): Promise<RowsPage> {
    // A scope's first page checks the statistics its following pages are planned with.
    if (after === null) await this.refreshStatistics()
    return readRowsPage(this.client, spaceId, filter, after, limit)
  }

  countRows(spaceId: string, filter: RowsFilter): Promise<number> {
    return countRows(this.client, spaceId, filter)
  }

  async latestSeq(spaceId: string): Promise<number> {
    const { rows } = await this.client.query<{ last_seq: number | string }>(SQL.latestSeq, [
      spaceId,
    ])
    return Number(rows[0]?.last_seq ?? 0)
  }

  async spaceLog(spaceId: string): Promise<SpaceLog | null> {
    const { rows } = await this.client.query<{ generation: string; last_seq: number | string }>(
      SQL.spaceLog,
      [spaceId],
    )
    const row = rows[0]
    return row ? { generation: row.generation, latestSeq: Number(row.last_seq) } : null
  }

  async renewGenerations(): Promise<number> {
    const { rows } = await this.client.query<{ space_id: string }>(SQL.renewAllGenerations)
    return rows.length
  }

  async recordDevice(
    spaceId: string,
    device: { deviceId: string; name: string | null; seenAt: string },
  ): Promise<void> {
    await this.client.query(SQL.upsertDevice, [
      spaceId,
      device.deviceId,
      device.name,
      device.seenAt,
    ])
  }

  async listDevices(spaceId: string): Promise<DeviceRecord[]> {
    const { rows } = await this.client.query<DeviceRow>(SQL.listDevices, [spaceId])
    return rows.map((row) => ({
      deviceId: row.device_id,
      name: row.name,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      revokedAt: row.revoked_at,
    }))
  }

  async deviceBackups(spaceId: string): Promise<DeviceBackup[]> {
    const { rows } = await this.client.query<DeviceRow & { token_hash: string | null }>(
      SQL.deviceBackups,
      [spaceId],
    )
    return rows.map((row) => ({
      deviceId: row.device_id,
      name: row.name,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      tokenHash: row.token_hash,
      revokedAt: row.revoked_at,
    }))
  }

  async setDeviceCredential(
    spaceId: string,
    device: { deviceId: string; name: string | null; tokenHash: string; seenAt: string },
  ): Promise<void> {
    try {
      await this.client.query(SQL.setDeviceCredential, [
        spaceId,
        device.deviceId,
        device.name,
        device.seenAt,
        device.tokenHash,
      ])
    } catch (error) {
      // 23503: foreign key violation, the space does not exist.
      if (isPgCode(error, '23503')) throw new SpaceNotFoundError(spaceId)
      throw error
    }
  }

  async deviceByTokenHash(
    spaceId: string,
    tokenHash: string,
  ): Promise<{ deviceId: string; revokedAt: string | null } | null> {
    const { rows } = await this.client.query<{ device_id: string; revoked_at: string | null }>(
      SQL.deviceByTokenHash,
      [spaceId, tokenHash],
    )
    const row = rows[0]
    return row ? { deviceId: row.device_id, revokedAt: row.revoked_at } : null
  }

  async revokeDevice(
    spaceId: string,
    deviceId: string,
    at: string,
    newSpaceTokenHash: string,
  ): Promise<boolean> {
    return transact(this.client, async (tx) => {
      const { rows } = await tx.query<{ device_id: string }>(SQL.revokeDevice, [
        spaceId,
        deviceId,
        at,
      ])
      if (rows.length === 0) return false
      await tx.query(SQL.setSpaceTokenHash, [spaceId, newSpaceTokenHash])
      return true
    })
  }

  async createInvitation(
    spaceId: string,
    invitation: {
      codeHash: string
      createdBy: string | null
      createdAt: string
      expiresAt: string
    },
  ): Promise<void> {
    await this.client.query(SQL.insertInvitation, [
      spaceId,
      invitation.codeHash,
      invitation.createdBy,
      invitation.createdAt,
      invitation.expiresAt,
    ])
  }

  async redeemInvitation(
    spaceId: string,
    codeHash: string,
    device: { deviceId: string; name: string | null; tokenHash: string; seenAt: string },
  ): Promise<RedeemResult> {
    return transact(this.client, async (tx) => {
      const spent = await tx.query<{ code_hash: string }>(SQL.spendInvitation, [
        spaceId,
        codeHash,
        device.seenAt,
        device.deviceId,
      ])
      if (spent.rows.length === 0) {
        const { rows } = await tx.query<{ used_at: string | null; expires_at: string }>(
          SQL.invitation,
          [spaceId, codeHash],
        )
        const found = rows[0]
        if (!found) return 'unknown'
        return found.used_at !== null ? 'spent' : 'expired'
      }
      await tx.query(SQL.setDeviceCredential, [
        spaceId,
        device.deviceId,
        device.name,
        device.seenAt,
        device.tokenHash,
      ])
      return 'ok'
    })
  }

  async ping(): Promise<void> {
    await this.client.query(SQL.ping)
  }

  close(): Promise<void> {
    return this.client.close()
  }
}

/**
 * `text` with unpaired surrogates replaced by U+FFFD, as text parameters arrive in the database
 * anyway; in a JSON parameter PostgreSQL would refuse them. (A scope comes from a field value.)
 */
function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD')
}

function toChangeRecord(row: ChangeRow): ChangeRecord {
  const { seq: _seq, ...change } = toLoggedChange(row)
  return change
}
