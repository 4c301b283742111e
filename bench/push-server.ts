/**
 * `npx tsx bench/push-server.ts`: the server's push path in process, on embedded storage (PGlite;
 * in memory, or PROFILE_DIR=<dir> as a real server keeps it), with the L dataset's own change log
 * (made once on fake-indexeddb, cached in the temp dir). Pushes 500-change batches through the
 * Hono app (no socket) and reports wall and CPU time per batch, JSON parse and zod apart, and
 * the CPU time of each SQL statement (CPU, not wall: the machine is shared). PROFILE_EVENTS
 * (default 20) sizes the dataset, PROFILE_CHANGES (10,000) a round, PROFILE_CPU=<file> profiles,
 * PROFILE_SQL=<statements> alters the schema first (to weigh an index or a table layout).
 */
import 'fake-indexeddb/auto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Session } from 'node:inspector/promises'
import { PGlite } from '@electric-sql/pglite'
import { createDatabase } from '../src/db/database'
import { createRunAction } from '../src/transactions/run-action'
import { createDemoDataset } from '../src/services'
import {
  MAX_PUSH_BATCH,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pushRequestSchema,
  type ChangeRecord,
} from '../src/sync/wire'
import { createApp } from '../server/app'
import { hashToken, newToken } from '../server/auth'
import { silentLogger } from '../server/logger'
import { PGLITE_SETTINGS } from '../server/storage/pglite-storage'
import { SqlStorage, type Queryable, type SqlClient } from '../server/storage/sql-storage'

const EVENTS = Number(process.env.PROFILE_EVENTS ?? 20)
const CHANGES = Number(process.env.PROFILE_CHANGES ?? 10_000)
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3)

/** L's shape (bench/run.ts DATASETS.L) with fewer events. */
async function datasetChanges(): Promise<ChangeRecord[]> {
  const cache = join(tmpdir(), `bake-push-profile-L${EVENTS}.json`)
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as ChangeRecord[]
  const db = createDatabase(`profile-${EVENTS}`, { deviceId: 'profile-device' })
  const run = createRunAction(db)
  const result = await run([createDemoDataset], (tx) =>
    createDemoDataset(tx, {
      seed: 11,
      today: '2026-12-01',
      events: EVENTS,
      recipes: 38,
      targetsPerEvent: 40,
      recipients: 100,
      assignmentsPerEvent: 300,
      runsPerEvent: 25,
    }),
  )
  if (!result.ok) throw new Error(String(result.error))
  const changes = await db.changes.orderBy('id').toArray()
  writeFileSync(cache, JSON.stringify(changes))
  await db.delete()
  return changes
}

/** Statement CPU times by the first words of their SQL (PGlite runs on this thread). */
const timings = new Map<string, { n: number; ms: number }>()
function timed(target: Pick<PGlite, 'query'>): Queryable {
  return {
    async query<TRow>(sql: string, params: unknown[] = []) {
      const started = process.cpuUsage()
      const result = await target.query<TRow>(sql, params)
      const used = process.cpuUsage(started)
      const name = sql.replace(/\s+/g, ' ').trim().slice(0, 60)
      const entry = timings.get(name) ?? { n: 0, ms: 0 }
      entry.n += 1
      entry.ms += (used.user + used.system) / 1000
      timings.set(name, entry)
      return { rows: result.rows }
    },
  }
}

async function main(): Promise<void> {
  const started = performance.now()
  const all = await datasetChanges()
  console.log(`${all.length} changes of L${EVENTS} (${Math.round(performance.now() - started)} ms)`)
  // PROFILE_DIR=<dir>: a data directory (as the bench and a real server use) instead of memory.
  const db = await PGlite.create(process.env.PROFILE_DIR, { postgresqlconf: PGLITE_SETTINGS })
  const client: SqlClient = {
    ...timed(db),
    transact: (body) => db.transaction((tx) => body(timed(tx))),
    close: () => db.close(),
  }
  const storage = await SqlStorage.open(client)
  // PROFILE_SQL=<statements>: try a schema variant (say, another index) on the migrated schema.
  if (process.env.PROFILE_SQL) await db.exec(process.env.PROFILE_SQL)
  const app = createApp({ storage, allowedOrigins: [], logger: silentLogger })
  const bodies: string[] = []
  for (let index = 0; index < all.length && bodies.length * MAX_PUSH_BATCH < CHANGES * ROUNDS;) {
    const changes = all.slice(index, index + MAX_PUSH_BATCH)
    index += MAX_PUSH_BATCH
    bodies.push(JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: 'profile-device', changes }))
  }
  // Stage costs outside the app: parse and zod of every body, warm (the last of three passes).
  let parseMs = 0
  let zodMs = 0
  for (let pass = 0; pass < 3; pass += 1) {
    parseMs = 0
    zodMs = 0
    for (const body of bodies) {
      const t0 = performance.now()
      const value = JSON.parse(body) as unknown
      const t1 = performance.now()
      pushRequestSchema.parse(value)
      parseMs += t1 - t0
      zodMs += performance.now() - t1
    }
  }
  console.log(
    `per batch: JSON.parse ${(parseMs / bodies.length).toFixed(2)} ms, zod ${(zodMs / bodies.length).toFixed(2)} ms`,
  )
  const perRound = Math.ceil(CHANGES / MAX_PUSH_BATCH)
  // PROFILE_CPU=<file>: a CPU profile of the timed rounds (open in Chrome's DevTools).
  const session = process.env.PROFILE_CPU ? new Session() : null
  if (session) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const spaceId = `profile-space-${round}`
    const token = newToken()
    await storage.createSpace({
      spaceId,
      tokenHash: hashToken(token),
      name: null,
      createdAt: new Date().toISOString(),
    })
    timings.clear()
    const roundBodies = bodies.slice(round * perRound, (round + 1) * perRound)
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    let pushed = 0
    for (const body of roundBodies) {
      const response = await app.request('/api/sync/push', {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${spaceId}.${token}`,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
      })
      if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`)
      const answer = (await response.json()) as { stored: number }
      pushed += answer.stored
    }
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    const cpuMs = (cpu.user + cpu.system) / 1000
    console.log(
      `round ${round + 1}: ${pushed} changes in ${Math.round(ms)} ms = ${Math.round(pushed / (ms / 1000))} changes/s (${(ms / roundBodies.length).toFixed(1)} ms per batch; CPU ${(cpuMs / roundBodies.length).toFixed(1)} ms per batch = ${Math.round(pushed / (cpuMs / 1000))} changes per CPU-second)`,
    )
    const sql = [...timings.entries()].sort((a, b) => b[1].ms - a[1].ms)
    let sqlMs = 0
    for (const [name, entry] of sql) {
      sqlMs += entry.ms
      console.log(
        `  ${(entry.ms / roundBodies.length).toFixed(2).padStart(7)} ms CPU/batch  ×${String(entry.n).padStart(4)}  ${name}`,
      )
    }
    console.log(`  SQL total ${(sqlMs / roundBodies.length).toFixed(2)} ms CPU/batch`)
  }
  if (session && process.env.PROFILE_CPU) {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(process.env.PROFILE_CPU, JSON.stringify(profile))
  }
  await storage.close()
}

await main()
