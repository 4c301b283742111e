import { describe, expect, it } from 'vitest'
import { insert, update } from '../db/mutate'
import { makeTestDb } from '../test/make-test-db'
import { pushAll } from './push'
import {
  countWaiting,
  defaultDeviceName,
  queueEveryChange,
  readDeviceName,
  writeDeviceName,
} from './sync-state'
import { MemoryServer } from './testing/memory-server'

const event = { name: 'Christmas', date: '2026-12-24', notes: '' }

describe('countWaiting', () => {
  it('counts one action that wrote several rows once, and each further action once', async () => {
    const a = makeTestDb()
    const created = await a.run(async (tx) => {
      const row = await insert(tx, 'events', event)
      await insert(tx, 'events', { ...event, name: 'Market' })
      await update(tx, 'events', row.id, { notes: 'Bring trays' })
      return row
    })
    expect(await a.db.outbox.count()).toBe(3)
    expect(await countWaiting(a.db)).toBe(1)
    await a.run((tx) => update(tx, 'events', created.id, { name: 'Christmas fair' }))
    expect(await countWaiting(a.db)).toBe(2)
  })

  it('counts changes queued in bulk (joining a space) one by one', async () => {
    const a = makeTestDb()
    await a.run(async (tx) => {
      await insert(tx, 'events', event)
      await insert(tx, 'events', { ...event, name: 'Market' })
    })
    await a.db.transaction('rw', [a.db.changes, a.db.outbox, a.db.rowStates], async (tx) => {
      await a.db.outbox.clear()
      await a.db.changes.clear()
      await queueEveryChange(tx)
    })
    expect(await countWaiting(a.db)).toBe(2)
  })
})

describe('device names', () => {
  it('defaults to the kind of device and the end of its id', () => {
    const androidTablet =
      'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'
    expect(defaultDeviceName(androidTablet, '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3fa3f2')).toBe(
      'Android tablet A3F2',
    )
    expect(defaultDeviceName('Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)', 'abc-12ef')).toBe(
      'iPad 12EF',
    )
    expect(defaultDeviceName('curl/8', 'x-0001')).toBe('Tablet 0001')
  })

  it('sends the saved name with every push', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    await writeDeviceName(a.db, '  Kitchen iPad ')
    expect(await readDeviceName(a.db)).toBe('Kitchen iPad')
    await a.run((tx) => insert(tx, 'events', event))
    const server = new MemoryServer()
    const inner = server.transport()
    const names: (string | undefined)[] = []
    await pushAll(a.db, {
      ...inner,
      push: (deviceId, changes, deviceName) => {
        names.push(deviceName)
        return inner.push(deviceId, changes, deviceName)
      },
    })
    expect(names).toEqual(['Kitchen iPad'])
  })
})
