/**
 * The suite's `test`: every Playwright worker runs its own sync server — the production build and
 * the sync API on one URL, on embedded PGlite in a fresh directory — and `baseURL` points at it.
 * So workers share no server, no storage and no rate limit, and each test still has its own
 * browser context (its own IndexedDB). Everything else is re-exported from @playwright/test.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base } from '@playwright/test'
import { spawnServer, type ServerProcess } from '../server/testing/processes'

export * from '@playwright/test'

export const test = base.extend<object, { appServer: ServerProcess }>({
  appServer: [
    // Playwright reads a fixture's dependencies from its first parameter: this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'bake-tracker-e2e-'))
      // Its own process group on a free port; the kill ends the whole group.
      const server = await spawnServer({ DATA_DIR: dataDir, DIST_DIR: join(process.cwd(), 'dist') })
      try {
        await use(server)
      } finally {
        await server.kill()
        rmSync(dataDir, { recursive: true, force: true })
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ appServer }, use) => {
    await use(appServer.url)
  },
})
