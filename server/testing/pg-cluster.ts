/**
 * Throw-away PostgreSQL clusters for tests and the load test: `initdb` into a temp dir, `pg_ctl
 * start` on a free loopback port with its unix socket in that dir, trust auth, superuser
 * `postgres`. initdb refuses to run as root, so as root every PostgreSQL binary runs as the
 * `postgres` user (Debian's package creates it) through `runuser`. Also the per-suite database
 * helper: each suite gets its own database on the test run's server (pg-global-setup.ts).
 */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

export type PgCluster = {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string
  dataDir: string
  /** Stops the server (fast shutdown: open connections are cut); `start` brings it back. */
  pause(): Promise<void>
  /** Starts the server again after `pause`, on the same port. */
  resume(): Promise<void>
  /** Stops the cluster immediately and deletes its files. */
  stop(): Promise<void>
}

/**
 * Where `initdb` and `pg_ctl` live: PG_BIN, Debian's newest /usr/lib/postgresql/N/bin, PATH, or
 * /usr/local/bin (often missing from PATH of non-login shells).
 */
export function findPgBin(): string | null {
  const fromEnv = process.env.PG_BIN
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    for (const version of versions) {
      const bin = join(debian, version, 'bin')
      if (existsSync(join(bin, 'initdb'))) return bin
    }
  }
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/local/bin']) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir
  }
  return null
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0

async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim())
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim())
    return { uid, gid }
  } catch {
    return null
  }
}

/**
 * Why a throw-away cluster cannot be started here, or null when it can. DATABASE_URL is not
 * consulted: this is only about local PostgreSQL binaries.
 */
export async function clusterUnavailableReason(): Promise<string | null> {
  if (!findPgBin())
    return 'no PostgreSQL binaries (initdb, pg_ctl) found; set PG_BIN or install postgresql'
  if (isRoot() && !(await postgresUser()))
    return 'running as root and there is no postgres user to run initdb as'
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Creates and starts a cluster. `durable: false` (tests) turns off fsync and synchronous commit:
 * the data dir is deleted afterwards anyway.
 * @throws when PostgreSQL is not installed (check clusterUnavailableReason first)
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = findPgBin()
  if (!bin) throw new Error('PostgreSQL binaries not found')
  const root = await mkdtemp(join(tmpdir(), 'bake-pg-'))
  const dataDir = join(root, 'data')
  const owner = isRoot() ? await postgresUser() : null
  if (isRoot() && !owner) throw new Error('running as root without a postgres user')
  if (owner) await chown(root, owner.uid, owner.gid)
  const pgRun = (tool: string, args: string[]) =>
    owner
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { cwd: root })
      : run(join(bin, tool), args, { cwd: root })

  await pgRun('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ])
  const port = await freePort()
  const settings = [
    `-p ${port}`,
    `-k ${root}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=200',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off']),
  ].join(' ')
  const start = () =>
    pgRun('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      dataDir,
      '-l',
      join(root, 'log'),
      '-o',
      settings,
    ])
  const stopNow = () => pgRun('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', dataDir])
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    async pause() {
      await pgRun('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', dataDir])
    },
    async resume() {
      await start()
    },
    async stop() {
      await stopNow().catch(() => undefined)
      await rm(root, { recursive: true, force: true })
    },
  }
}

export type TestDatabase = { url: string; drop(): Promise<void> }

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/**
 * A fresh, empty database on the server `serverUrl` names (the role needs CREATEDB), so test
 * files running in parallel never see each other's spaces.
 */
let databaseCount = 0

export async function createTestDatabase(serverUrl: string, prefix: string): Promise<TestDatabase> {
  databaseCount += 1
  const unique = `${process.pid}_${Date.now().toString(36)}_${databaseCount}`
  // Lower case, [a-z0-9_] only and well under PostgreSQL's 63-byte identifier limit.
  const name = `bake_${prefix.slice(0, 16)}_${unique}`.toLowerCase().replace(/[^a-z0-9_]/g, '_')
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
