/**
 * First visit on a slow network: Lighthouse (mobile, its default simulated throttling) against the
 * built app served by the real server (`startServer`, as `npm start`: precompressed assets, CSP),
 * on an empty database. Prints performance, FCP, LCP and the bytes transferred; `npm run
 * lighthouse` runs it alone, `npm run bench -- --only=lighthouse` inside the bench.
 * Environment: BENCH_SKIP_BUILD=1 reuses dist/; CHROME_PATH (else CHROMIUM_PATH, else
 * /usr/bin/chromium); LIGHTHOUSE_RUNS (default 3; the median run is reported).
 */
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { silentLogger } from '../server/logger'
import { startServer } from '../server/start'
import { openPgliteStorage } from '../server/storage/pglite-storage'
import type { Figure } from './report'

const ROOT = join(import.meta.dirname, '..')
const CHROME = process.env.CHROME_PATH ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export type LighthouseRun = {
  performance: number
  fcpMs: number
  lcpMs: number
  transferredKiB: number
  unusedJsKiB: number
  compressionSavingsKiB: number
}

type Audit = { numericValue?: number; details?: { overallSavingsBytes?: number } }
type LighthouseResult = {
  categories: { performance: { score: number } }
  audits: Record<string, Audit | undefined>
  runtimeError?: { message: string }
}

/**
 * One Lighthouse run (the CLI, mobile defaults, performance only) against `url`. Asynchronous: the
 * server under test may run in this same process.
 */
export async function lighthouseOnce(url: string): Promise<LighthouseRun> {
  const out = mkdtempSync(join(os.tmpdir(), 'bake-tracker-lighthouse-'))
  try {
    const report = join(out, 'report.json')
    try {
      await promisify(execFile)(
        join(ROOT, 'node_modules/.bin/lighthouse'),
        [
          url,
          '--only-categories=performance',
          '--output=json',
          `--output-path=${report}`,
          '--quiet',
          '--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage',
        ],
        { cwd: ROOT, env: { ...process.env, CHROME_PATH: CHROME }, timeout: 180_000 },
      )
    } catch (error) {
      throw new Error(`lighthouse failed: ${String(error)}`)
    }
    const lhr = JSON.parse(readFileSync(report, 'utf8')) as LighthouseResult
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.message}`)
    const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
    const savings = (id: string) => (lhr.audits[id]?.details?.overallSavingsBytes ?? 0) / 1024
    return {
      performance: Math.round(lhr.categories.performance.score * 100),
      fcpMs: value('first-contentful-paint'),
      lcpMs: value('largest-contentful-paint'),
      transferredKiB: value('total-byte-weight') / 1024,
      unusedJsKiB: savings('unused-javascript'),
      compressionSavingsKiB: savings('uses-text-compression'),
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

/** Lighthouse `runs` times against `baseUrl` (empty database: every run has a fresh profile). */
export async function lighthouseFigures(baseUrl: string, runs: number): Promise<Figure[]> {
  const results: LighthouseRun[] = []
  for (let index = 0; index < runs; index += 1) results.push(await lighthouseOnce(`${baseUrl}/`))
  const dataset = 'first visit, empty database, built app from the real server (mobile, throttled)'
  const detail = { runs: results }
  return [
    {
      figure: 'first visit: Lighthouse performance',
      dataset,
      unit: 'score',
      samples: results.map((run) => run.performance),
      goal: { min: 90, on: 'median' },
      detail,
    },
    {
      figure: 'first visit: largest contentful paint',
      dataset,
      unit: 'ms',
      samples: results.map((run) => run.lcpMs),
      goal: { max: 2500, on: 'median' },
    },
    {
      figure: 'first visit: first contentful paint',
      dataset,
      unit: 'ms',
      samples: results.map((run) => run.fcpMs),
      goal: null,
    },
    {
      figure: 'first visit: bytes transferred',
      dataset,
      unit: 'KiB',
      samples: results.map((run) => run.transferredKiB),
      goal: null,
    },
  ]
}

/** `npm run lighthouse`: build, serve on an ephemeral port, run, print one line per run. */
async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const built = spawnSync('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    })
    if (built.status !== 0) throw new Error('vite build failed')
  }
  const work = mkdtempSync(join(os.tmpdir(), 'bake-tracker-lighthouse-server-'))
  const storage = await openPgliteStorage(join(work, 'pglite'))
  const server = await startServer({
    host: '127.0.0.1',
    port: 0,
    storage,
    allowedOrigins: [],
    logger: silentLogger,
    staticDir: join(ROOT, 'dist'),
    backup: null,
  })
  try {
    const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
    for (let index = 0; index < runs; index += 1) {
      const run = await lighthouseOnce(`${server.url}/`)
      process.stdout.write(
        `run ${index + 1}: performance ${run.performance}, FCP ${Math.round(run.fcpMs)} ms, ` +
          `LCP ${Math.round(run.lcpMs)} ms, transferred ${run.transferredKiB.toFixed(1)} KiB, ` +
          `unused JS ${run.unusedJsKiB.toFixed(1)} KiB, compression savings left ` +
          `${run.compressionSavingsKiB.toFixed(1)} KiB\n`,
      )
    }
  } finally {
    await server.close()
    await storage.close()
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main()
