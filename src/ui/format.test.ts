import { describe, expect, it, vi } from 'vitest'
import { formatAmountToBuy, formatPercent, relativeDays, todayIso } from './format'

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

describe('formatAmountToBuy', () => {
  it('rounds up to a step one can buy: hundredths of a kilo, whole grams and eggs, quarter cups', () => {
    expect(formatAmountToBuy(1.8181805975025, 'kg')).toBe('1.82')
    expect(formatAmountToBuy(0.2945523544425, 'kg')).toBe('0.3')
    expect(formatAmountToBuy(1020.2, 'g')).toBe('1021')
    expect(formatAmountToBuy(13.308088303125, 'g')).toBe('14')
    expect(formatAmountToBuy(4, 'each')).toBe('4')
    expect(formatAmountToBuy(14 / 12, 'dozen')).toBe('2')
    expect(formatAmountToBuy(2.1, 'cup')).toBe('2.25')
  })

  it('does not let floating-point noise push an exact amount up a step', () => {
    expect(formatAmountToBuy(0.1 + 0.2, 'kg')).toBe('0.3')
    expect(formatAmountToBuy(3.0000000000004, 'g')).toBe('3')
    expect(formatAmountToBuy(0, 'g')).toBe('0')
  })
})

describe('formatDate', () => {
  it('makes one Intl.DateTimeFormat for every date it formats (a cold start pays the locale data once, early)', async () => {
    const Real = Intl.DateTimeFormat
    let made = 0
    Intl.DateTimeFormat = new Proxy(Real, {
      construct(target, args: Parameters<typeof Real>) {
        made += 1
        return new target(...args)
      },
    })
    try {
      vi.resetModules()
      const { formatDate, warmDateFormats } = await import('./format')
      warmDateFormats()
      expect(made).toBe(1)
      const shown = ['2026-12-24', '2026-12-25', '2027-01-02'].map(formatDate)
      expect(made).toBe(1)
      expect(shown[0]).toBe(
        new Date(2026, 11, 24).toLocaleDateString(undefined, {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
          year: 'numeric',
        }),
      )
    } finally {
      Intl.DateTimeFormat = Real
    }
  })
})
