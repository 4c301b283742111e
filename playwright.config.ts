import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.E2E_PORT ?? 4173)
// Every run starts the sync server on fresh, empty storage (set once, inherited by the workers).
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'bake-tracker-e2e-'))
const DATA_DIR = process.env.E2E_DATA_DIR
// Debian's Chromium; these flags keep it from reaching for the network this machine does not have.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  // Sized for a loaded 2-core machine: a screen that renders in 0.5 s idle may take seconds there.
  expect: { timeout: 10_000 },
  // One worker: with two on a 2-core machine a two-tablet sync wait ran out once (load, not a bug).
  // Each test has its own browser context and space, so E2E_WORKERS=2 works on a bigger machine.
  workers: Number(process.env.E2E_WORKERS ?? 1),
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    serviceWorkers: 'allow',
    trace: 'on-first-retry',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: 'tablet',
      use: {
        browserName: 'chromium',
        viewport: { width: 1024, height: 768 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 2,
      },
    },
  ],
  webServer: {
    // The real server: the production build (`npm test` builds it first) and the sync API on one
    // URL, on embedded PGlite storage in a fresh directory.
    command: 'node_modules/.bin/tsx server/main.ts',
    env: { HOST: '127.0.0.1', PORT: String(PORT), DATA_DIR, DIST_DIR: 'dist' },
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
  },
})
