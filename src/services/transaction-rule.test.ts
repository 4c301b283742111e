/**
 * Guard tests for "inside a transaction, await nothing but Dexie" (DESIGN §1). The lint rule in
 * eslint.config.js (no-restricted-globals for fetch/setTimeout/… in src/services and src/db)
 * catches the obvious cases; these tests prove the failure mode the rule protects against and
 * that `runAction` reports it instead of pretending the action succeeded.
 */
import { describe, expect, it } from 'vitest'
import { makeTestDb } from '../test/make-test-db'
import { createEvent, listEvents } from './events'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('awaiting a non-Dexie promise inside an action', () => {
  it('makes the action fail instead of silently succeeding', async () => {
    const { runAction } = makeTestDb()
    const attempt = runAction([createEvent], async (tx) => {
      await createEvent(tx, { name: 'Before the timer', date: '2026-12-24' })
      await sleep(5)
      await createEvent(tx, { name: 'After the timer', date: '2026-12-25' })
    })
    await expect(attempt).rejects.toThrow(/Transaction|transaction/)
  })

  it('rejects with PrematureCommitError when the timer is the last thing awaited', async () => {
    const { runAction } = makeTestDb()
    const attempt = runAction([createEvent], async (tx) => {
      await createEvent(tx, { name: 'Lonely', date: '2026-12-24' })
      await sleep(5)
    })
    await expect(attempt).rejects.toMatchObject({ name: 'PrematureCommitError' })
  })

  it('is safe when only Dexie promises are awaited, however many', async () => {
    const { run, read } = makeTestDb()
    await run(async (tx) => {
      for (let index = 0; index < 20; index += 1) {
        await createEvent(tx, { name: `Event ${index}`, date: '2026-12-24' })
      }
      await Promise.all([listEvents(tx), listEvents(tx)])
    })
    expect(await read((tx) => listEvents(tx))).toHaveLength(20)
  })
})
