/**
 * Exact money. Rows store integer micro-units (1/1,000,000 of the currency unit); arithmetic runs
 * on exact fractions (`Exact`: a BigInt numerator over a BigInt denominator), so sums, products
 * AND divisions (unit conversion, cost per item) lose nothing: 3.10 a dozen ÷ 12 × 3 is exactly
 * 0.775. Values leave services only through `formatMoney`: two decimals, rounded half-up (away
 * from zero at .5) from the exact value, never "-0.00" (DOMAIN §4, §9.2).
 */
import { Decimal } from 'decimal.js'
import { z } from 'zod'

type ExactLike = Exact | number | string | bigint

const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) [x, y] = [y, x % y]
  return x
}

function parseDecimalText(text: string): [bigint, bigint] {
  const match = DECIMAL_TEXT.exec(text.trim())
  if (!match) throw new RangeError(`Not a decimal number: ${text}`)
  const [, sign, whole = '0', fraction = '', exponentText] = match
  let numerator = BigInt(whole + fraction)
  let denominator = 10n ** BigInt(fraction.length)
  const exponent = exponentText ? Number(exponentText) : 0
  if (exponent > 0) numerator *= 10n ** BigInt(exponent)
  if (exponent < 0) denominator *= 10n ** BigInt(-exponent)
  return [sign === '-' ? -numerator : numerator, denominator]
}

/**
 * An exact rational number. Immutable; always stored reduced with a positive denominator. The
 * method names follow decimal.js (`plus`, `times`, `dividedBy`) so call sites read the same.
 */
export class Exact {
  readonly numerator: bigint
  readonly denominator: bigint

  constructor(value: ExactLike, denominator: bigint = 1n) {
    let n: bigint
    let d: bigint
    if (value instanceof Exact) {
      n = value.numerator
      d = value.denominator
    } else if (typeof value === 'bigint') {
      n = value
      d = 1n
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`)
      // decimal.js prints the shortest decimal that round-trips (0.1 → "0.1"), which is what a
      // cook typed; the float's binary expansion would not be.
      ;[n, d] = Number.isInteger(value)
        ? [BigInt(value), 1n]
        : parseDecimalText(new Decimal(value).toFixed())
    } else {
      ;[n, d] = parseDecimalText(value)
    }
    d *= denominator
    if (d === 0n) throw new RangeError('Division by zero')
    if (d < 0n) {
      n = -n
      d = -d
    }
    const divisor = gcd(n, d)
    this.numerator = divisor > 1n ? n / divisor : n
    this.denominator = divisor > 1n ? d / divisor : d
  }

  private static of(value: ExactLike): Exact {
    return value instanceof Exact ? value : new Exact(value)
  }

  plus(other: ExactLike): Exact {
    const b = Exact.of(other)
    return new Exact(
      this.numerator * b.denominator + b.numerator * this.denominator,
      this.denominator * b.denominator,
    )
  }

  minus(other: ExactLike): Exact {
    const b = Exact.of(other)
    return new Exact(
      this.numerator * b.denominator - b.numerator * this.denominator,
      this.denominator * b.denominator,
    )
  }

  times(other: ExactLike): Exact {
    const b = Exact.of(other)
    return new Exact(this.numerator * b.numerator, this.denominator * b.denominator)
  }

  dividedBy(other: ExactLike): Exact {
    const b = Exact.of(other)
    if (b.numerator === 0n) throw new RangeError('Division by zero')
    return new Exact(this.numerator * b.denominator, this.denominator * b.numerator)
  }

  isZero(): boolean {
    return this.numerator === 0n
  }

  isNegative(): boolean {
    return this.numerator < 0n
  }

  comparedTo(other: ExactLike): -1 | 0 | 1 {
    const difference = this.minus(other).numerator
    return difference === 0n ? 0 : difference < 0n ? -1 : 1
  }

  greaterThan(other: ExactLike): boolean {
    return this.comparedTo(other) > 0
  }

  /** Rounded half-up (away from zero at .5) to `places` decimals, as an exact value. */
  toDecimalPlaces(places: number): Exact {
    const scale = 10n ** BigInt(places)
    const magnitude = this.numerator < 0n ? -this.numerator : this.numerator
    // floor((|n| × scale + d/2) / d), done in integers: (2·|n|·scale + d) div (2·d)
    const rounded = (2n * magnitude * scale + this.denominator) / (2n * this.denominator)
    return new Exact(this.numerator < 0n ? -rounded : rounded, scale)
  }

  /**
   * Decimal text. With `places`: rounded half-up to exactly that many decimals. Without: the
   * exact value when it has a finite decimal expansion, else rounded to 20 decimals.
   */
  toFixed(places?: number): string {
    if (places === undefined) {
      let d = this.denominator
      let digits = 0
      while (d % 10n === 0n) {
        d /= 10n
        digits += 1
      }
      while (d % 2n === 0n || d % 5n === 0n) {
        d = d % 2n === 0n ? d / 2n : d / 5n
        digits += 1
      }
      return d === 1n
        ? this.toFixed(digits)
            .replace(/(\.\d*?)0+$/, '$1')
            .replace(/\.$/, '')
        : this.toFixed(20)
    }
    const rounded = this.toDecimalPlaces(places)
    const scale = 10n ** BigInt(places)
    // rounded × scale is an integer by construction
    const scaled = (rounded.numerator * scale) / rounded.denominator
    const negative = scaled < 0n
    const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0')
    const whole = digits.slice(0, digits.length - places)
    const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : ''
    return `${negative ? '-' : ''}${whole}${fraction}`
  }

  /** Nearest float, for quantities shown to the cook (never for money that is summed). */
  toNumber(): number {
    return Number(this.toFixed(20))
  }
}

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
  return new Exact(BigInt(micros), BigInt(MICROS_PER_UNIT))
}

/** Round an exact amount to whole micro-units (half-up), e.g. for a cost snapshot in a row. */
export function toMicros(amount: Exact): number {
  return amount.times(MICROS_PER_UNIT).toDecimalPlaces(0).toNumber()
}

export const ZERO: Exact = new Exact(0)

export function sum(amounts: Iterable<Exact>): Exact {
  let total = ZERO
  for (const amount of amounts) total = total.plus(amount)
  return total
}

/** The two-decimal string every cost leaves a service as: `"12.35"`, never `"-0.00"`. */
export function formatMoney(amount: Exact): string {
  const rounded = amount.toDecimalPlaces(2)
  return rounded.isZero() ? '0.00' : rounded.toFixed(2)
}

/** Format integer micro-units as an input-style decimal string without trailing zeros ("0.0042"). */
export function microsToInputString(micros: number): string {
  return fromMicros(micros).toFixed()
}
