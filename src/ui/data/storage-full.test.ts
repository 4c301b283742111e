import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import { createEvent, listEvents } from '../../services/events'
import { makeTestDb } from '../../test/make-test-db'
import { messageForFailure } from '../error-messages'
import { isStorageFullError, StorageFullError } from './run-action'

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError')

describe('isStorageFullError', () => {
  it('recognises the browser error, Dexie’s own class and an abort caused by it', () => {
    expect(isStorageFullError(quotaError())).toBe(true)
    expect(isStorageFullError(new Dexie.QuotaExceededError('full'))).toBe(true)
    expect(isStorageFullError(new Dexie.AbortError('aborted', quotaError()))).toBe(true)
    expect(isStorageFullError(new Dexie.AbortError('aborted'))).toBe(false)
    expect(isStorageFullError(new TypeError('bug'))).toBe(false)
    expect(isStorageFullError(undefined)).toBe(false)
  })
})

describe('runAction when the tablet is full', () => {
  it('rolls the action back and fails with a message a cook understands', async () => {
    const { runAction, read } = makeTestDb()
    const attempt = runAction([createEvent], async (tx) => {
      await createEvent(tx, { name: 'Easter', date: '2027-03-28' })
      throw quotaError()
    })
    await expect(attempt).rejects.toBeInstanceOf(StorageFullError)
    await expect(attempt).rejects.toMatchObject({
      name: 'QuotaExceededError',
      message: expect.stringContaining('out of storage space') as unknown,
    })
    expect(await read((tx) => listEvents(tx))).toEqual([])
  })
})

describe('messageForFailure', () => {
  it('explains a full disk, and falls back to a plain sentence for a bug', () => {
    expect(messageForFailure(new Dexie.AbortError('aborted', quotaError()))).toContain(
      'out of storage space',
    )
    expect(messageForFailure(new TypeError('x is undefined'))).toBe(
      'Something went wrong, and that step was not saved. Please try again.',
    )
  })
})
