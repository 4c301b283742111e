import { describe, expect, it } from 'vitest'
import { formatHlc } from './hlc'
import { MAX_PUSH_BATCH, pushRequestSchema } from './wire'

const hlc = formatHlc({ wall: 1_800_000_000_000, counter: 0, node: 'tablet-a' })
const goodChange = {
  id: 'c1',
  table: 'events',
  rowId: 'e1',
  fields: { name: 'Christmas', date: '2026-12-24' },
  hlc,
  deviceId: 'tablet-a',
}

describe('pushRequestSchema', () => {
  it('accepts a valid batch', () => {
    expect(
      pushRequestSchema.safeParse({ protocol: 1, deviceId: 'tablet-a', changes: [goodChange] })
        .success,
    ).toBe(true)
  })

  it('refuses an unknown table with a reason', () => {
    const result = pushRequestSchema.safeParse({
      protocol: 1,
      deviceId: 'a',
      changes: [{ ...goodChange, table: 'secrets' }],
    })
    expect(result.success).toBe(false)
  })

  it('refuses an unknown field and names it', () => {
    const result = pushRequestSchema.safeParse({
      protocol: 1,
      deviceId: 'a',
      changes: [{ ...goodChange, fields: { colour: 'red' } }],
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toContain('unknown field "colour"')
  })

  it('refuses a malformed value for a known field', () => {
    const result = pushRequestSchema.safeParse({
      protocol: 1,
      deviceId: 'a',
      changes: [{ ...goodChange, fields: { date: '24/12/2026' } }],
    })
    expect(result.error?.issues[0]?.message).toContain('invalid events.date')
  })

  it(`refuses more than ${MAX_PUSH_BATCH} changes in one push`, () => {
    const changes = Array.from({ length: MAX_PUSH_BATCH + 1 }, (_, index) => ({
      ...goodChange,
      id: `c${index}`,
    }))
    expect(pushRequestSchema.safeParse({ protocol: 1, deviceId: 'a', changes }).success).toBe(false)
  })

  it('refuses another protocol version', () => {
    expect(
      pushRequestSchema.safeParse({ protocol: 2, deviceId: 'a', changes: [goodChange] }).success,
    ).toBe(false)
  })
})
