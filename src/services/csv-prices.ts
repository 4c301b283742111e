/**
 * Ingredient prices from a CSV file (name, unit, price): column guesses, a check that words every
 * bad row and lists each cost change, and the bulk update. Prices may use a decimal comma
 * ("1,50") and a currency sign; a price per another unit of the same kind (per g for an ingredient
 * bought by the kg) is converted exactly. Invariant: `importIngredientPrices` checks EVERY row
 * before it writes any, in the caller's one transaction: the whole file or nothing.
 */
import { z } from 'zod'
import { unitSchema, type Ingredient, type Unit } from '../db/schema'
import type { Tx } from '../db/tx'
import { cellOf, guessColumns, rowNumberOf, type ColumnMapping, type CsvTable } from './csv-columns'
import { CsvRowsError, type CsvRowIssue } from './errors'
import { updateIngredient } from './ingredients'
import { Exact, formatMoney, fromMicros, microsToInputString, toMicros } from './money'
import { sameName } from './order'
import { canConvert, convertQuantity } from './units'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export const PRICE_COLUMNS = ['name', 'unit', 'price'] as const
export type PriceColumn = (typeof PRICE_COLUMNS)[number]

const PRICE_SYNONYMS: Record<PriceColumn, readonly string[]> = {
  name: ['name', 'ingredient', 'item', 'product', 'article', 'zutat', 'artikel', 'ingredient name'],
  unit: ['unit', 'per', 'uom', 'unit of measure', 'einheit', 'unite'],
  price: ['price', 'cost', 'unit cost', 'price per unit', 'cost per unit', 'preis', 'prix'],
}
const PRICE_PREFIXES: Partial<Record<PriceColumn, readonly string[]>> = {
  price: ['price', 'cost', 'preis'],
}

export function guessPriceColumns(headers: readonly string[]): ColumnMapping<PriceColumn> {
  return guessColumns(headers, PRICE_SYNONYMS, PRICE_PREFIXES)
}

export const priceImportRowSchema = z.strictObject({
  rowNumber: z.number().int().min(1),
  name: z.string(),
  unit: z.string(),
  price: z.string(),
})
/** One file row as text, before it is checked. */
export type PriceImportRow = z.infer<typeof priceImportRowSchema>

export function mapPriceRows(
  table: CsvTable,
  mapping: ColumnMapping<PriceColumn>,
): PriceImportRow[] {
  return table.rows.map((row, index) => ({
    rowNumber: rowNumberOf(index),
    name: cellOf(row, mapping.name),
    unit: cellOf(row, mapping.unit),
    price: cellOf(row, mapping.price),
  }))
}

const UNIT_WORDS: Record<string, Unit> = {
  gram: 'g',
  grams: 'g',
  gr: 'g',
  kilo: 'kg',
  kilos: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  kgs: 'kg',
  ounce: 'oz',
  ounces: 'oz',
  pound: 'lb',
  pounds: 'lb',
  lbs: 'lb',
  millilitre: 'ml',
  milliliter: 'ml',
  litre: 'l',
  liter: 'l',
  litres: 'l',
  liters: 'l',
  ltr: 'l',
  teaspoon: 'tsp',
  tablespoon: 'tbsp',
  cups: 'cup',
  'fl oz': 'fl_oz',
  piece: 'each',
  pieces: 'each',
  pc: 'each',
  pcs: 'each',
  ea: 'each',
  stk: 'each',
  stuck: 'each',
  doz: 'dozen',
}

/** "Kilo" → 'kg'; '' → null (the ingredient's own unit); an unknown word → undefined. */
export function unitFromWord(text: string): Unit | null | undefined {
  const word = text
    .toLocaleLowerCase('en')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/^(per|pro|par|\/)\s*/, '')
    .replace(/[._]/g, ' ')
    .trim()
  if (word === '') return null
  const unit = unitSchema.safeParse(word.replace(' ', '_'))
  if (unit.success) return unit.data
  return UNIT_WORDS[word]
}

/**
 * "€ 1.234,50", "1,50", "$3.49" → the exact amount; null when it is not a non-negative amount.
 * The last comma or point followed by 1–6 digits is the decimal mark; the other is a thousands
 * separator.
 */
export function priceFromText(text: string): Exact | null {
  const bare = text.replace(/[\s\u00a0'€$£¥]|eur|usd|gbp|chf/gi, '')
  if (!/^\d[\d.,]*$/.test(bare)) return null
  const mark = Math.max(bare.lastIndexOf(','), bare.lastIndexOf('.'))
  let decimal = bare
  if (mark >= 0) {
    const fraction = bare.slice(mark + 1)
    const whole = bare.slice(0, mark).replace(/[.,]/g, '')
    const isDecimal = fraction.length >= 1 && fraction.length <= 6 && !/[.,]/.test(fraction)
    // "1,500" with a comma and exactly three digits after it, and no other mark, reads as a
    // decimal comma in the files this accepts (prices of ingredients, not thousands).
    decimal = isDecimal ? `${whole}.${fraction}` : bare.replace(/[.,]/g, '')
  }
  try {
    return new Exact(decimal)
  } catch {
    return null
  }
}

/** One cost the import would change. */
export type PriceChange = {
  rowNumber: number
  ingredientId: string
  ingredientName: string
  unit: Unit
  /** Current and new cost of one `unit`, two decimals. */
  oldCost: string
  newCost: string
  /** The current and new cost exactly, as money input strings ("0.0042"). */
  oldCostPrecise: string
  newCostPrecise: string
}

/** A second row for an ingredient already priced earlier in the file (skippable). */
export type PriceDuplicate = { rowNumber: number; name: string; sameAsRow: number }

export type PriceImportCheck = {
  rows: number
  issues: CsvRowIssue[]
  duplicates: PriceDuplicate[]
  changes: PriceChange[]
}

export const checkPriceImportInputSchema = z.strictObject({
  rows: z.array(priceImportRowSchema).max(50_000, 'That file has more than 50,000 rows'),
  /** Row numbers the cook chose to leave out. */
  skipRows: z.array(z.number().int()).default([]),
})
export type CheckPriceImportInput = z.input<typeof checkPriceImportInputSchema>

function priceChangeOf(
  row: PriceImportRow,
  ingredient: Ingredient,
): { ok: true; change: PriceChange } | { ok: false; issue: CsvRowIssue } {
  const fail = (field: string, message: string) => ({
    ok: false as const,
    issue: { rowNumber: row.rowNumber, field, message },
  })
  const unit = unitFromWord(row.unit)
  if (unit === undefined)
    return fail('unit', `"${row.unit}" is not a unit (use g, kg, ml, l, each…)`)
  const price = priceFromText(row.price)
  if (row.price === '') return fail('price', 'the price is empty')
  if (price === null) return fail('price', `the price "${row.price}" is not an amount like 1.50`)
  const fileUnit = unit ?? ingredient.unit
  if (!canConvert(ingredient.unit, fileUnit, ingredient.density)) {
    return fail(
      'unit',
      `${ingredient.name} is bought by ${ingredient.unit}, and a price per ${fileUnit} can't be turned into that`,
    )
  }
  // One ingredient unit is this many file units, so its cost is that many file prices.
  const perIngredientUnit = price.times(
    convertQuantity(1, ingredient.unit, fileUnit, {
      id: ingredient.id,
      density: ingredient.density,
    }),
  )
  const micros = toMicros(perIngredientUnit)
  if (micros > Number.MAX_SAFE_INTEGER) return fail('price', 'the price is too large')
  return {
    ok: true,
    change: {
      rowNumber: row.rowNumber,
      ingredientId: ingredient.id,
      ingredientName: ingredient.name,
      unit: ingredient.unit,
      oldCost: formatMoney(fromMicros(ingredient.unitCost)),
      newCost: formatMoney(fromMicros(micros)),
      oldCostPrecise: microsToInputString(ingredient.unitCost),
      newCostPrecise: microsToInputString(micros),
    },
  }
}

/**
 * Every problem of every row not skipped (an unknown ingredient, unit or amount), the rows that
 * price an ingredient a second time, and the cost each good row would set.
 * Tables: ingredients (read).
 */
export async function checkPriceImport(
  tx: Tx,
  input: CheckPriceImportInput,
): Promise<PriceImportCheck> {
  const { rows, skipRows } = parseInput(checkPriceImportInputSchema, input)
  const skip = new Set(skipRows)
  const ingredients = (await tx.ingredients.toArray()).filter((row) => row.deletedAt === null)
  const issues: CsvRowIssue[] = []
  const duplicates: PriceDuplicate[] = []
  const changes: PriceChange[] = []
  const pricedAt = new Map<string, number>()
  for (const row of rows) {
    if (row.name === '') {
      if (!skip.has(row.rowNumber))
        issues.push({ rowNumber: row.rowNumber, field: 'name', message: 'the name is empty' })
      continue
    }
    const ingredient = ingredients.find((candidate) => sameName(candidate.name, row.name))
    if (!ingredient) {
      if (!skip.has(row.rowNumber))
        issues.push({
          rowNumber: row.rowNumber,
          field: 'name',
          message: `there is no ingredient called "${row.name}"`,
        })
      continue
    }
    const earlier = pricedAt.get(ingredient.id)
    if (earlier !== undefined) {
      duplicates.push({ rowNumber: row.rowNumber, name: row.name, sameAsRow: earlier })
      if (skip.has(row.rowNumber)) continue
    } else if (!skip.has(row.rowNumber)) {
      pricedAt.set(ingredient.id, row.rowNumber)
    }
    if (skip.has(row.rowNumber)) continue
    const result = priceChangeOf(row, ingredient)
    if (result.ok) changes.push(result.change)
    else issues.push(result.issue)
  }
  return { rows: rows.length, issues, duplicates, changes }
}
checkPriceImport.tables = tablesOf('ingredients')

export type PriceImportResult = { updated: number; skipped: number[] }

/**
 * Set the cost of every ingredient the file prices, all or nothing: the file is checked first,
 * and a bad row, or an ingredient priced twice and not skipped, refuses it before anything is
 * written. Each cost goes through `updateIngredient`.
 * @throws CsvRowsError listing every bad row; nothing is written.
 * Tables: ingredients, recipes (read). Offline: last writer wins on each ingredient's cost.
 */
export async function importIngredientPrices(
  tx: Tx,
  input: CheckPriceImportInput,
): Promise<PriceImportResult> {
  const check = await checkPriceImport(tx, input)
  const skip = new Set(input.skipRows ?? [])
  const repeated = check.duplicates
    .filter((duplicate) => !skip.has(duplicate.rowNumber))
    .map((duplicate) => ({
      rowNumber: duplicate.rowNumber,
      field: 'name',
      message: `${duplicate.name} is already priced on row ${duplicate.sameAsRow}`,
    }))
  const issues = [...check.issues, ...repeated].sort((a, b) => a.rowNumber - b.rowNumber)
  if (issues.length > 0) throw new CsvRowsError(issues)
  for (const change of check.changes) {
    await updateIngredient(tx, { id: change.ingredientId, unitCost: change.newCostPrecise })
  }
  return { updated: check.changes.length, skipped: [...skip].sort((a, b) => a - b) }
}
importIngredientPrices.tables = tablesOf(checkPriceImport, updateIngredient)
