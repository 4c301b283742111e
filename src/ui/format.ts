/**
 * How numbers, dates and money are shown: one rule each (DOMAIN §9.2: percentages stay exact in
 * services; the UI rounds them here, down, so 99.6 % never shows as a finished 100 %).
 */

/** Whole percent, rounded down, so "100 %" only ever means done. */
export function formatPercent(pct: number): string {
  return `${Math.floor(pct)} %`
}

/**
 * A money string from a service ("12.30", "-9.74") as shown to the baker, with the currency
 * symbol chosen in Settings › Appearance: a one-character symbol before the number ("-$9.74"),
 * a longer one after it ("9.74 CHF"), none when '' .
 */
export function formatMoney(amount: string, symbol = ''): string {
  if (symbol === '') return amount
  if (symbol.length > 1) return `${amount} ${symbol}`
  return amount.startsWith('-') ? `-${symbol}${amount.slice(1)}` : `${symbol}${amount}`
}

export function parseIsoDate(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number)
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1)
}

// One formatter each, made on first use (or by warmDateFormats): `toLocaleDateString` with options
// builds a new Intl.DateTimeFormat per call, and the first one in a fresh page loads the locale's
// date data (about 100 ms of a cold start on the tablet, on the first card's critical path).
let dateFormat: Intl.DateTimeFormat | undefined
let dateTimeFormat: Intl.DateTimeFormat | undefined

export function formatDate(isoDate: string): string {
  dateFormat ??= new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
  return dateFormat.format(parseIsoDate(isoDate))
}

export function formatDateTime(iso: string): string {
  dateTimeFormat ??= new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  })
  return dateTimeFormat.format(new Date(iso))
}

/**
 * Make the date formatter and load its locale data now (main.tsx calls it while the database
 * opens), so the first card does not pay for it.
 */
export function warmDateFormats(): void {
  formatDate('2000-01-01')
}

/** Today's local calendar date as `YYYY-MM-DD` (services take `today` as input). */
export function todayIso(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0')
  const day = String(now.getDate()).padStart(2, '0')
  return `${now.getFullYear()}-${month}-${day}`
}

/** "in 3 days", "today", "2 days ago" for an event date. */
export function relativeDays(isoDate: string, today: string): string {
  const days = Math.round(
    (parseIsoDate(isoDate).getTime() - parseIsoDate(today).getTime()) / 86_400_000,
  )
  if (days === 0) return 'today'
  if (days === 1) return 'tomorrow'
  if (days === -1) return 'yesterday'
  return days > 0 ? `in ${days} days` : `${-days} days ago`
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/** The step an amount to buy is rounded up to, per unit: whole grams, hundredths of a kilo, … */
const BUY_STEP: Record<string, number> = {
  g: 1,
  ml: 1,
  each: 1,
  dozen: 1,
  kg: 0.01,
  l: 0.01,
  lb: 0.01,
  oz: 0.25,
  fl_oz: 0.25,
  cup: 0.25,
  tbsp: 0.25,
  tsp: 0.25,
}

/**
 * An amount on the shopping list, rounded UP to a step one can buy or measure (never too little):
 * 1.8181805975 kg → "1.82", 1021 g → "1021", 1.1667 dozen → "2". A float's noise (0.30000000000000004)
 * does not push it up a step.
 */
export function formatAmountToBuy(quantity: number, unit: string): string {
  const step = BUY_STEP[unit] ?? 0.01
  const steps = Math.ceil(quantity / step - 1e-9)
  const rounded = Math.max(0, steps) * step
  return String(Number(rounded.toFixed(2)))
}
