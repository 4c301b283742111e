import { describe, expect, it } from 'vitest'
import { formatHlc } from '../crdt/hlc'
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

describe('checkChangeFields against inherited names', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'refuses the field "%s" as unknown instead of crashing',
    (field) => {
      const change = JSON.parse(
        JSON.stringify({ ...goodChange, fields: {} }).replace(
          '"fields":{}',
          `"fields":{"${field}":1}`,
        ),
      ) as unknown
      const result = pushRequestSchema.safeParse({ protocol: 1, deviceId: 'a', changes: [change] })
      expect(result.success).toBe(false)
      expect(result.error?.issues[0]?.message).toContain(`unknown field "${field}"`)
    },
  )

  it('refuses a "__proto__" field of a parsed request body like any unknown field', () => {
    // JSON.parse makes "__proto__" an own key, as a request body would.
    const change = JSON.parse(
      JSON.stringify(goodChange).replace('"fields":{', '"fields":{"__proto__":{"polluted":true},'),
    ) as unknown
    const result = pushRequestSchema.safeParse({ protocol: 1, deviceId: 'a', changes: [change] })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('unknown field "__proto__"')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('measures the size limit in UTF-8 bytes, not characters', () => {
    // 6,000 three-byte characters: 18,000 bytes, over the 16 KiB limit though under it in characters.
    const result = pushRequestSchema.safeParse({
      protocol: 1,
      deviceId: 'a',
      changes: [{ ...goodChange, fields: { name: '€'.repeat(6_000) } }],
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toContain('larger than')
  })
})

describe('pushRequestSchema: the status register of issue 15', () => {
  const statusChange = (fields: Record<string, unknown>) => ({
    ...goodChange,
    table: 'assignments',
    fields: {
      status: 'assembled',
      statusEpoch: 1,
      deliveredTo: null,
      deliveredAt: null,
      ...fields,
    },
  })
  const parse = (fields: Record<string, unknown>) =>
    pushRequestSchema.safeParse({ protocol: 1, deviceId: 'a', changes: [statusChange(fields)] })

  it('accepts a correction carrying the epoch it opened, and an older write without one', () => {
    expect(parse({ statusLineage: '2' }).success).toBe(true)
    expect(parse({}).success).toBe(true)
  })

  it('refuses an epoch id that is not text', () => {
    expect(parse({ statusLineage: 2 }).success).toBe(false)
  })
})
