import { Dexie } from 'dexie'
import { describe, expect, it, vi } from 'vitest'
import { makeTestDb } from '../../test/make-test-db'
import { VERSIONS } from '../../db/versions'
import { watchOtherTabUpgrades } from './database-lifecycle'

describe('watchOtherTabUpgrades', () => {
  it('closes this connection for good and reports it when another tab opens a newer schema', async () => {
    const { db } = makeTestDb()
    await db.open()
    const onUpgrade = vi.fn()
    watchOtherTabUpgrades(onUpgrade, db)

    // "Another tab": the same database, one schema version newer.
    const newer = new Dexie(db.name)
    const latest = VERSIONS[VERSIONS.length - 1]!
    newer.version(latest.version + 1).stores(latest.stores)
    await newer.open()

    expect(onUpgrade).toHaveBeenCalledTimes(1)
    expect(db.isOpen()).toBe(false)
    // No silent reopen onto a schema this code does not know.
    await expect(db.events.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' })
    newer.close()
  })

  it('stops watching when unsubscribed', async () => {
    const { db } = makeTestDb()
    await db.open()
    const onUpgrade = vi.fn()
    const stop = watchOtherTabUpgrades(onUpgrade, db)
    stop()
    const newer = new Dexie(db.name)
    const latest = VERSIONS[VERSIONS.length - 1]!
    newer.version(latest.version + 1).stores(latest.stores)
    await newer.open()
    expect(onUpgrade).not.toHaveBeenCalled()
    newer.close()
  })
})
