/**
 * `npm run load` (issue 8): LOAD_DEVICES simulated devices (default 50) push and pull for
 * LOAD_SECONDS (default 60) against TWO real server processes on one PostgreSQL, on loopback
 * only. Each device loops: a few new changes, one push (acknowledged before it goes on), a pull
 * to the end of the log, a pause; every request goes to the other process than the last, and a
 * failed one is retried on the other. Then every device pulls until caught up and the run is
 * checked against PostgreSQL itself: every acknowledged change is in the log exactly once, the
 * seqs are 1..N, and every device's merged state equals the merge of the whole log.
 * Prints the figures, writes them to server/load/results/latest.json, and exits non-zero on any
 * request error or failed check. The cluster, database and processes are removed on every exit.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type ChangeRecord, splitCredential } from '../../src/sync/wire'
import { seededRng } from '../testing/fixtures'
import { apiClient } from '../testing/http'
import {
  clusterUnavailableReason,
  createTestDatabase,
  startCluster,
  type PgCluster,
} from '../testing/pg-cluster'
import { spawnServer, type ServerProcess } from '../testing/processes'
import { SimDevice, type RequestSample } from '../testing/sim-device'
import { latencyFigures, markdownTable, type LatencyFigures } from './report'
import { Replica } from './replica'
import type { ChangeRow } from '../storage/sql'
import { toLoggedChange } from '../storage/sql-storage'

const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json')
/** Set-up, drain and checks must fit in this much time on top of LOAD_SECONDS. */
const OVERHEAD_LIMIT_MS = 180_000

function intFromEnv(name: string, fallback: number, min: number): number {
  const text = process.env[name]
  if (text === undefined || text === '') return fallback
  const value = Number(text)
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min}, not "${text}"`)
  return value
}

const config = {
  devices: intFromEnv('LOAD_DEVICES', 50, 1),
  seconds: intFromEnv('LOAD_SECONDS', 60, 1),
  /** Mean pause between a device's rounds (uniform in 0..2×). */
  thinkMs: intFromEnv('LOAD_THINK_MS', 200, 0),
  /** A round makes 1..maxBatch changes. */
  maxBatch: intFromEnv('LOAD_MAX_BATCH', 10, 1),
  /** Pool size of each server process (server/main.ts's PG_POOL_MAX default is 10). */
  poolMax: intFromEnv('PG_POOL_MAX', 10, 1),
  servers: 2,
  /** Rows the changes of all devices cycle over: concurrent writes to the same rows. */
  rows: 20,
}

// ---------------------------------------------------------------------------------------------
// Clean-up: always, also on Ctrl-C and on the time limit. Run in reverse order of creation.

const cleanups: (() => Promise<unknown>)[] = []
let cleaning: Promise<void> | null = null
let aborted = false

function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let step = cleanups.pop(); step; step = cleanups.pop()) {
      await step().catch((error: unknown) => {
        process.stderr.write(`clean-up step failed: ${String(error)}\n`)
      })
    }
  })()
  return cleaning
}

function abort(reason: string, exitCode: number): void {
  if (aborted) return
  aborted = true
  process.stderr.write(`\nLoad test stopped: ${reason}; cleaning up…\n`)
  void cleanUp().finally(() => process.exit(exitCode))
}

// `on`, not `once`: Ctrl-C reaches this process twice (from the terminal and relayed by the tsx
// CLI), and with no listener left the second would end it half-way through the clean-up.
process.on('SIGINT', () => abort('interrupted', 130))
process.on('SIGTERM', () => abort('terminated', 143))
setTimeout(
  () => abort('it ran past its time limit', 1),
  config.seconds * 1000 + OVERHEAD_LIMIT_MS,
).unref()

// ---------------------------------------------------------------------------------------------

/** `dataDir` only for a cluster of our own (to measure its CPU). */
type Database = { url: string; source: string; dataDir?: string }

/** A fresh database: on DATABASE_URL's server (the role needs CREATEDB), else a new cluster. */
async function openDatabase(): Promise<Database> {
  const fromEnv = process.env.DATABASE_URL
  if (fromEnv) {
    const database = await createTestDatabase(fromEnv, 'load')
    cleanups.push(() => database.drop())
    return { url: database.url, source: 'a new database on DATABASE_URL' }
  }
  const reason = await clusterUnavailableReason()
  if (reason) throw new Error(`cannot start PostgreSQL: ${reason} (or set DATABASE_URL)`)
  // Durable (fsync, synchronous commit on), as a deployment would run it.
  const cluster: PgCluster = await startCluster({ durable: true })
  cleanups.push(() => cluster.stop())
  return { url: cluster.url, source: 'a throw-away durable cluster', dataDir: cluster.dataDir }
}

async function query<TRow>(url: string, sql: string, params: unknown[] = []): Promise<TRow[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql, params)).rows as TRow[]
  } finally {
    await client.end()
  }
}

/**
 * The fields of /proc/<pid>/stat from the third on (state, ppid, …; CPU times in clock ticks of
 * 1/100 s), or null when unreadable (not Linux, or the process is gone).
 */
async function procStat(pid: number): Promise<string[] | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    // After the parenthesised command name, which may itself hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

const ticks = (fields: readonly string[], ...indexes: number[]) =>
  indexes.reduce((sum, index) => sum + Number(fields[index] ?? 0), 0) / 100

/** CPU seconds (user + system) a process has used so far; null when unknown. */
async function cpuSeconds(pid: number | undefined): Promise<number | null> {
  const fields = pid === undefined ? null : await procStat(pid)
  return fields ? ticks(fields, 11, 12) : null
}

/**
 * CPU seconds of a cluster: the postmaster, its exited children (cutime, cstime) and its live
 * ones (the backends, checkpointer, WAL writer…). Null when unknown.
 */
async function clusterCpuSeconds(dataDir: string | undefined): Promise<number | null> {
  if (!dataDir) return null
  try {
    const postmaster = Number(
      (await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0],
    )
    const own = await procStat(postmaster)
    if (!own) return null
    let total = ticks(own, 11, 12, 13, 14)
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      const fields = await procStat(Number(entry))
      if (fields && Number(fields[1]) === postmaster) total += ticks(fields, 11, 12)
    }
    return total
  } catch {
    return null
  }
}

type LoadDevice = {
  sim: SimDevice
  replica: Replica
  rng: () => number
  /** The batch being pushed; left set when the device gave up on it, for the drain to push. */
  pending: ChangeRecord[] | null
  error: unknown
}

/** One device's rounds until the deadline: push a few changes, pull to the end, pause. */
async function runDevice(device: LoadDevice, deadline: number): Promise<void> {
  // Devices start spread over one pause, not all in the same millisecond.
  await sleep(device.rng() * config.thinkMs)
  while (!aborted && performance.now() < deadline) {
    device.pending = device.sim.makeBatch(1 + Math.floor(device.rng() * config.maxBatch))
    await device.sim.push(device.pending)
    device.pending = null
    await device.sim.pullAll()
    await sleep(device.rng() * 2 * config.thinkMs)
  }
}

type Verification = {
  logChanges: number
  latestSeq: number
  acknowledged: number
  duplicateIdsInLog: number
  seqGaps: number
  acknowledgedMissingFromLog: number
  logChangesNeverAcknowledged: number
  madeButNotAcknowledged: number
  exactlyOnce: boolean
  devicesConverged: number
  converged: boolean
}

/** Reads the space's log from PostgreSQL and checks the devices against it. */
async function verify(
  url: string,
  spaceId: string,
  devices: readonly LoadDevice[],
): Promise<Verification> {
  const rows = await query<ChangeRow>(
    url,
    `SELECT seq, change_id, table_name, row_id, fields, hlc, device_id
     FROM changes WHERE space_id = $1 ORDER BY seq`,
    [spaceId],
  )
  const [space] = await query<{ last_seq: string }>(
    url,
    'SELECT last_seq FROM spaces WHERE space_id = $1',
    [spaceId],
  )
  const latestSeq = Number(space?.last_seq ?? -1)
  let seqGaps = 0
  rows.forEach((row, index) => {
    if (Number(row.seq) !== index + 1) seqGaps += 1
  })
  const logIds = new Set(rows.map((row) => row.change_id))
  const acknowledged = new Set(devices.flatMap((device) => [...device.sim.acknowledged]))
  const acknowledgedMissingFromLog = [...acknowledged].filter((id) => !logIds.has(id)).length
  const logChangesNeverAcknowledged = [...logIds].filter((id) => !acknowledged.has(id)).length
  const madeButNotAcknowledged = devices.reduce(
    (sum, device) => sum + device.sim.made - device.sim.acknowledged.size,
    0,
  )
  const duplicateIdsInLog = rows.length - logIds.size
  const exactlyOnce =
    duplicateIdsInLog === 0 &&
    seqGaps === 0 &&
    latestSeq === rows.length &&
    acknowledgedMissingFromLog === 0 &&
    logChangesNeverAcknowledged === 0 &&
    madeButNotAcknowledged === 0

  // The whole log through the same merge code the devices used.
  const log = new Replica()
  log.apply(rows.map(toLoggedChange))
  const logState = log.state()
  const devicesConverged = devices.filter(
    (device) =>
      device.sim.cursor === rows.length &&
      device.replica.count === log.count &&
      device.replica.digest === log.digest &&
      device.replica.state() === logState,
  ).length
  return {
    logChanges: rows.length,
    latestSeq,
    acknowledged: acknowledged.size,
    duplicateIdsInLog,
    seqGaps,
    acknowledgedMissingFromLog,
    logChangesNeverAcknowledged,
    madeButNotAcknowledged,
    exactlyOnce,
    devicesConverged,
    converged: devicesConverged === devices.length,
  }
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)
const yesNo = (ok: boolean) => (ok ? 'yes' : 'NO')

async function main(): Promise<number> {
  const loadBefore = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')
  process.stdout.write(
    `Load test: ${config.devices} devices, ${config.seconds} s, ${config.servers} server processes on PostgreSQL (load average before: ${loadBefore})\n`,
  )
  const database = await openDatabase()
  const [version] = await query<{ server_version: string }>(database.url, 'SHOW server_version')

  const env = { DATABASE_URL: database.url, PG_POOL_MAX: String(config.poolMax) }
  const servers: ServerProcess[] = []
  // Started together: the migration advisory lock lets one of them migrate the new database.
  const started = await Promise.allSettled([spawnServer(env), spawnServer(env)])
  for (const result of started) if (result.status === 'fulfilled') servers.push(result.value)
  cleanups.push(() => Promise.all(servers.map((server) => server.stop())))
  for (const result of started) if (result.status === 'rejected') throw result.reason
  const urls = servers.map((server) => server.url)
  process.stdout.write(`Servers: ${urls.join(', ')} on ${database.source}\n`)

  const first = urls[0]
  if (!first) throw new Error('no server started')
  const credential = await apiClient(first).createSpace('Load test bakery')
  const { spaceId } = splitCredential(credential)

  const samples: RequestSample[] = []
  let pulledChanges = 0
  const devices: LoadDevice[] = Array.from({ length: config.devices }, (_, index) => {
    const replica = new Replica()
    return {
      replica,
      rng: seededRng(20261123 + index),
      pending: null,
      error: null,
      sim: new SimDevice({
        deviceId: `load-device-${String(index).padStart(2, '0')}`,
        credential,
        servers: urls,
        start: index,
        rotate: true,
        samples,
        rows: config.rows,
        keepPulled: false,
        onPulled: (changes) => {
          pulledChanges += changes.length
          replica.apply(changes)
        },
      }),
    }
  })

  const cpuBefore = {
    generator: process.cpuUsage(),
    servers: await Promise.all(servers.map((server) => cpuSeconds(server.child.pid))),
    postgres: await clusterCpuSeconds(database.dataDir),
  }
  const startedAt = performance.now()
  const deadline = startedAt + config.seconds * 1000
  const progress = setInterval(() => {
    const elapsed = (performance.now() - startedAt) / 1000
    const failed = samples.filter((sample) => !sample.ok).length
    process.stdout.write(`  ${fixed(elapsed, 0)} s: ${samples.length} requests, ${failed} errors\n`)
  }, 10_000)
  const loops = await Promise.allSettled(
    devices.map((device) => runDevice(device, deadline)),
  ).finally(() => clearInterval(progress))
  const elapsedSeconds = (performance.now() - startedAt) / 1000
  const generatorCpu = process.cpuUsage(cpuBefore.generator)
  const serverCpu = await Promise.all(
    servers.map(async (server, index) => {
      const [before, after] = [cpuBefore.servers[index], await cpuSeconds(server.child.pid)]
      return before === null || before === undefined || after === null ? null : after - before
    }),
  )
  const postgresAfter = await clusterCpuSeconds(database.dataDir)
  const postgresCpu =
    postgresAfter === null || cpuBefore.postgres === null
      ? null
      : postgresAfter - cpuBefore.postgres
  // Share of one core each used during the load, in per cent (200 = both cores of two).
  const cpuPercent = (seconds: number | null) =>
    seconds === null ? null : Math.round((seconds / elapsedSeconds) * 100)
  loops.forEach((result, index) => {
    const device = devices[index]
    if (result.status === 'rejected' && device) device.error = result.reason
  })
  const loadSamples = samples.splice(0)
  const loadPulled = pulledChanges
  const changesPushed = devices.reduce((sum, device) => sum + device.sim.made, 0)

  // Drain: a device that gave up on a push (an error already) pushes it again; once every push
  // is in, one pull to the end brings every device to the last seq.
  process.stdout.write(`Load stopped after ${fixed(elapsedSeconds)} s; draining…\n`)
  const drain = async (step: (device: LoadDevice) => Promise<void>) => {
    const results = await Promise.allSettled(devices.map(step))
    results.forEach((result, index) => {
      const device = devices[index]
      if (result.status === 'rejected' && device) device.error ??= result.reason
    })
  }
  await drain(async (device) => {
    if (device.pending) await device.sim.push(device.pending)
    device.pending = null
  })
  await drain((device) => device.sim.pullAll())
  const drainSamples = samples.splice(0)

  const verification = await verify(database.url, spaceId, devices)
  const failedDevices = devices.filter((device) => device.error !== null)
  for (const device of failedDevices)
    process.stderr.write(`${device.sim.deviceId} failed: ${String(device.error)}\n`)

  const latency: Record<'push' | 'pull' | 'all', LatencyFigures> = {
    push: latencyFigures(loadSamples.filter((sample) => sample.kind === 'push')),
    pull: latencyFigures(loadSamples.filter((sample) => sample.kind === 'pull')),
    all: latencyFigures(loadSamples),
  }
  const drainErrors = drainSamples.filter((sample) => !sample.ok).length
  const errors = latency.all.errors + drainErrors + failedDevices.length
  const load = {
    elapsedSeconds: Number(fixed(elapsedSeconds, 2)),
    requests: loadSamples.length,
    requestsPerSecond: Number(fixed(loadSamples.length / elapsedSeconds)),
    changesPushed,
    changesPushedPerSecond: Number(fixed(changesPushed / elapsedSeconds)),
    changesPulled: loadPulled,
    changesPulledPerSecond: Number(fixed(loadPulled / elapsedSeconds)),
    errors,
    drainRequests: drainSamples.length,
    cpuPercentOfOneCore: {
      loadGenerator: cpuPercent((generatorCpu.user + generatorCpu.system) / 1e6),
      serverA: cpuPercent(serverCpu[0] ?? null),
      serverB: cpuPercent(serverCpu[1] ?? null),
      postgres: cpuPercent(postgresCpu),
    },
  }
  const cpuList = cpus()
  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryGiB: Number(fixed(totalmem() / 2 ** 30)),
      node: process.version,
      postgres: version?.server_version ?? 'unknown',
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg()
        .map((value) => value.toFixed(2))
        .join(' '),
    },
    config: { ...config, database: database.source },
    load,
    latencyMs: latency,
    verification,
  }

  const latencyRow = (name: string, figures: LatencyFigures) => [
    name,
    String(figures.requests),
    fixed(figures.p50),
    fixed(figures.p95),
    fixed(figures.p99),
    fixed(figures.max),
    String(figures.errors),
  ]
  process.stdout.write(
    `\n${markdownTable(
      ['figure', 'value'],
      [
        ['devices', String(config.devices)],
        ['server processes', String(config.servers)],
        ['seconds', fixed(elapsedSeconds)],
        ['requests', String(load.requests)],
        ['requests/s', fixed(load.requestsPerSecond)],
        ['changes pushed', String(changesPushed)],
        ['changes pushed/s', fixed(load.changesPushedPerSecond)],
        ['changes pulled/s', fixed(load.changesPulledPerSecond)],
        ['errors', String(errors)],
        [
          'CPU % of one core',
          `generator ${load.cpuPercentOfOneCore.loadGenerator ?? '?'}, servers ${load.cpuPercentOfOneCore.serverA ?? '?'} + ${load.cpuPercentOfOneCore.serverB ?? '?'}, PostgreSQL ${load.cpuPercentOfOneCore.postgres ?? '?'}`,
        ],
        [
          'exactly once',
          `${yesNo(verification.exactlyOnce)} (${verification.logChanges} in log, ${verification.acknowledged} acknowledged)`,
        ],
        [
          'converged',
          `${yesNo(verification.converged)} (${verification.devicesConverged}/${config.devices} devices)`,
        ],
      ],
    )}\n\n${markdownTable(
      ['latency (ms)', 'requests', 'p50', 'p95', 'p99', 'max', 'errors'],
      [
        latencyRow('push', latency.push),
        latencyRow('pull', latency.pull),
        latencyRow('all', latency.all),
      ],
    )}\n\n`,
  )
  await mkdir(dirname(RESULTS_FILE), { recursive: true })
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
  process.stdout.write(`Written to ${RESULTS_FILE}\n`)

  const ok = errors === 0 && verification.exactlyOnce && verification.converged
  if (!ok) process.stderr.write('Load test FAILED: see errors and checks above.\n')
  return ok ? 0 : 1
}

let exitCode = 1
try {
  exitCode = await main()
} catch (error) {
  process.stderr.write(
    `Load test failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
}
await cleanUp()
if (!aborted) process.exit(exitCode)
