/**
 * Vitest setup: an in-memory IndexedDB (fake-indexeddb) for every test file on Node, and every
 * service module checked against its declared tables (src/test/declared-scope.ts), so each test
 * that calls a service also proves its `fn.tables`.
 */
import 'fake-indexeddb/auto'
import { vi } from 'vitest'
import { scopeModuleToDeclaredTables } from './declared-scope'

const serviceModules = Object.keys(import.meta.glob('../services/**/*.ts')).filter(
  (path) => !path.endsWith('.test.ts') && !path.endsWith('/index.ts'),
)
for (const path of serviceModules) {
  vi.doMock(path, async (importOriginal: () => Promise<Record<string, unknown>>) =>
    scopeModuleToDeclaredTables(await importOriginal()),
  )
}
