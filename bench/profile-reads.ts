/**
 * `npx tsx bench/profile-reads.ts`: where Today's and the dashboard's reads spend their time on L,
 * without the whole bench. Seeds L once into a persistent Chromium profile (READS_PROFILE, default
 * /tmp/bake-tracker-reads-profile; a later run reuses it, through any schema upgrade), then prints
 * each step's median (bench-page.ts `profileReads`) and the self time per function of a Chrome CPU
 * profile over `timeRead` of each read. Port READS_PORT (default 4304). Nothing is asserted.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import type { Bench, ReadName } from './bench-page'
import { CHROMIUM_ARGS } from './report'
import { datasetL } from './datasets'

const ROOT = join(import.meta.dirname, '..')
const PORT = Number(process.env.READS_PORT ?? 4304)
const PROFILE = process.env.READS_PROFILE ?? '/tmp/bake-tracker-reads-profile'
const TODAY = new Date().toISOString().slice(0, 10)
const DB = 'bench-l'
const L = datasetL(TODAY, Number(process.env.READS_EVENTS ?? 200))
const REPEATS = Number(process.env.READS_REPEATS ?? 20)

function log(message: string): void {
  process.stderr.write(`[reads ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time (ms) per function of a CPU profile, the `top` largest. */
function selfTimes(profile: CpuProfile, top: number): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id)?.callFrame
    const file = frame?.url.split('/').pop() ?? ''
    const key = `${frame?.functionName || '(anonymous)'} ${file}:${frame?.lineNumber ?? 0}`
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  const all = [...totals.values()].reduce((sum, ms) => sum + ms, 0)
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(
      ([key, ms]) =>
        `${ms.toFixed(1).padStart(8)} ms ${((ms / all) * 100).toFixed(1).padStart(5)} %  ${key}`,
    )
}

async function main(): Promise<void> {
  const build = spawnSync(
    'node_modules/.bin/vite',
    ['build', '--config', 'bench/vite.config.ts', '--minify', 'false'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  )
  if (build.status !== 0) throw new Error('bench page build failed')
  const server = spawn(
    'node_modules/.bin/vite',
    [
      'preview',
      '--config',
      'bench/vite.config.ts',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--strictPort',
    ],
    { cwd: ROOT, stdio: 'ignore', detached: true },
  )
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000))
    const context = await chromium.launchPersistentContext(PROFILE, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    })
    try {
      const page = await context.newPage()
      await page.goto(`http://127.0.0.1:${PORT}/bench/`)
      await page.waitForFunction(() => document.title === 'bench ready')
      const call = <K extends keyof Bench>(method: K, ...args: unknown[]) =>
        page.evaluate(
          ({ method, args }) =>
            (window.bench[method] as (...values: unknown[]) => Promise<unknown>).apply(
              window.bench,
              args,
            ),
          { method, args },
        )
      page.setDefaultTimeout(0)
      const opened = Date.now()
      const events = (await call('eventCount', DB)) as number
      log(`opened ${DB} (${events} events) in ${Date.now() - opened} ms`)
      if (events === 0) {
        log(`seeding ${L.events} events`)
        const seeded = (await call('seed', DB, L)) as { ms: number; changes: number }
        log(`seeded ${seeded.changes} changes in ${Math.round(seeded.ms / 1000)} s`)
      }
      const steps = await call('profileReads', DB, TODAY, REPEATS)
      for (const [step, ms] of Object.entries(steps as Record<string, number>))
        process.stdout.write(`${step.padEnd(52)} ${ms}\n`)
      const cdp = await context.newCDPSession(page)
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
      const reads: ReadName[] = [
        'getEventsWithProgress',
        'getEventsWithProgress (active_future)',
        'getDashboardSummary',
      ]
      for (const read of reads) {
        await cdp.send('Profiler.start')
        const samples = (await call('timeRead', DB, read, {
          eventId: '',
          today: TODAY,
          repeats: REPEATS,
          warmup: 2,
        })) as number[]
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
        const sorted = [...samples].sort((a, b) => a - b)
        process.stdout.write(
          `\n${read} (timeRead, profiled): median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms\n`,
        )
        for (const line of selfTimes(profile, 22)) process.stdout.write(`${line}\n`)
      }
    } finally {
      await context.close()
    }
  } finally {
    if (server.pid !== undefined) process.kill(-server.pid)
  }
}

await main()
