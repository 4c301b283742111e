/**
 * The PostgreSQL backend (DATABASE_URL=postgres://…): the shared SQL (`SqlStorage`) over a `pg`
 * pool, plus one dedicated connection that LISTENs for the appends of every server process on
 * the same database, so SSE clients of any process hear them. Server processes keep no state of
 * their own: the log, its numbering and the announcements all live in PostgreSQL. A lost
 * connection (PostgreSQL restarting) fails only the requests in flight; the pool reconnects on
 * the next query and the listener reconnects with back-off, then asks for a resync.
 */
import pg from 'pg'
import type { Logger } from '../logger'
import { SQL } from './sql'
import { SqlStorage, type Queryable, type SqlClient } from './sql-storage'
import type { ChangeFeed, ChangeFeedListener } from './storage'

/** The NOTIFY channel of appends; the payload is `<spaceId> <latestSeq>`. */
export const CHANGES_CHANNEL = 'bake_changes'

export type PostgresOptions = {
  connectionString: string
  /** Pool size per server process. */
  maxConnections?: number
  logger?: Logger
  /** First and longest wait between listener reconnection attempts. */
  reconnectMs?: { base: number; cap: number }
}

function poolClient(pool: pg.Pool): SqlClient {
  return {
    async query<TRow>(sql: string, params: unknown[] = []) {
      const result = await pool.query(sql, params)
      return { rows: result.rows as TRow[] }
    },
    async transact<T>(body: (tx: Queryable) => Promise<T>): Promise<T> {
      const connection = await pool.connect()
      // A checked-out connection that PostgreSQL drops emits 'error'; unhandled, it would crash
      // the process. The failing query rejects anyway, and release(error) discards it.
      const onError = () => {}
      connection.on('error', onError)
      const release = (error?: Error) => {
        connection.off('error', onError)
        connection.release(error)
      }
      const tx: Queryable = {
        async query<TRow>(sql: string, params: unknown[] = []) {
          const result = await connection.query(sql, params)
          return { rows: result.rows as TRow[] }
        },
      }
      try {
        await connection.query('BEGIN')
        const value = await body(tx)
        await connection.query('COMMIT')
        release()
        return value
      } catch (error) {
        // A connection whose ROLLBACK fails is broken: release(error) discards it from the pool.
        const rollback = await connection.query('ROLLBACK').then(
          () => undefined,
          (rollbackError: unknown) => rollbackError,
        )
        release(rollback instanceof Error ? rollback : undefined)
        throw error
      }
    },
    close: () => pool.end(),
  }
}

/** LISTENs on one dedicated connection, reconnecting with capped exponential back-off. */
class PgChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<ChangeFeedListener>()
  private client: pg.Client | null = null
  private closed = false
  private failures = 0
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly options: PostgresOptions,
    private readonly channel: string,
  ) {}

  subscribe(listener: ChangeFeedListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Connects; the first connection must succeed (start-up fails loudly otherwise). */
  async start(): Promise<void> {
    this.client = await this.connect()
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.options.connectionString })
    client.on('notification', (message) => {
      if (message.channel !== this.channel || !message.payload) return
      const [spaceId, seqText] = message.payload.split(' ')
      const latestSeq = Number(seqText)
      if (!spaceId || !Number.isInteger(latestSeq)) return
      for (const listener of this.listeners) listener.changed(spaceId, latestSeq)
    })
    // Without an 'error' handler a dropped connection would crash the process.
    client.on('error', (error) => this.lost(client, error))
    client.on('end', () => this.lost(client, null))
    try {
      await client.connect()
      await client.query(SQL.listen(this.channel))
    } catch (error) {
      client.removeAllListeners('end')
      await client.end().catch(() => undefined)
      throw error
    }
    return client
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.closed || this.client !== client) return
    this.client = null
    this.options.logger?.error({
      msg: 'change feed connection lost',
      error: error ? error.message : 'ended',
    })
    this.scheduleReconnect()
  }

  private scheduleReconnect(): void {
    const { base, cap } = this.options.reconnectMs ?? { base: 100, cap: 5_000 }
    const delay = Math.min(base * 2 ** this.failures, cap)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.reconnect()
    }, delay)
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return
    try {
      const client = await this.connect()
      if (this.closed) {
        await client.end()
        return
      }
      this.client = client
      this.failures = 0
      this.options.logger?.info({ msg: 'change feed reconnected' })
      // Appends made while we were away were announced to nobody: let subscribers catch up.
      for (const listener of this.listeners) listener.resync()
    } catch {
      this.failures += 1
      this.scheduleReconnect()
    }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    const client = this.client
    this.client = null
    await client?.end().catch(() => undefined)
  }
}

/**
 * Opens the PostgreSQL storage: runs the pending migrations, then starts listening.
 * @throws when PostgreSQL cannot be reached or a migration fails
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<SqlStorage> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
  })
  // An idle pooled connection that PostgreSQL drops emits 'error'; the pool discards it.
  pool.on('error', (error) => {
    options.logger?.error({ msg: 'idle PostgreSQL connection lost', error: error.message })
  })
  const feed = new PgChangeFeed(options, CHANGES_CHANNEL)
  const base = poolClient(pool)
  const client: SqlClient = {
    ...base,
    async close() {
      await feed.close()
      await base.close()
    },
  }
  try {
    const storage = await SqlStorage.open(client, {
      notifyChannel: CHANGES_CHANNEL,
      changeFeed: feed,
    })
    await feed.start()
    return storage
  } catch (error) {
    await client.close()
    throw error
  }
}
