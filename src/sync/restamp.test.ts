import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { applyRemote } from '../db/apply-remote'
import type { ChangeRecord } from '../db/change-record'
import { mergeRow } from '../db/merge-policy'
import { insert, update } from '../db/mutate'
import { makeTestDb } from '../test/make-test-db'
import { SyncEngine, type OnlineSource } from './engine'
import { formatHlc, parseHlc } from '../crdt/hlc'
import { pushAll } from './push'
import { restampWaitingChanges } from './restamp'
import { createSyncStatusStore } from './status-store'
import { MemoryServer } from './testing/memory-server'
import { CLOCK_TOLERANCE_MS } from './wire'
import { SETTLE } from '../test/settle'
import { NEWEST_CLOCK_KEY } from '../db/newest-clock'
import { newestClockDifference } from '../test/newest-clock-check'

const HOUR = 60 * 60_000
const SERVER_NOW = Date.parse('2026-11-30T12:00:00.000Z')
const alwaysOnline: OnlineSource = { isOnline: () => true, subscribe: () => () => {} }

/** A tablet whose wall clock is `offset` ms off the server's (settable), and the server. */
function tabletAheadBy(offsetMs: number) {
  const clock = { server: SERVER_NOW, offset: offsetMs }
  const tablet = makeTestDb({ deviceId: 'tablet-a', now: () => clock.server + clock.offset })
  const server = new MemoryServer()
  server.now = () => clock.server
  return { clock, tablet, server }
}

describe('restampWaitingChanges', () => {
  it('re-stamps only waiting changes beyond the bound, in their order, and keeps the row', async () => {
    const { clock, tablet, server } = tabletAheadBy(HOUR)
    const event = await tablet.run((tx) =>
      insert(tx, 'events', { name: 'Christmas', date: '2026-12-24', notes: '' }),
    )
    await tablet.run((tx) => update(tx, 'events', event.id, { name: 'Christmas fair' }))
    expect((await pushAll(tablet.db, server.transport())).ok).toBe(false)
    clock.offset = 0
    const result = await restampWaitingChanges(tablet.db, SERVER_NOW + CLOCK_TOLERANCE_MS)
    expect(result).toEqual({ restamped: 2 })
    const changes = await tablet.db.changes.orderBy('hlc').toArray()
    expect(changes.map((change) => change.fields.name)).toEqual(['Christmas', 'Christmas fair'])
    for (const change of changes)
      expect(parseHlc(change.hlc).wall).toBeLessThanOrEqual(SERVER_NOW + CLOCK_TOLERANCE_MS)
    expect((await tablet.db.events.get(event.id))?.name).toBe('Christmas fair')
    expect(await tablet.db.outbox.count()).toBe(2)
    // The clock a restart takes (the kept newest state clock) went back with the stamps.
    const kept = (await tablet.db.meta.get(NEWEST_CLOCK_KEY))?.value as string
    expect(parseHlc(kept).wall).toBeLessThanOrEqual(SERVER_NOW + CLOCK_TOLERANCE_MS)
    expect(await newestClockDifference(tablet.db)).toBeNull()
    // New writes are stamped by the rewound clock, after the re-stamped ones.
    await tablet.run((tx) => update(tx, 'events', event.id, { notes: 'Bring trays' }))
    const newest = await tablet.db.changes.orderBy('hlc').last()
    expect(newest?.fields).toMatchObject({ notes: 'Bring trays' })
    expect(parseHlc(newest!.hlc).wall).toBeLessThanOrEqual(SERVER_NOW + CLOCK_TOLERANCE_MS)
    expect(await pushAll(tablet.db, server.transport())).toEqual({ ok: true, pushed: 3 })
  })

  // Another tablet (its clock a minute ahead of the server's, within the tolerance) renames the
  // row; this tablet's edit of the name, stamped a day ahead, wins here, so its state drops the
  // rename (every field it wrote is overwritten), whether the rename arrived after the edit or
  // before it. The re-stamped edit must still come after the rename, or the server's merge (the
  // rename wins) and this tablet's (the edit wins) disagree for good.
  it.each([
    ['after the edit', 'after'],
    ['before the edit', 'before'],
  ] as const)(
    "re-stamps a waiting edit after a newer write of its row seen from another tablet %s that the state no longer holds, so the tablet's row is the server's merge",
    async (_, renameArrives) => {
      const { clock, tablet, server } = tabletAheadBy(0)
      const event = await tablet.run((tx) =>
        insert(tx, 'events', { name: 'Christmas', date: '2026-12-24', notes: '' }),
      )
      expect(await pushAll(tablet.db, server.transport())).toEqual({ ok: true, pushed: 1 })
      const rename: ChangeRecord = {
        id: 'rename-on-b',
        table: 'events',
        rowId: event.id,
        fields: { name: 'Christmas market' },
        hlc: formatHlc({ wall: SERVER_NOW + 60_000, counter: 0, node: 'tablet-b' }),
        deviceId: 'tablet-b',
      }
      server.store([rename])
      if (renameArrives === 'before') await tablet.run((tx) => applyRemote(tx, [rename]))
      clock.offset = 24 * HOUR
      await tablet.run((tx) => update(tx, 'events', event.id, { name: 'Christmas fair' }))
      if (renameArrives === 'after') await tablet.run((tx) => applyRemote(tx, [rename]))
      expect((await tablet.db.events.get(event.id))?.name).toBe('Christmas fair')
      const held = (await tablet.db.rowStates.get(['events', event.id]))?.changes ?? []
      expect(held.map((change) => change.id)).not.toContain(rename.id)
      expect((await pushAll(tablet.db, server.transport())).ok).toBe(false)

      clock.offset = 0
      expect(await restampWaitingChanges(tablet.db, SERVER_NOW + CLOCK_TOLERANCE_MS)).toEqual({
        restamped: 1,
      })
      expect(await pushAll(tablet.db, server.transport())).toEqual({ ok: true, pushed: 1 })
      const onServer = mergeRow(
        'events',
        server.log.filter((change) => change.rowId === event.id),
      )
      expect((await tablet.db.events.get(event.id))?.name).toBe(onServer.name)
      expect(onServer.name).toBe('Christmas fair')
      const edit = server.log.find((change) => change.fields.name === 'Christmas fair')
      expect(edit!.hlc > rename.hlc).toBe(true)
      expect(parseHlc(edit!.hlc).wall).toBeLessThanOrEqual(SERVER_NOW + CLOCK_TOLERANCE_MS)
    },
  )

  it('leaves changes within the bound alone (the server may already hold them)', async () => {
    const { tablet } = tabletAheadBy(0)
    await tablet.run((tx) => insert(tx, 'events', { name: 'Fair', date: '2026-12-24', notes: '' }))
    const before = await tablet.db.changes.toArray()
    expect(await restampWaitingChanges(tablet.db, SERVER_NOW + CLOCK_TOLERANCE_MS)).toEqual({
      restamped: 0,
    })
    expect(await tablet.db.changes.toArray()).toEqual(before)
  })
})

describe('SyncEngine with a tablet clock an hour ahead', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps changes waiting and says by how much, then re-stamps and pushes once the clock is right', async () => {
    const { clock, tablet, server } = tabletAheadBy(HOUR)
    const status = createSyncStatusStore()
    await tablet.run((tx) =>
      insert(tx, 'events', { name: 'Christmas', date: '2026-12-24', notes: '' }),
    )
    const engine = new SyncEngine({
      db: tablet.db,
      transport: server.transport(),
      status,
      online: alwaysOnline,
      random: () => 0,
      now: () => clock.server + clock.offset,
    })
    engine.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(
      () =>
        expect(status.getState()).toMatchObject({
          phase: 'error',
          reason: 'clock-ahead',
          clockAheadMinutes: 60,
          waiting: 1,
        }),
      SETTLE,
    )
    expect(server.log).toHaveLength(0)
    // Meanwhile it still receives the other tablets' changes.
    server.store([
      {
        id: 'from-b',
        table: 'recipients',
        rowId: 'r-1',
        fields: {
          name: 'Ana Okafor',
          household: '',
          address: '',
          notes: '',
          createdAt: '2026-11-30T11:59:00.000Z',
          updatedAt: '2026-11-30T11:59:00.000Z',
          deletedAt: null,
        },
        hlc: formatHlc({ wall: SERVER_NOW - 60_000, counter: 0, node: 'tablet-b' }),
        deviceId: 'tablet-b',
      },
    ])
    await vi.advanceTimersByTimeAsync(1_000)
    await vi.waitFor(
      async () => expect((await tablet.db.recipients.get('r-1'))?.name).toBe('Ana Okafor'),
      SETTLE,
    )
    expect(status.getState()).toMatchObject({ reason: 'clock-ahead', waiting: 1 })
    // Still wrong at the next try: still waiting, nothing of it stored.
    await vi.advanceTimersByTimeAsync(1_000)
    expect(server.log.map((change) => change.id)).toEqual(['from-b'])
    // The cook corrects the date and time; the back-off timer tries again.
    clock.offset = 0
    await vi.advanceTimersByTimeAsync(10_000)
    await vi.waitFor(
      () =>
        expect(status.getState()).toMatchObject({
          phase: 'up-to-date',
          waiting: 0,
          clockAheadMinutes: null,
          clockOffsetMs: 0,
        }),
      SETTLE,
    )
    expect(server.log).toHaveLength(2)
    expect(parseHlc(server.log[1]!.hlc).wall).toBeLessThanOrEqual(SERVER_NOW + CLOCK_TOLERANCE_MS)
    engine.stop()
  }, 20_000)
})
