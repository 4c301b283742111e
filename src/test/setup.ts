/** Vitest setup: an in-memory IndexedDB (fake-indexeddb) for every test file on Node. */
import 'fake-indexeddb/auto'
