import { describe, expect, it } from 'vitest'
import { Exact, formatMoney, fromMicros, moneyInputSchema, toMicros } from './money'

describe('Exact', () => {
  it('keeps 3.10 ÷ 12 × 3 at exactly 0.775', () => {
    expect(new Exact('3.10').dividedBy(12).times(3).toFixed()).toBe('0.775')
  })

  it('rounds half away from zero: 0.775 → 0.78 and -0.775 → -0.78', () => {
    expect(new Exact('0.775').toFixed(2)).toBe('0.78')
    expect(new Exact('-0.775').toFixed(2)).toBe('-0.78')
    expect(new Exact('0.7749999').toFixed(2)).toBe('0.77')
  })

  it('reads numbers as the decimal a cook typed (0.1 is one tenth, 1e-7 is 0.0000001)', () => {
    expect(new Exact(0.1).times(3).toFixed()).toBe('0.3')
    expect(new Exact(1e-7).toFixed()).toBe('0.0000001')
  })

  it('prints a value without a finite decimal expansion to 20 places', () => {
    expect(new Exact(1).dividedBy(3).toFixed()).toBe('0.33333333333333333333')
  })
})

describe('formatMoney', () => {
  it('never says "-0.00" for a tiny negative amount', () => {
    expect(formatMoney(new Exact('-0.004'))).toBe('0.00')
  })
})

describe('micro-units', () => {
  it('round-trips 3.10 through micro-units and rounds a third of a cent half-up to whole micros', () => {
    const micros = moneyInputSchema.parse('3.10')
    expect(micros).toBe(3_100_000)
    expect(formatMoney(fromMicros(micros))).toBe('3.10')
    expect(toMicros(new Exact(1).dividedBy(3))).toBe(333_333)
    expect(toMicros(new Exact('0.0000005'))).toBe(1)
  })
})
