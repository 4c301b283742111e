import { defineConfig } from '@playwright/test'

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
  // Three times what the slowest plain test takes on a loaded 2-core machine; heavy tests set more.
  timeout: 90_000,
  // Sized for a loaded 2-core machine: a screen that renders in 0.5 s idle may take seconds there.
  expect: { timeout: 10_000 },
  // Two workers, each with its own server (e2e/fixtures.ts) and each test with its own browser
  // context: they pass on a loaded 2-core machine since sync waits wait for the sync itself
  // (e2e/pages/sync-waits.ts). E2E_WORKERS changes the number.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
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
  // No webServer: each worker starts its own sync server on a free port, on its own fresh storage,
  // serving the production build (`npm test` builds it first); e2e/fixtures.ts sets baseURL to it.
})
