import { describe, expect, it } from 'vitest'
import { insert } from '../db/mutate'
import { makeTestDb } from '../test/make-test-db'
import {
  adoptGenerationOfPush,
  HEAL_PENDING,
  judgeServerLog,
  pullAndHeal,
  readGeneration,
} from './heal'
import { pushAll } from './push'
import { readCursor } from './sync-state'
import { MemoryServer } from './testing/memory-server'
import type { Transport } from './transport'

const event = (name: string) => ({ name, date: '2026-12-24', notes: '' })

/** A memory server that states a generation, as the HTTP server does in its headers. */
function withGeneration(server: MemoryServer, generation: string): Transport {
  return {
    ...server.transport(),
    serverLog: () => ({ generation, latestSeq: server.log.length }),
  }
}

describe('judgeServerLog', () => {
  const log = { generation: 'g1', latestSeq: 10 }
  it('is in step with the generation it synced with while its cursor is within the log', () => {
    expect(judgeServerLog('g1', 10, log)).toBe('in-step')
  })
  it('adopts the first generation it sees (a new tablet, or an app from before generations)', () => {
    expect(judgeServerLog(undefined, undefined, log)).toBe('adopt')
    expect(judgeServerLog(undefined, 4, log)).toBe('adopt')
  })
  it('heals on another generation, or a cursor beyond the end of the log', () => {
    expect(judgeServerLog('g0', 4, log)).toBe('heal')
    expect(judgeServerLog('g1', 11, log)).toBe('heal')
    expect(judgeServerLog(undefined, 11, log)).toBe('heal')
    expect(judgeServerLog(HEAL_PENDING, undefined, log)).toBe('heal')
  })
})

describe('pullAndHeal', () => {
  it('re-sends what a restored server lacks, and finishes a heal cut short on the next sync', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const old = new MemoryServer()
    await a.run((tx) => insert(tx, 'events', event('Christmas fair')))
    await a.run((tx) => insert(tx, 'events', event('Easter market')))
    const before = withGeneration(old, 'g1')
    await before.push(a.db.clock.node, await a.db.changes.toArray())
    await a.db.outbox.clear()
    expect((await pullAndHeal(a.db, before)).ok).toBe(true)
    expect(await readGeneration(a.db)).toBe('g1')
    expect(await readCursor(a.db)).toBe(2)

    // Restored from nothing: a new generation, an empty log, and the first re-send fails.
    const restored = new MemoryServer()
    let failures = 1
    restored.faultFor = (call) => (call === 'push' && failures-- > 0 ? 'fail-before' : 'none')
    const after = withGeneration(restored, 'g2')
    expect((await pullAndHeal(a.db, after)).ok).toBe(false)
    expect(await readGeneration(a.db)).toBe(HEAL_PENDING)
    expect(await readCursor(a.db)).toBeUndefined()

    expect((await pullAndHeal(a.db, after)).ok).toBe(true)
    expect(restored.log.map((change) => change.fields.name).sort()).toEqual([
      'Christmas fair',
      'Easter market',
    ])
    expect(await readGeneration(a.db)).toBe('g2')
    expect(await readCursor(a.db)).toBe(2)
    // In step now: another sync re-sends nothing.
    expect((await pullAndHeal(a.db, after)).ok).toBe(true)
    expect(restored.log).toHaveLength(2)
  })

  it('leaves everything as pullAll does with a server that states no generation', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    await a.run((tx) => insert(tx, 'events', event('Christmas fair')))
    expect((await pullAndHeal(a.db, server.transport())).ok).toBe(true)
    expect(await readGeneration(a.db)).toBeUndefined()
    expect(server.log).toHaveLength(0)
  })

  it('heals a restore that lost a push acknowledged before the tablet’s first pull', async () => {
    const a = makeTestDb({ deviceId: 'tablet-a' })
    const server = new MemoryServer()
    server.statesGeneration = true
    await a.run((tx) => insert(tx, 'events', event('Christmas fair')))
    const transport = server.transport()
    expect(await pushAll(a.db, transport)).toEqual({ ok: true, pushed: 1 })
    await adoptGenerationOfPush(a.db, transport)
    expect(await readGeneration(a.db)).toBe(server.generation)
    server.restoreFrom([]) // the backup predates the push; the pull comes after the restore
    expect((await pullAndHeal(a.db, transport)).ok).toBe(true)
    expect(server.log.map((change) => change.fields.name)).toEqual(['Christmas fair'])
  })
})
