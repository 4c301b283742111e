/**
 * Exact money. Rows store integer micro-units (1/1,000,000 of the currency unit); arithmetic runs
 * on decimal.js with 60 significant digits, so sums and products of real prices are exact and
 * divisions (cost per item) carry far more precision than any rounding needs. Values leave
 * services only through `formatMoney`: two decimals, rounded half-up (away from zero at .5), never
 * "-0.00" (DOMAIN §4, §9.2).
 */
import { Decimal } from 'decimal.js'
import { z } from 'zod'

export const Exact = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP })
export type Exact = InstanceType<typeof Exact>

const MICROS_PER_UNIT = 1_000_000
const MONEY_PATTERN = /^\d+(\.\d{1,6})?$/

/**
 * Money as services accept it: a decimal string (`"3.49"`, `"0.0042"`) or a number, non-negative,
 * with at most six decimals. Output: integer micro-units.
 */
export const moneyInputSchema = z
  .union([z.string().trim(), z.number().finite()])
  .transform((value, context) => {
    const text = typeof value === 'number' ? numberToPlainString(value) : value
    if (!MONEY_PATTERN.test(text)) {
      context.addIssue({
        code: 'custom',
        message: 'Enter an amount like 3.49 (at most 6 decimals, not negative)',
      })
      return z.NEVER
    }
    const micros = new Exact(text).times(MICROS_PER_UNIT)
    if (micros.greaterThan(Number.MAX_SAFE_INTEGER)) {
      context.addIssue({ code: 'custom', message: 'That amount is too large' })
      return z.NEVER
    }
    return micros.toNumber()
  })

function numberToPlainString(value: number): string {
  // toFixed avoids exponent notation (1e-7) that the pattern would refuse for the wrong reason.
  return Number.isInteger(value) ? String(value) : new Exact(value).toFixed()
}

export function fromMicros(micros: number): Exact {
  return new Exact(micros).dividedBy(MICROS_PER_UNIT)
}

/** Round an exact amount to whole micro-units (half-up), e.g. for a cost snapshot in a row. */
export function toMicros(amount: Exact): number {
  return amount.times(MICROS_PER_UNIT).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber()
}

export const ZERO: Exact = new Exact(0)

export function sum(amounts: Iterable<Exact>): Exact {
  let total = ZERO
  for (const amount of amounts) total = total.plus(amount)
  return total
}

/** The two-decimal string every cost leaves a service as: `"12.35"`, never `"-0.00"`. */
export function formatMoney(amount: Exact): string {
  const rounded = amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
  return rounded.isZero() ? '0.00' : rounded.toFixed(2)
}

/** Format integer micro-units as an input-style decimal string without trailing zeros ("0.0042"). */
export function microsToInputString(micros: number): string {
  return fromMicros(micros).toFixed()
}
