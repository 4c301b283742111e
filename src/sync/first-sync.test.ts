import { describe, expect, it, vi } from 'vitest'
import { DOMAIN_TABLES } from '../db/tables'
import type { AppDatabase } from '../db/database'
import {
  buildAssignment,
  buildEvent,
  buildIngredient,
  buildPackage,
  buildProductionTarget,
  buildRecipe,
  buildRecipient,
} from '../test/builders'
import { makeTestDb, type TestDb } from '../test/make-test-db'
import {
  FIRST_EVENTS,
  HISTORY_PAGES_PER_ROUND,
  readFirstSync,
  readHistoryProgress,
} from './first-sync'
import { pullAll, pullOnce } from './pull'
import { pullHistoryPage } from './first-sync'
import { pushAll } from './push'
import { readCursor } from './sync-state'
import { MemoryServer } from './testing/memory-server'
import type { Transport } from './transport'

const TODAY = new Date()
const FUTURE = `${TODAY.getFullYear() + 1}-12-24`

/** Tablet A's space: a catalogue, recipients, upcoming events and two past events, each planned. */
async function plannedSpace(a: TestDb, recipientsPerEvent = 4, upcomingEvents = 1) {
  return a.run(async (tx) => {
    await buildIngredient(tx)
    const recipe = await buildRecipe(tx)
    const packageRow = await buildPackage(tx)
    const recipients = []
    for (let index = 0; index < recipientsPerEvent; index += 1)
      recipients.push(await buildRecipient(tx))
    const upcoming = await buildEvent(tx, { date: FUTURE })
    const later: string[] = []
    for (let index = 1; index < upcomingEvents; index += 1)
      later.push((await buildEvent(tx, { date: `${TODAY.getFullYear() + 2}-01-${10 + index}` })).id)
    const past = [
      await buildEvent(tx, { date: '2020-12-24' }),
      await buildEvent(tx, { date: '2021-12-24' }),
    ]
    const assignments: Record<string, string[]> = {}
    for (const eventId of [upcoming.id, ...later, ...past.map((event) => event.id)]) {
      assignments[eventId] = []
      await buildProductionTarget(tx, { eventId, recipeId: recipe.id })
      for (const recipient of recipients) {
        const assignment = await buildAssignment(tx, {
          eventId,
          recipientId: recipient.id,
          packageId: packageRow.id,
        })
        assignments[eventId]?.push(assignment.id)
      }
    }
    return { upcoming: upcoming.id, later, past: past.map((event) => event.id), assignments }
  })
}

async function domainRows(db: TestDb['db']) {
  const rows: Record<string, unknown[]> = {}
  for (const table of DOMAIN_TABLES) rows[table] = await db.table(table).orderBy('id').toArray()
  return rows
}

/** Counts the current-rows pages a transport was given, and can fail every call after the n-th. */
function countingRows(inner: Transport, failAfter = Number.POSITIVE_INFINITY) {
  const counter = { pages: 0 }
  const transport: Transport = {
    ...inner,
    rows: (request) => {
      if (counter.pages >= failAfter)
        return Promise.resolve({ ok: false, reason: 'offline', detail: 'connection lost' })
      counter.pages += 1
      return inner.rows!(request)
    },
  }
  return { transport, counter }
}

/** Adds 'stored' to `timeline` each time a read-write transaction of `db` commits. */
function noteStores(db: AppDatabase, timeline: string[]): void {
  const original = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>
  vi.spyOn(db, 'transaction').mockImplementation(((...args: unknown[]) => {
    const done = original(...args)
    if (args[0] === 'rw') void done.then(() => timeline.push('stored'))
    return done
  }) as typeof db.transaction)
}

describe('first sync from current rows', () => {
  it("takes the catalogue, recipients, events and the upcoming event's rows first, sets the pull cursor, then the past events page by page with a progress figure", async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    server.rowsPageSize = 1
    const space = await plannedSpace(a)
    await pushAll(a.db, server.transport())

    const first = await pullOnce(b.db, server.transport())
    expect(first).toMatchObject({ ok: true, hasMore: true })
    // Usable now: every event, the catalogue and the upcoming event's plan are in.
    expect(await b.db.events.count()).toBe(3)
    expect(await b.db.recipients.count()).toBe(4)
    expect(await b.db.ingredients.count()).toBe(1)
    const upcoming = await b.db.assignments.where('eventId').equals(space.upcoming).count()
    expect(upcoming).toBe(4)
    expect(await b.db.productionTargets.where('eventId').equals(space.upcoming).count()).toBe(1)
    // Past events have not come yet; the tablet pulls the log from where the rows were read.
    expect(await b.db.assignments.where('eventId').anyOf(space.past).count()).toBe(0)
    expect(await readCursor(b.db)).toBe(server.log.length)
    expect(await readFirstSync(b.db)).toMatchObject({ stage: 'history', events: [space.upcoming] })

    // Past events: 2 × (4 assignments + 1 target) = 10 rows in pages of 1, 4 pages a round.
    const progress: ({ done: number; total: number } | null)[] = []
    for (let round = 0; round < 10; round += 1) {
      const outcome = await pullAll(b.db, server.transport())
      expect(outcome.ok).toBe(true)
      progress.push(await readHistoryProgress(b.db))
      if (outcome.ok && !outcome.hasMore) break
    }
    expect(HISTORY_PAGES_PER_ROUND).toBe(4)
    expect(progress).toEqual([
      { stage: 'history', done: 4, total: 10 },
      { stage: 'history', done: 8, total: 10 },
      null,
    ])
    expect(await domainRows(b.db)).toEqual(await domainRows(a.db))
  })

  it("before the tablet is usable takes only today's and the soonest upcoming events, then the other upcoming ones, then the past ones", async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    const { events, past } = await a.run(async (tx) => {
      const packageRow = await buildPackage(tx)
      const recipient = await buildRecipient(tx)
      const plan = async (date: string) => {
        const event = await buildEvent(tx, { date })
        await buildAssignment(tx, {
          eventId: event.id,
          recipientId: recipient.id,
          packageId: packageRow.id,
        })
        return event.id
      }
      const ids: string[] = []
      // Created latest first, so neither creation order nor ids give the date order.
      for (let index = FIRST_EVENTS + 1; index >= 0; index -= 1)
        ids.unshift(
          await plan(`${TODAY.getFullYear() + 1}-01-${String(index + 10).padStart(2, '0')}`),
        )
      return { events: ids, past: await plan('2020-12-24') }
    })
    await pushAll(a.db, server.transport())
    const inner = server.transport()
    const asked: string[] = []
    const transport: Transport = {
      ...inner,
      rows: (request) => {
        asked.push(`${request.scope} ${request.events.join(',')}`)
        return inner.rows!(request)
      },
    }
    await pullOnce(b.db, transport)
    const soonest = events.slice(0, FIRST_EVENTS)
    const others = events.slice(FIRST_EVENTS)
    expect(await b.db.assignments.where('eventId').anyOf(soonest).count()).toBe(FIRST_EVENTS)
    expect(
      await b.db.assignments
        .where('eventId')
        .anyOf([...others, past])
        .count(),
    ).toBe(0)
    // Where it stands says which events are still to come: the other upcoming ones, then the rest.
    expect(await readFirstSync(b.db)).toMatchObject({
      stage: 'upcoming',
      events,
      currentCount: FIRST_EVENTS,
    })

    // One background page: the other upcoming events, before any past event.
    await pullHistoryPage(b.db, transport, 1)
    expect(await b.db.assignments.where('eventId').anyOf(others).count()).toBe(2)
    expect(await b.db.assignments.where('eventId').equals(past).count()).toBe(0)
    expect(await readFirstSync(b.db)).toMatchObject({ stage: 'history', events })

    await pullAll(b.db, transport)
    expect(await b.db.assignments.count()).toBe(FIRST_EVENTS + 3)
    expect(await readFirstSync(b.db)).toBeNull()
    expect(asked).toEqual([
      'global ',
      `events ${soonest.join(',')}`,
      `events ${others.join(',')}`,
      `rest ${events.join(',')}`,
    ])
  })

  it('goes on from a state written before the upcoming stage existed: its events all come before the tablet is usable', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    const space = await plannedSpace(a, 2, FIRST_EVENTS + 2)
    await pushAll(a.db, server.transport())
    // The global stage is in; the connection drops before the first events page.
    const broken = countingRows(server.transport(), 1)
    expect((await pullOnce(b.db, broken.transport)).ok).toBe(false)
    const state = await readFirstSync(b.db)
    expect(state).toMatchObject({ stage: 'current', currentCount: FIRST_EVENTS })
    // As the older app wrote it: no currentCount.
    const { currentCount: _count, ...older } = state!
    await b.db.meta.put({ key: 'firstSync', value: older })

    expect((await pullOnce(b.db, server.transport())).ok).toBe(true)
    const upcoming = [space.upcoming, ...space.later]
    expect(await b.db.assignments.where('eventId').anyOf(upcoming).count()).toBe(
      2 * (FIRST_EVENTS + 2),
    )
    expect((await readFirstSync(b.db))?.stage).toBe('history')
    for (let round = 0; round < 10; round += 1) {
      const outcome = await pullAll(b.db, server.transport())
      if (outcome.ok && !outcome.hasMore) break
    }
    expect(await domainRows(b.db)).toEqual(await domainRows(a.db))
  })

  it('resumes after a failure at every page without fetching a page twice or missing a row', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    server.rowsPageSize = 4
    // More upcoming events than the current stage takes: every stage runs and is cut.
    await plannedSpace(a, 3, FIRST_EVENTS + 2)
    await pushAll(a.db, server.transport())
    const whole = countingRows(server.transport())
    const reference = makeTestDb({ deviceId: 'tablet-ref' })
    for (let round = 0; round < 20; round += 1) {
      const outcome = await pullAll(reference.db, whole.transport)
      if (outcome.ok && !outcome.hasMore) break
    }
    const pages = whole.counter.pages
    expect(pages).toBeGreaterThan(5)
    expect(await domainRows(reference.db)).toEqual(await domainRows(a.db))

    for (let failAfter = 0; failAfter < pages; failAfter += 1) {
      const b = makeTestDb({ deviceId: `tablet-${failAfter}` })
      const broken = countingRows(server.transport(), failAfter)
      for (let round = 0; round < 20; round += 1) {
        const outcome = await pullAll(b.db, broken.transport)
        if (!outcome.ok || !outcome.hasMore) break
      }
      // The tablet reopens (a reload) and goes on with a working connection.
      b.db.close()
      await b.db.open()
      const resumed = countingRows(server.transport())
      for (let round = 0; round < 20; round += 1) {
        const outcome = await pullAll(b.db, resumed.transport)
        expect(outcome.ok).toBe(true)
        if (outcome.ok && !outcome.hasMore) break
      }
      expect(broken.counter.pages + resumed.counter.pages, `failing after ${failAfter}`).toBe(pages)
      expect(await domainRows(b.db), `failing after ${failAfter}`).toEqual(await domainRows(a.db))
      expect(await readFirstSync(b.db)).toBeNull()
    }
  }, 60_000)

  it('catches changes pushed while it pages: rows come at least as new as the first page, the log after it brings the rest', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    server.rowsPageSize = 2
    const space = await plannedSpace(a)
    await pushAll(a.db, server.transport())
    const inner = server.transport()
    let edits = 0
    const transport: Transport = {
      ...inner,
      rows: async (request) => {
        // Tablet A renames an upcoming recipient and plans a new past assignment meanwhile.
        edits += 1
        await a.run(async (tx) => {
          const recipient = await buildRecipient(tx, { name: `Late ${edits}` })
          await buildAssignment(tx, {
            eventId: space.past[0] ?? '',
            recipientId: recipient.id,
            packageId: (await tx.packages.toCollection().first())?.id ?? '',
          })
        })
        await pushAll(a.db, inner)
        return inner.rows!(request)
      },
    }
    for (let round = 0; round < 50; round += 1) {
      const outcome = await pullAll(b.db, transport)
      expect(outcome.ok).toBe(true)
      if (outcome.ok && !outcome.hasMore) break
    }
    await pullAll(b.db, server.transport())
    expect(edits).toBeGreaterThan(5)
    expect(await domainRows(b.db)).toEqual(await domainRows(a.db))
  }, 60_000)
})

describe('first sync paging', () => {
  it('asks for the next page of a stage while the current one is applied, and leaves no request running', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    server.rowsPageSize = 2
    await plannedSpace(a)
    await pushAll(a.db, server.transport())
    const inner = server.transport()
    const timeline: string[] = []
    let running = 0
    const transport: Transport = {
      ...inner,
      rows: async (request) => {
        timeline.push('ask')
        running += 1
        const answer = await inner.rows!(request)
        running -= 1
        timeline.push('answer')
        return answer
      },
    }
    noteStores(b.db, timeline)
    for (let round = 0; round < 20; round += 1) {
      const outcome = await pullAll(b.db, transport)
      expect(running).toBe(0)
      if (outcome.ok && !outcome.hasMore) break
    }
    // The next page was asked for while a page answered was not stored yet (each page here is
    // stored in one transaction).
    let answered = 0
    let stored = 0
    let overlaps = 0
    for (const entry of timeline) {
      if (entry === 'answer') answered += 1
      else if (entry === 'stored') stored += 1
      else if (answered > stored) overlaps += 1
    }
    expect(overlaps).toBeGreaterThan(3)
    expect(await domainRows(b.db)).toEqual(await domainRows(a.db))
  })

  it("asks for the upcoming event's first page while the last page of catalogue, recipients and events is stored, and takes that event first", async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    const { upcoming } = await plannedSpace(a)
    await pushAll(a.db, server.transport())
    const inner = server.transport()
    const timeline: string[] = []
    const transport: Transport = {
      ...inner,
      rows: (request) => {
        timeline.push(`ask ${request.scope} ${request.events.join(',')}`)
        return inner.rows!(request)
      },
    }
    noteStores(b.db, timeline)
    const first = await pullOnce(b.db, transport)
    expect(first.ok).toBe(true)
    // One global page; the upcoming event's page is asked for before that page is stored.
    expect(timeline.slice(0, 3)).toEqual(['ask global ', `ask events ${upcoming}`, 'stored'])
    expect((await readFirstSync(b.db))?.stage).toBe('history')
    await pullAll(b.db, transport)
    expect(await domainRows(b.db)).toEqual(await domainRows(a.db))
  })
})
