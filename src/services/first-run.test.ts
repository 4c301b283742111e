import { describe, expect, it } from 'vitest'
import { buildRecipient } from '../test/builders'
import { makeTestDb } from '../test/make-test-db'
import { createEvent, deleteEvent } from './events'
import { isDatabaseEmpty } from './first-run'

describe('isDatabaseEmpty', () => {
  it('is true on a new tablet and false once anything was created', async () => {
    const { run, read } = makeTestDb()
    expect(await read((tx) => isDatabaseEmpty(tx))).toBe(true)
    await run((tx) => buildRecipient(tx))
    expect(await read((tx) => isDatabaseEmpty(tx))).toBe(false)
  })

  it('stays false after the only event is deleted', async () => {
    const { run, read } = makeTestDb()
    const event = await run((tx) => createEvent(tx, { name: 'Xmas', date: '2026-12-24' }))
    await run((tx) => deleteEvent(tx, event.id))
    expect(await read((tx) => isDatabaseEmpty(tx))).toBe(false)
  })
})
