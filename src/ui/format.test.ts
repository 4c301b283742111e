import { describe, expect, it } from 'vitest'
import { formatPercent, relativeDays, todayIso } from './format'

describe('formatPercent', () => {
  it('rounds down so 99.6 % is not shown as done and 150 % stays over 100', () => {
    expect(formatPercent(99.6)).toBe('99 %')
    expect(formatPercent(150)).toBe('150 %')
    expect(formatPercent(0)).toBe('0 %')
  })
})

describe('relativeDays', () => {
  it('describes a date relative to today', () => {
    expect(relativeDays('2026-12-24', '2026-12-24')).toBe('today')
    expect(relativeDays('2026-12-25', '2026-12-24')).toBe('tomorrow')
    expect(relativeDays('2026-12-31', '2026-12-24')).toBe('in 7 days')
    expect(relativeDays('2026-12-20', '2026-12-24')).toBe('4 days ago')
  })
})

describe('todayIso', () => {
  it('uses the local calendar date', () => {
    expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})
