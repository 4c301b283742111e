/**
 * The SQL of the server's storage, shared by every SQL backend (embedded PGlite and PostgreSQL).
 * Plain PostgreSQL 15: no PG16+ syntax (TOOLCHAIN P16: PGlite is PG 18, Debian ships 15).
 * Numbers may arrive as strings (`pg` returns bigint as text): callers convert with Number().
 * `fields` is stored as JSON text, not jsonb, so values round-trip exactly (jsonb refuses \u0000
 * and reorders keys).
 */

import { fillRowsFromLogs } from './rows'

/** `run`, when present, follows the SQL in the same transaction (data a statement cannot build). */
export type Migration = {
  version: number
  sql: string
  run?: (tx: {
    query<TRow>(sql: string, params?: unknown[]): Promise<{ rows: TRow[] }>
  }) => Promise<void>
}

/**
 * Ordered schema migrations, numbered 1, 2, 3… with no gaps (migrations.test.ts checks). A shipped
 * migration is never edited: a schema change is a new entry. `migrate` applies those above the
 * stored version, each in its own transaction, so the schema only grows.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE spaces (
        space_id   text PRIMARY KEY,
        token_hash text NOT NULL,
        name       text,
        created_at text NOT NULL,
        last_seq   bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE changes (
        space_id   text NOT NULL REFERENCES spaces (space_id),
        seq        bigint NOT NULL,
        change_id  text NOT NULL,
        table_name text NOT NULL,
        row_id     text NOT NULL,
        fields     text NOT NULL,
        hlc        text NOT NULL,
        device_id  text NOT NULL,
        PRIMARY KEY (space_id, seq),
        UNIQUE (space_id, change_id)
      );
    `,
  },
  {
    // The space's devices, registered by their pushes, so notices can name them ("on Kitchen
    // iPad"). token_hash and revoked_at are for per-device credentials (a later issue).
    version: 2,
    sql: `
      CREATE TABLE devices (
        space_id      text NOT NULL REFERENCES spaces (space_id),
        device_id     text NOT NULL,
        name          text,
        first_seen_at text NOT NULL,
        last_seen_at  text NOT NULL,
        token_hash    text,
        revoked_at    text,
        PRIMARY KEY (space_id, device_id)
      );
    `,
  },
  {
    // Per-device credentials (issue 19 item 4): one-time, short-lived invitations a tablet trades
    // for its own credential (devices.token_hash); removing a device sets devices.revoked_at.
    version: 3,
    sql: `
      CREATE TABLE invitations (
        space_id   text NOT NULL REFERENCES spaces (space_id),
        code_hash  text NOT NULL,
        created_by text,
        created_at text NOT NULL,
        expires_at text NOT NULL,
        used_at    text,
        used_by    text,
        PRIMARY KEY (space_id, code_hash)
      );
      CREATE INDEX devices_token_hash ON devices (space_id, token_hash);
    `,
  },
  {
    // Current rows (issue 18): each row's state (its compacted changes, JSON text like `fields`)
    // and its first-sync scope, kept by every append; filled here from the existing logs. Keys
    // compare bytewise ("C"), so snapshot pages follow one order on every server and in tests.
    // No index on scope: a page walks the key order and filters, so each scope's pages together
    // read the space's rows once, and every append is spared one more index to keep.
    version: 4,
    sql: `
      CREATE TABLE rows (
        space_id text NOT NULL REFERENCES spaces (space_id),
        tbl      text COLLATE "C" NOT NULL,
        row_id   text COLLATE "C" NOT NULL,
        scope    text NOT NULL,
        state    text NOT NULL,
        PRIMARY KEY (space_id, tbl, row_id)
      );
    `,
    run: fillRowsFromLogs,
  },
  {
    // A restore never breaks sync (issue 19 item 2): each space's log has a generation id, new
    // for every space (existing ones too: the volatile default is drawn per row) and renewed by
    // every restore, so a tablet that synced with another generation knows to heal.
    version: 5,
    sql: `
      ALTER TABLE spaces ADD COLUMN generation text NOT NULL DEFAULT gen_random_uuid()::text;
    `,
  },
  {
    // Push throughput (issue 18): the log's and the rows' references to their space cost a
    // lookup per appended row (a third of the append's insert time on PGlite) and guard nothing
    // the append does not already: every append locks its space's row first (SpaceNotFoundError
    // when there is none), restore inserts the space before its log, and spaces are never deleted.
    version: 6,
    sql: `
      ALTER TABLE changes DROP CONSTRAINT IF EXISTS changes_space_id_fkey;
      ALTER TABLE rows DROP CONSTRAINT IF EXISTS rows_space_id_fkey;
    `,
  },
]

export const SQL = {
  /**
   * `rows` and `changes`: rows changed since their last ANALYZE (the counters may lag by a second
   * or more), the row count the planner last saw (-1: never analyzed), and the table's size.
   */
  tableStatistics: `
    SELECT c.relname, c.reltuples, s.n_mod_since_analyze, pg_relation_size(c.oid) AS bytes
    FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
    WHERE s.schemaname = current_schema() AND c.relname IN ('rows', 'changes')`,
  /**
   * Serialises migrations between server processes starting together on one database. Taken
   * before `createMigrationsTable`: two concurrent CREATE TABLE IF NOT EXISTS can both miss the
   * table and one then fails on a unique index of the catalogue. The key is arbitrary but fixed.
   */
  lockMigrations: `SELECT pg_advisory_xact_lock(72420261123)`,
  createMigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY)`,
  migrationVersion: `SELECT coalesce(max(version), 0) AS version FROM schema_migrations`,
  recordMigration: `INSERT INTO schema_migrations (version) VALUES ($1)`,

  ping: `SELECT 1 AS ok`,
  insertSpace: `
    INSERT INTO spaces (space_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (space_id) DO NOTHING`,
  spaceTokenHash: `SELECT token_hash FROM spaces WHERE space_id = $1`,
  listSpaces: `
    SELECT space_id, token_hash, name, created_at, last_seq FROM spaces ORDER BY space_id`,
  latestSeq: `SELECT last_seq FROM spaces WHERE space_id = $1`,
  /**
   * Taken first in every append: the row lock orders concurrent appends to one space. The
   * generation comes along, so a push answer needs no statement of its own to state it.
   */
  lockSpace: `SELECT last_seq, generation FROM spaces WHERE space_id = $1 FOR UPDATE`,
  /**
   * An append's one read, after the lock: which of the batch's ids ($2, a JSON array) the log
   * holds (kind `c`, the id in `tbl`), and the current rows of the keys ($3, a JSON array of
   * `{t, r}`) its fold needs (kind `r`). JSON, not arrays: PGlite serialises a text[] parameter
   * element by element in JavaScript, which cost more than the statement itself. Both halves
   * are shaped to probe the indexes key by key (`= ANY (ARRAY(…))`, a lateral lookup with LIMIT
   * 1 that the planner cannot turn into a hash join): without statistics on the JSON input,
   * PostgreSQL would otherwise scan the whole space's log and rows on every append.
   */
  appendRead: `
    SELECT 'c' AS kind, change_id COLLATE "C" AS tbl, NULL AS row_id, NULL AS scope, NULL AS state
    FROM changes
    WHERE space_id = $1 AND change_id = ANY (ARRAY(SELECT json_array_elements_text($2::json)))
    UNION ALL
    SELECT 'r', x.tbl, x.row_id, x.scope, x.state
    FROM json_to_recordset($3::json) AS k (t text, r text)
    CROSS JOIN LATERAL (
      SELECT tbl, row_id, scope, state FROM rows
      WHERE space_id = $1 AND tbl = k.t AND row_id = k.r LIMIT 1
    ) AS x`,
  /**
   * An append's one write: the new log entries ($2, a JSON array of `{i, t, r, f, h, d}`, `f` the
   * fields' JSON text), numbered after $4 in order, the rows they change ($3, `{t, r, s, st, n}`)
   * and the log's end ($5), in one statement. A row whose whole state is one new change (`n`: its
   * position in $2 from 1, `st` null) gets that state built here from the log columns, exactly as
   * JSON.stringify([{id, fields, hlc, deviceId}]) would (ids hold no control characters), so the
   * fields cross to the database once. A row's scope is fixed at its first store.
   */
  appendWrite: `
    WITH logged AS (
      SELECT * FROM ROWS FROM (json_to_recordset($2::json)
        AS (i text, t text, r text, f text, h text, d text)) WITH ORDINALITY
        AS l (i, t, r, f, h, d, n)
    ), log_insert AS (
      INSERT INTO changes (space_id, seq, change_id, table_name, row_id, fields, hlc, device_id)
      SELECT $1, $4::bigint + n, i, t, r, f, h, d FROM logged
    ), row_upsert AS (
      INSERT INTO rows (space_id, tbl, row_id, scope, state)
      SELECT $1, w.t, w.r, w.s, coalesce(w.st,
        '[{"id":' || to_json(l.i)::text || ',"fields":' || l.f || ',"hlc":' ||
        to_json(l.h)::text || ',"deviceId":' || to_json(l.d)::text || '}]')
      FROM json_to_recordset($3::json) AS w (t text, r text, s text, st text, n bigint)
      LEFT JOIN logged l ON l.n = w.n
      ON CONFLICT (space_id, tbl, row_id) DO UPDATE SET state = EXCLUDED.state
    )
    UPDATE spaces SET last_seq = $5 WHERE space_id = $1`,
  /** Inside the append transaction: PostgreSQL delivers it to listeners only on commit. */
  notify: `SELECT pg_notify($1, $2)`,
  listen: (channel: string) => `LISTEN ${channel}`,
  upsertDevice: `
    INSERT INTO devices (space_id, device_id, name, first_seen_at, last_seen_at)
    VALUES ($1, $2, $3, $4, $4)
    ON CONFLICT (space_id, device_id) DO UPDATE
    SET name = coalesce(EXCLUDED.name, devices.name), last_seen_at = EXCLUDED.last_seen_at`,
  listDevices: `
    SELECT device_id, name, first_seen_at, last_seen_at, revoked_at FROM devices
    WHERE space_id = $1 ORDER BY last_seen_at DESC, device_id`,
  /** Gives a device a new credential (joining, or rejoining after removal: revoked_at clears). */
  setDeviceCredential: `
    INSERT INTO devices (space_id, device_id, name, first_seen_at, last_seen_at, token_hash)
    VALUES ($1, $2, $3, $4, $4, $5)
    ON CONFLICT (space_id, device_id) DO UPDATE
    SET name = coalesce(EXCLUDED.name, devices.name), last_seen_at = EXCLUDED.last_seen_at,
        token_hash = EXCLUDED.token_hash, revoked_at = NULL`,
  deviceBackups: `
    SELECT device_id, name, first_seen_at, last_seen_at, token_hash, revoked_at FROM devices
    WHERE space_id = $1 ORDER BY device_id`,
  /** A restore adds the devices a space lacks; a device it has keeps its row (and removal). */
  restoreDevice: `
    INSERT INTO devices
      (space_id, device_id, name, first_seen_at, last_seen_at, token_hash, revoked_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (space_id, device_id) DO NOTHING`,
  deviceByTokenHash: `
    SELECT device_id, revoked_at FROM devices WHERE space_id = $1 AND token_hash = $2`,
  revokeDevice: `
    UPDATE devices SET revoked_at = $3 WHERE space_id = $1 AND device_id = $2
    AND revoked_at IS NULL RETURNING device_id`,
  setSpaceTokenHash: `UPDATE spaces SET token_hash = $2 WHERE space_id = $1`,
  /** The log's generation id and end, which every sync answer carries (heal on the tablet). */
  spaceLog: `SELECT generation, last_seq FROM spaces WHERE space_id = $1`,
  /** A restore (or the operator's --new-generation) starts a new generation of the log. */
  renewGeneration: `UPDATE spaces SET generation = gen_random_uuid()::text WHERE space_id = $1`,
  renewAllGenerations: `UPDATE spaces SET generation = gen_random_uuid()::text RETURNING space_id`,
  insertInvitation: `
    INSERT INTO invitations (space_id, code_hash, created_by, created_at, expires_at)
    VALUES ($1, $2, $3, $4, $5)`,
  /** Spends an invitation once: only an unused, unexpired one matches. */
  spendInvitation: `
    UPDATE invitations SET used_at = $3, used_by = $4
    WHERE space_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > $3
    RETURNING code_hash`,
  invitation: `
    SELECT used_at, expires_at FROM invitations WHERE space_id = $1 AND code_hash = $2`,
  changesAfter: `
    SELECT seq, change_id, table_name, row_id, fields, hlc, device_id
    FROM changes WHERE space_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
  changesUpTo: `
    SELECT seq, change_id, table_name, row_id, fields, hlc, device_id
    FROM changes WHERE space_id = $1 AND seq <= $2 ORDER BY seq`,
} as const

/** A row of `changesAfter`/`changesUpTo`. */
export type ChangeRow = {
  seq: number | string
  change_id: string
  table_name: string
  row_id: string
  fields: string
  hlc: string
  device_id: string
}

export type DeviceRow = {
  device_id: string
  name: string | null
  first_seen_at: string
  last_seen_at: string
  revoked_at: string | null
}

export type SpaceRow = {
  space_id: string
  token_hash: string
  name: string | null
  created_at: string
  last_seq: number | string
}
