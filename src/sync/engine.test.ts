import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { insert } from '../db/mutate'
import { buildAssignment, buildEvent, buildPackage, buildRecipient } from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import {
  SYNC_BACKOFF_CAP_MS,
  SYNC_PERIOD_MS,
  SyncEngine,
  backoffDelay,
  type OnlineSource,
} from './engine'
import { createSyncStatusStore } from './status-store'
import { MemoryServer } from './testing/memory-server'
import { SETTLE } from '../test/settle'

describe('backoffDelay', () => {
  it('doubles per failure with equal jitter and stops at the cap', () => {
    // attempt 1: ceiling 1 s → between 0.5 s and 1 s
    expect(backoffDelay(1, () => 0)).toBe(500)
    expect(backoffDelay(1, () => 1)).toBe(1000)
    // attempt 4: ceiling 8 s → 4 s with no jitter drawn
    expect(backoffDelay(4, () => 0)).toBe(4000)
    // attempt 30: capped at 5 min → between 2.5 and 5 min
    expect(backoffDelay(30, () => 1)).toBe(SYNC_BACKOFF_CAP_MS)
    expect(backoffDelay(30, () => 0)).toBe(SYNC_BACKOFF_CAP_MS / 2)
  })
})

function manualOnline(initial: boolean): OnlineSource & { set(value: boolean): void } {
  let online = initial
  const listeners = new Set<() => void>()
  return {
    isOnline: () => online,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(value) {
      online = value
      for (const listener of listeners) listener()
    },
  }
}

describe('SyncEngine', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('waits while offline and syncs as soon as the device comes back online', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const online = manualOnline(false)
    const status = createSyncStatusStore()
    await a.run((tx) => insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }))
    const engine = new SyncEngine({
      db: a.db,
      transport: server.transport(),
      status,
      online,
      random: () => 0,
    })
    engine.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(
      () => expect(status.getState()).toMatchObject({ phase: 'offline', waiting: 1 }),
      SETTLE,
    )
    expect(server.log).toHaveLength(0)
    online.set(true)
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(
      () => expect(status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0 }),
      SETTLE,
    )
    expect(server.log).toHaveLength(1)
    engine.stop()
  })

  it("on a new tablet reports how far past events' rows have come, a round of pages at a time, then clears it", async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    // Six past rows in pages of one: a round of HISTORY_PAGES_PER_ROUND (4) pages, then the rest.
    server.rowsPageSize = 1
    await a.run(async (tx) => {
      const packageRow = await buildPackage(tx)
      const past = await buildEvent(tx, { date: '2020-12-24' })
      for (let index = 0; index < 6; index += 1) {
        const recipient = await buildRecipient(tx)
        await buildAssignment(tx, {
          eventId: past.id,
          recipientId: recipient.id,
          packageId: packageRow.id,
        })
      }
    })
    const seeded = new SyncEngine({
      db: a.db,
      transport: server.transport(),
      status: createSyncStatusStore(),
      online: manualOnline(true),
      random: () => 0,
    })
    await seeded.syncNow()
    const status = createSyncStatusStore()
    const seen: (string | null)[] = []
    status.subscribe((state) => {
      const figure = state.history ? `${state.history.done}/${state.history.total}` : null
      if (seen.at(-1) !== figure) seen.push(figure)
    })
    const engine = new SyncEngine({
      db: b.db,
      transport: server.transport(),
      status,
      online: manualOnline(true),
      random: () => 0,
    })
    engine.start()
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(0)
      expect(await b.db.assignments.count()).toBe(6)
      expect(status.getState()).toMatchObject({ phase: 'up-to-date', history: null })
    }, SETTLE)
    engine.stop()
    expect(seen).toEqual([null, '4/6', null])
  })

  it('on a tablet removed from the space reports device-removed and keeps its data and waiting changes', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const status = createSyncStatusStore()
    await a.run((tx) => insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }))
    const removed = {
      ok: false as const,
      reason: 'device-removed' as const,
      detail: 'This device was removed from the space',
    }
    const engine = new SyncEngine({
      db: a.db,
      transport: {
        ...server.transport(),
        push: () => Promise.resolve(removed),
        pull: () => Promise.resolve(removed),
        snapshot: () => Promise.resolve(removed),
      },
      status,
      online: manualOnline(true),
      random: () => 0,
    })
    engine.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(
      () =>
        expect(status.getState()).toMatchObject({
          phase: 'error',
          reason: 'device-removed',
          waiting: 1,
        }),
      SETTLE,
    )
    expect(await a.db.events.count()).toBe(1)
    expect(await a.db.outbox.count()).toBeGreaterThan(0)
    engine.stop()
    await vi.advanceTimersByTimeAsync(0)
  })

  it('asks a server that refuses its credential to re-create the lost space at most once an hour', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const refused = {
      ok: false as const,
      reason: 'unauthorized' as const,
      detail: 'Missing or wrong space credential',
    }
    let reclaims = 0
    let clock = Date.parse('2026-11-30T12:00:00.000Z')
    const status = createSyncStatusStore()
    const engine = new SyncEngine({
      db: a.db,
      transport: {
        ...server.transport(),
        pull: () => Promise.resolve(refused),
        snapshot: () => Promise.resolve(refused),
        reclaim: () => {
          reclaims += 1
          return Promise.resolve({ ...refused, reason: 'rejected' as const })
        },
      },
      status,
      online: manualOnline(true),
      random: () => 0,
      now: () => clock,
    })
    await engine.syncNow()
    await engine.syncNow()
    expect(reclaims).toBe(1)
    expect(status.getState()).toMatchObject({ phase: 'error', reason: 'unauthorized' })
    clock += 60 * 60_000
    await engine.syncNow()
    expect(reclaims).toBe(2)
  })

  it('retries a failing server with growing delays and reports the reason', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    server.faultFor = () => 'fail-before'
    const status = createSyncStatusStore()
    await a.run((tx) => insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }))
    const attempts: number[] = []
    const transport = server.transport()
    const counting = {
      ...transport,
      push: (...args: Parameters<typeof transport.push>) => (
        attempts.push(Date.now()),
        transport.push(...args)
      ),
    }
    const engine = new SyncEngine({
      db: a.db,
      transport: counting,
      status,
      online: manualOnline(true),
      random: () => 0,
    })
    engine.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(() => expect(attempts).toHaveLength(1), SETTLE)
    // With no jitter drawn: retries after 0.5 s, 1 s, 2 s.
    await vi.advanceTimersByTimeAsync(500)
    await vi.waitFor(() => expect(attempts).toHaveLength(2), SETTLE)
    await vi.advanceTimersByTimeAsync(1000)
    await vi.waitFor(() => expect(attempts).toHaveLength(3), SETTLE)
    await vi.advanceTimersByTimeAsync(2000)
    await vi.waitFor(() => expect(attempts).toHaveLength(4), SETTLE)
    expect(status.getState()).toMatchObject({ phase: 'offline', reason: 'offline', waiting: 1 })
    server.faultFor = () => 'none'
    await vi.advanceTimersByTimeAsync(4000)
    await vi.waitFor(
      () => expect(status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0 }),
      SETTLE,
    )
    engine.stop()
  })

  it('waits as long as the server’s Retry-After says, even when back-off would retry sooner', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const status = createSyncStatusStore()
    await a.run((tx) => insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }))
    const attempts: number[] = []
    const transport = server.transport()
    let busy = true
    const throttled = {
      ...transport,
      push: (...args: Parameters<typeof transport.push>) => {
        attempts.push(Date.now())
        return busy
          ? Promise.resolve({
              ok: false as const,
              reason: 'server-error' as const,
              detail: 'Too many requests',
              retryAfterMs: 120_000,
            })
          : transport.push(...args)
      },
    }
    const engine = new SyncEngine({
      db: a.db,
      transport: throttled,
      status,
      online: manualOnline(true),
      random: () => 0,
    })
    engine.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(() => expect(attempts).toHaveLength(1), SETTLE)
    busy = false
    // Back-off alone would retry after 0.5 s; the server asked for 120 s.
    await vi.advanceTimersByTimeAsync(119_999)
    expect(attempts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await vi.waitFor(() => expect(attempts).toHaveLength(2), SETTLE)
    await vi.waitFor(
      () => expect(status.getState()).toMatchObject({ phase: 'up-to-date', waiting: 0 }),
      SETTLE,
    )
    engine.stop()
  })

  it('syncs again on the periodic timer and when the live channel reports a remote change', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const b = makeTestDb({ deviceId: 'tablet-b' })
    const server = new MemoryServer()
    let notifyLive = () => {}
    const engineB = new SyncEngine({
      db: b.db,
      transport: server.transport(),
      status: createSyncStatusStore(),
      online: manualOnline(true),
      liveChannel: (listener) => {
        notifyLive = listener
        return () => {}
      },
    })
    engineB.start()
    await vi.advanceTimersByTimeAsync(0)
    await a.run((tx) => insert(tx, 'events', { name: 'Xmas', date: '2026-12-24', notes: '' }))
    const engineA = new SyncEngine({
      db: a.db,
      transport: server.transport(),
      status: createSyncStatusStore(),
      online: manualOnline(true),
    })
    await engineA.syncNow()
    notifyLive()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(async () => expect(await b.db.events.count()).toBe(1), SETTLE)
    await a.run((tx) => insert(tx, 'events', { name: 'Easter', date: '2027-03-28', notes: '' }))
    await engineA.syncNow()
    await vi.advanceTimersByTimeAsync(SYNC_PERIOD_MS)
    await vi.waitFor(async () => expect(await b.db.events.count()).toBe(2), SETTLE)
    engineB.stop()
  })

  it('shows the last successful sync of an earlier session after a reload, before syncing again', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    const first = createSyncStatusStore()
    const online = manualOnline(true)
    const engine = new SyncEngine({
      db: a.db,
      transport: server.transport(),
      status: first,
      online,
    })
    engine.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(() => expect(first.getState().phase).toBe('up-to-date'), SETTLE)
    const lastSuccessAt = first.getState().lastSuccessAt
    expect(lastSuccessAt).not.toBeNull()
    engine.stop()
    // A reload: a fresh status store, and the tablet is offline.
    online.set(false)
    const reloaded = createSyncStatusStore()
    const again = new SyncEngine({
      db: a.db,
      transport: server.transport(),
      status: reloaded,
      online,
    })
    again.start()
    await vi.advanceTimersByTimeAsync(0)
    await vi.waitFor(
      () => expect(reloaded.getState()).toMatchObject({ phase: 'offline', lastSuccessAt }),
      SETTLE,
    )
    again.stop()
  })
})
