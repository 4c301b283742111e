/**
 * Two app versions side by side on this server (issue 18 item 5): tablets of the previous version
 * (which know only the log snapshot, `GET /api/sync/snapshot`) and of this one (current rows,
 * `GET /api/sync/rows`) share a space through the real server app on embedded PGlite, reached
 * through the app's own HTTP transport, and all end with the same rows, every field included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
/* eslint-disable @typescript-eslint/no-restricted-imports -- this test drives the app's own sync
   code and transport against the server app; the server code itself still imports none of it */
import { update } from '../src/db/mutate'
import { DOMAIN_TABLES } from '../src/db/tables'
import { pullAll } from '../src/sync/pull'
import { pushAll } from '../src/sync/push'
import { createHttpTransport, type Transport } from '../src/sync/transport'
import { PROTOCOL_HEADER, PROTOCOL_VERSION, createSpaceResponseSchema } from '../src/sync/wire'
import {
  buildAssignment,
  buildEvent,
  buildIngredient,
  buildPackage,
  buildRecipient,
} from '../src/test/builders'
import { makeTestDb, type TestDb } from '../src/test/make-test-db'
/* eslint-enable @typescript-eslint/no-restricted-imports */
import { createApp } from './app'
import { memoryLogger } from './logger'
import { openPgliteStorage } from './storage/pglite-storage'
import type { SyncStorage } from './storage/storage'

let storage: SyncStorage
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  storage = await openPgliteStorage('memory')
  app = createApp({ storage, allowedOrigins: [], logger: memoryLogger() })
}, 120_000)

afterAll(async () => {
  await storage.close()
})

async function newSpace(): Promise<string> {
  const created = await app.request('http://server.test/api/spaces', {
    method: 'POST',
    body: '{}',
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
  })
  const { spaceId, token } = createSpaceResponseSchema.parse(await created.json())
  return `${spaceId}.${token}`
}

/** This version's transport, or the previous version's: no current rows, only the log snapshot. */
function transportFor(credential: string, version: 'previous' | 'current'): Transport {
  const transport = createHttpTransport({
    serverUrl: 'http://server.test',
    credential,
    fetch: (input, init) => Promise.resolve(app.request(String(input as string), init)),
  })
  if (version === 'current') return transport
  return { ...transport, rows: undefined }
}

async function syncFully(tablet: TestDb, transport: Transport): Promise<void> {
  expect((await pushAll(tablet.db, transport)).ok).toBe(true)
  for (let round = 0; round < 100; round += 1) {
    const pulled = await pullAll(tablet.db, transport)
    expect(pulled.ok).toBe(true)
    if (pulled.ok && !pulled.hasMore) return
  }
}

async function domainRows(tablet: TestDb) {
  const rows: Record<string, unknown[]> = {}
  for (const table of DOMAIN_TABLES)
    rows[table] = await tablet.db.table(table).orderBy('id').toArray()
  return rows
}

describe('tablets of the previous and of this version on this server', () => {
  it('share a space both ways, and new tablets of either version join with every field', async () => {
    const credential = await newSpace()
    const current = makeTestDb({ deviceId: 'tablet-current' })
    const previous = makeTestDb({ deviceId: 'tablet-previous' })
    const toCurrent = transportFor(credential, 'current')
    const toPrevious = transportFor(credential, 'previous')
    const planned = await current.run(async (tx) => {
      await buildIngredient(tx, { name: 'Flour', unitCost: 1_500_000, density: 0.6 })
      const packageRow = await buildPackage(tx, { notes: 'ribbon' })
      const upcoming = await buildEvent(tx, { date: `${new Date().getFullYear() + 1}-12-24` })
      const past = await buildEvent(tx, { date: '2021-12-24', notes: 'the snowy one' })
      const assignments: string[] = []
      for (const event of [upcoming, past]) {
        for (const name of ['Ana', 'Ben', 'Chloe']) {
          const recipient = await buildRecipient(tx, { name: `${name} ${event.date}` })
          const assignment = await buildAssignment(tx, {
            eventId: event.id,
            recipientId: recipient.id,
            packageId: packageRow.id,
            notes: `for ${name}`,
          })
          assignments.push(assignment.id)
        }
      }
      return { assignments }
    })
    await syncFully(current, toCurrent)
    await syncFully(previous, toPrevious)
    expect(await domainRows(previous)).toEqual(await domainRows(current))

    // Both edit; each sees the other's edits.
    const [first, second] = planned.assignments
    await previous.run((tx) =>
      update(tx, 'assignments', first ?? '', { notes: 'from the old app' }),
    )
    await current.run((tx) => update(tx, 'assignments', second ?? '', { quantity: 3 }))
    await syncFully(previous, toPrevious)
    await syncFully(current, toCurrent)
    await syncFully(previous, toPrevious)
    expect(await domainRows(previous)).toEqual(await domainRows(current))
    expect(await previous.db.assignments.get(second ?? '')).toMatchObject({ quantity: 3 })
    expect(await current.db.assignments.get(first ?? '')).toMatchObject({
      notes: 'from the old app',
    })

    // A new tablet of each version joins: one from current rows, one from the log snapshot.
    const joinsCurrent = makeTestDb({ deviceId: 'tablet-new-current' })
    const joinsPrevious = makeTestDb({ deviceId: 'tablet-new-previous' })
    await syncFully(joinsCurrent, toCurrent)
    await syncFully(joinsPrevious, toPrevious)
    const expected = await domainRows(current)
    expect(expected.assignments).toHaveLength(6)
    expect(await domainRows(joinsCurrent)).toEqual(expected)
    expect(await domainRows(joinsPrevious)).toEqual(expected)
  }, 120_000)
})
