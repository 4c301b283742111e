import { describe, expect, it } from 'vitest'
import { makeTestDb } from '../test/make-test-db'
import { createEvent, listEvents } from '../services/events'
import { NotFoundError } from '../services/errors'

describe('runAction', () => {
  it('returns the value of a successful action', async () => {
    const { runAction } = makeTestDb()
    const result = await runAction([createEvent], (tx) =>
      createEvent(tx, { name: 'Easter', date: '2027-03-28' }),
    )
    expect(result.ok && result.value.name).toBe('Easter')
  })

  it('turns a domain error into a result and rolls the action back', async () => {
    const { runAction, read } = makeTestDb()
    const result = await runAction([createEvent], async (tx) => {
      await createEvent(tx, { name: 'Easter', date: '2027-03-28' })
      throw new NotFoundError('recipe', 'r-1')
    })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error).toBeInstanceOf(NotFoundError)
    expect(await read((tx) => listEvents(tx))).toEqual([])
  })

  it('rethrows anything that is not a domain error', async () => {
    const { runAction } = makeTestDb()
    await expect(
      runAction([listEvents], () => Promise.reject(new TypeError('bug'))),
    ).rejects.toThrow('bug')
  })
})

describe('readInTransaction', () => {
  it('refuses a write attempted inside a read', async () => {
    const { read } = makeTestDb()
    await expect(
      read((tx) => createEvent(tx, { name: 'Sneaky', date: '2027-01-01' })),
    ).rejects.toMatchObject({
      name: 'ReadOnlyError',
    })
  })
})
