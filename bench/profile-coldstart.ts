/**
 * `npx tsx bench/profile-coldstart.ts`: the phases of a cold start of the installed app on L, without
 * the whole bench. Seeds L once into a kept Chromium profile (COLD_PROFILE, default
 * /tmp/bake-tracker-coldstart-profile; COLD_BENCH_DIST: the bench page that seeds, so a profile can
 * be seeded by an older build and opened by this one), installs the app served from COLD_DIST
 * (default dist/; a new build replaces the service worker), then times COLD_STARTS cold starts:
 * navigation, JS fetched, database opened, each IndexedDB transaction, first card, bars.
 * COLD_CPU=1 adds a CPU profile of one more start; COLD_FLOOR=1 follows each start with the floor's
 * (bench/coldstart-floor.ts); COLD_PUSH=<n> first pushes n changes and leaves the space, as the
 * bench does before its cold starts. Port COLD_PORT (default 4311). Nothing is asserted.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from '@playwright/test'
import { silentLogger } from '../server/logger'
import { startServer } from '../server/start'
import { openPgliteStorage } from '../server/storage/pglite-storage'
import { floorStart, type FloorMarks } from './coldstart-floor'
import { datasetL, TABLET } from './datasets'
import { CHROMIUM_ARGS, median } from './report'

const ROOT = join(import.meta.dirname, '..')
const PORT = Number(process.env.COLD_PORT ?? 4311)
const PROFILE = process.env.COLD_PROFILE ?? '/tmp/bake-tracker-coldstart-profile'
const APP_DIST = process.env.COLD_DIST ?? join(ROOT, 'dist')
const BENCH_DIST = process.env.COLD_BENCH_DIST ?? join(ROOT, 'bench/dist')
const STARTS = Number(process.env.COLD_STARTS ?? 7)
const PUSH = Number(process.env.COLD_PUSH ?? 0)
const FLOOR = process.env.COLD_FLOOR === '1'
const FIRST_SYNCS = Number(process.env.COLD_FIRST_SYNCS ?? 0)
const EARLY_OPEN = process.env.COLD_EARLY_OPEN === 'alt'
const TODAY = new Date().toISOString().slice(0, 10)
const L = datasetL(TODAY, Number(process.env.COLD_EVENTS ?? 200))

/** Runs before the app: marks the database open and every transaction, first card and bars. */
const PHASES_SCRIPT = `
window.coldTx = []
window.coldRequests = []
window.coldMarks = {}
const coldMark = (name) => { if (!(name in window.coldMarks)) window.coldMarks[name] = performance.now() }
const coldOpen = indexedDB.open.bind(indexedDB)
indexedDB.open = function (...args) {
  coldMark('idb open called')
  const request = coldOpen(...args)
  request.addEventListener('success', () => coldMark('idb open success'))
  request.addEventListener('upgradeneeded', () => coldMark('idb UPGRADE'))
  return request
}
const coldTransaction = IDBDatabase.prototype.transaction
IDBDatabase.prototype.transaction = function (stores, mode, options) {
  const tx = coldTransaction.call(this, stores, mode, options)
  const record = { stores: (typeof stores === 'string' ? [stores] : [...stores]).join(','),
    mode: mode || 'readonly', created: performance.now(), ended: 0, requests: [] }
  window.coldTx.push(record)
  tx.__cold = record
  tx.addEventListener('complete', () => { record.ended = performance.now() })
  return tx
}
for (const Owner of [IDBObjectStore, IDBIndex]) {
  for (const name of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor', 'put']) {
    const original = Owner.prototype[name]
    Owner.prototype[name] = function (...args) {
      const request = original.apply(this, args)
      const tx = this.transaction || (this.objectStore && this.objectStore.transaction)
      if (tx && tx.__cold) {
        const entry = name + ' ' + this.name
        tx.__cold.requests.push(entry)
        const asked = performance.now()
        request.addEventListener('success', () => {
          window.coldRequests.push({ entry, asked, answered: performance.now() })
        }, { once: true })
      }
      return request
    }
  }
}
const coldWhen = (selector, name) => new MutationObserver((_, observer) => {
  if (document.querySelector(selector) === null) return
  observer.disconnect()
  coldMark(name)
}).observe(document, { childList: true, subtree: true, attributes: true })
coldWhen('#root > *', 'first render')
coldWhen('.event-card', 'first card')
coldWhen('.event-card:not([aria-busy])', 'bars')
`

type Phases = {
  nav: Record<string, number>
  scripts: { name: string; end: number }[]
  marks: Record<string, number>
  tx: { stores: string; mode: string; created: number; ended: number; requests: string[] }[]
  requests: { entry: string; asked: number; answered: number }[]
}

function log(message: string): void {
  process.stderr.write(`[cold ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(os.tmpdir(), 'bake-tracker-cold-'))
  const staticDir = join(work, 'static')
  cpSync(APP_DIST, staticDir, { recursive: true })
  cpSync(BENCH_DIST, join(staticDir, 'bench'), { recursive: true })
  const storage = await openPgliteStorage(join(work, 'pglite'))
  const server = await startServer({
    host: '127.0.0.1',
    port: PORT,
    storage,
    allowedOrigins: [],
    logger: silentLogger,
    staticDir,
    backup: null,
  })
  const base = server.url
  const launch = (): Promise<BrowserContext> =>
    chromium.launchPersistentContext(PROFILE, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      serviceWorkers: 'allow',
      ...TABLET,
    })
  try {
    const fresh = !existsSync(PROFILE)
    let context = await launch()
    if (fresh) {
      const page = await context.newPage()
      page.setDefaultTimeout(0)
      await page.goto(`${base}/bench/`)
      await page.waitForFunction(() => document.title === 'bench ready')
      log(`seeding ${L.events} events into bake-tracker`)
      const seeded = await page.evaluate(
        (input) =>
          (
            window as unknown as {
              bench: { seed: (n: string, i: unknown) => Promise<{ changes: number; ms: number }> }
            }
          ).bench.seed('bake-tracker', input),
        L,
      )
      log(`seeded ${seeded.changes} changes in ${Math.round(seeded.ms / 1000)} s`)
      await page.close()
    }
    // COLD_PUSH=<n>: push the first n changes to the embedded server and leave the space, as the
    // bench's sync part does before its cold starts (once per profile).
    const pushMarker = join(PROFILE, 'cold-pushed')
    if (PUSH > 0 && !existsSync(pushMarker)) {
      const page = await context.newPage()
      page.setDefaultTimeout(0)
      // The installed worker answers every navigation with the app: drop it to reach the bench page.
      await page.goto(`${base}/bench/`)
      await page.evaluate(async () => {
        for (const registration of await navigator.serviceWorker.getRegistrations())
          await registration.unregister()
      })
      await page.goto(`${base}/bench/`)
      await page.waitForFunction(() => document.title === 'bench ready')
      type PushBench = {
        bench: {
          push: (
            n: string,
            count: number,
          ) => Promise<{ pushed: number; ms: number; credential: string }>
          firstSync: (n: string, credential: string) => Promise<unknown>
          leaveSpace: (n: string) => Promise<void>
        }
      }
      // COLD_FIRST_SYNCS=<k>: then k first syncs of another database of the origin, as the bench.
      const pushed = await page.evaluate(
        async ({ count, firstSyncs }) => {
          const { bench } = window as unknown as PushBench
          const result = await bench.push('bake-tracker', count)
          for (let index = 0; index < firstSyncs; index += 1)
            await bench.firstSync('bench-new-device', result.credential)
          await bench.leaveSpace('bake-tracker')
          return result
        },
        { count: PUSH, firstSyncs: FIRST_SYNCS },
      )
      log(`pushed ${pushed.pushed} changes in ${Math.round(pushed.ms / 1000)} s, left the space`)
      writeFileSync(pushMarker, String(pushed.pushed))
      await page.close()
    }
    // Install this build: drop any older service worker and its caches, then load and wait.
    const install = await context.newPage()
    install.setDefaultTimeout(0)
    await install.goto(`${base}/bench/`)
    await install.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations())
        await registration.unregister()
      for (const key of await caches.keys()) await caches.delete(key)
    })
    // COLD_DROP=<name>: delete another database of the origin first (the bench's first-sync one).
    if (process.env.COLD_DROP)
      await install.evaluate(
        (name) =>
          new Promise((resolve) => {
            indexedDB.deleteDatabase(name).onsuccess = resolve
          }),
        process.env.COLD_DROP,
      )
    const opened = Date.now()
    await install.goto(base)
    await install.evaluate(async () => {
      await navigator.serviceWorker.ready
    })
    await install.locator('.event-card:not([aria-busy])').first().waitFor()
    log(`installed; first load (any upgrade included) ${Date.now() - opened} ms`)
    await context.close()

    const all: Phases[] = []
    const allEarly: Phases[] = []
    const floors: FloorMarks[] = []
    const count = STARTS + 1 + (process.env.COLD_CPU === '1' ? 1 : 0)
    for (let index = 0; index < count; index += 1) {
      context = await launch()
      await context.addInitScript({ content: PHASES_SCRIPT })
      // COLD_EARLY_OPEN=alt: every other start opens the database at document start (a plain
      // open, closed when the app's open needs a new version), to see if the store opens sooner.
      const early = EARLY_OPEN && index % 2 === 1
      if (early)
        await context.addInitScript({
          content: `if (location.pathname === '/') { const r = indexedDB.open('bake-tracker'); r.onsuccess = () => { const d = r.result; d.onversionchange = () => d.close(); setTimeout(() => d.close(), 15000) } }`,
        })
      // COLD_EARLY=1: when would IndexedDB answer a request made at document start?
      if (process.env.COLD_EARLY === '1')
        await context.addInitScript({
          content: `window.coldMarks['databases() called'] = performance.now(); indexedDB.databases().then(() => { window.coldMarks['databases() resolved'] = performance.now() })`,
        })
      const page = await context.newPage()
      const profiling = index === STARTS + 1
      const cdp = profiling ? await context.newCDPSession(page) : null
      if (cdp) {
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
        await cdp.send('Profiler.start')
      }
      await page.goto(base)
      await page.locator('.event-card:not([aria-busy])').first().waitFor({ timeout: 60_000 })
      await page.waitForTimeout(300)
      const phases = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
        const scripts = performance
          .getEntriesByType('resource')
          .filter((entry): entry is PerformanceResourceTiming => entry.name.endsWith('.js'))
          .map((entry) => ({
            name: entry.name.split('/').pop() ?? '',
            end: Math.round(entry.responseEnd),
          }))
        const w = window as unknown as {
          coldMarks: Phases['marks']
          coldTx: Phases['tx']
          coldRequests: Phases['requests']
        }
        return {
          nav: {
            workerStart: Math.round(nav.workerStart),
            responseEnd: Math.round(nav.responseEnd),
            domInteractive: Math.round(nav.domInteractive),
            domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
          },
          scripts,
          marks: w.coldMarks,
          tx: w.coldTx,
          requests: w.coldRequests,
        }
      })
      if (cdp) {
        const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile }
        printSelfTimes(profile)
      } else if (index > 0) (early ? allEarly : all).push(phases)
      await context.close()
      // COLD_FLOOR=1: after each start, the floor (bench/coldstart-floor.ts) in a new process.
      if (FLOOR && !profiling) {
        context = await launch()
        const floor = await floorStart(context, base, TODAY)
        if (index > 0) floors.push(floor)
        await context.close()
      }
    }
    printPhases(all)
    if (allEarly.length > 0) {
      process.stdout.write('\nSTARTS WITH AN EARLY OPEN:')
      printPhases(allEarly)
    }
    if (floors.length > 0)
      process.stdout.write(
        `floor (no app code, same SW): open asked ${Math.round(median(floors.map((f) => f.asked)))} ms, answered ${Math.round(median(floors.map((f) => f.opened)))} ms ` +
          `(${floors.map((f) => Math.round(f.opened)).join(' ')}), Today's events read ` +
          `${Math.round(median(floors.map((f) => f.read)))} ms (${floors.map((f) => Math.round(f.read)).join(' ')})\n`,
      )
  } finally {
    await server.close()
    await storage.close()
    rmSync(work, { recursive: true, force: true })
  }
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

function printSelfTimes(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, index) => {
    const frame = byNode.get(id)?.callFrame
    const key = `${frame?.functionName || '(anonymous)'} ${frame?.url.split('/').pop() ?? ''}:${frame?.lineNumber ?? 0}`
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000)
  })
  process.stdout.write('\nCPU profile of one cold start (self time):\n')
  for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25))
    process.stdout.write(`${ms.toFixed(1).padStart(8)} ms  ${key}\n`)
}

function printPhases(all: Phases[]): void {
  const rows = new Map<string, number[]>()
  const add = (name: string, value: number | undefined): void => {
    if (value === undefined || value <= 0) return
    rows.set(name, [...(rows.get(name) ?? []), value])
  }
  for (const phases of all) {
    for (const [name, value] of Object.entries(phases.nav)) add(`nav ${name}`, value)
    add('last initial script fetched', Math.max(...phases.scripts.slice(0, 10).map((s) => s.end)))
    for (const [name, value] of Object.entries(phases.marks)) add(name, value)
    phases.tx.forEach((tx, index) => {
      const label = `tx${index} ${tx.mode} [${tx.stores.slice(0, 60)}] ${tx.requests.slice(0, 3).join('; ')}`
      add(`${label} created`, tx.created)
      add(`${label} ended`, tx.ended)
    })
    // Every request with its answer: a read that steps over many deleted records shows here.
    const seen = new Map<string, number>()
    for (const request of phases.requests) {
      const nth = (seen.get(request.entry) ?? 0) + 1
      seen.set(request.entry, nth)
      add(`  request ${request.entry} #${nth} answered`, request.answered)
      add(`  request ${request.entry} #${nth} took`, request.answered - request.asked + 0.001)
    }
  }
  process.stdout.write(`\nmedians over ${all.length} cold starts (ms from navigation start)\n`)
  for (const [name, values] of [...rows].sort((a, b) => median(a[1]) - median(b[1])))
    process.stdout.write(
      `${String(Math.round(median(values))).padStart(6)}  (${values.map(Math.round).join(' ')})  ${name}\n`,
    )
}

await main()
