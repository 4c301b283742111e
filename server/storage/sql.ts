/**
 * The SQL of the server's storage, shared by every SQL backend (PGlite now, PostgreSQL later).
 * Plain PostgreSQL 15: no PG16+ syntax (TOOLCHAIN P16: PGlite is PG 18, Debian ships 15).
 * Numbers may arrive as strings (`pg` returns bigint as text): callers convert with Number().
 * `fields` is stored as JSON text, not jsonb, so values round-trip exactly (jsonb refuses \u0000
 * and reorders keys).
 */

/** Ordered schema migrations; a backend applies those above the stored version, in one tx each. */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
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
]

export const SQL = {
  createMigrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY)`,
  /** Serialises migrations between server processes sharing one database. */
  lockMigrations: `LOCK TABLE schema_migrations IN EXCLUSIVE MODE`,
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
  /** Taken first in every append: the row lock orders concurrent appends to one space. */
  lockSpace: `SELECT last_seq FROM spaces WHERE space_id = $1 FOR UPDATE`,
  existingChangeIds: `
    SELECT change_id FROM changes WHERE space_id = $1 AND change_id = ANY ($2::text[])`,
  insertChanges: `
    INSERT INTO changes (space_id, seq, change_id, table_name, row_id, fields, hlc, device_id)
    SELECT $1, *
    FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[])`,
  setLatestSeq: `UPDATE spaces SET last_seq = $2 WHERE space_id = $1`,
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

export type SpaceRow = {
  space_id: string
  token_hash: string
  name: string | null
  created_at: string
  last_seq: number | string
}
