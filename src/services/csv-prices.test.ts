import { describe, expect, it } from 'vitest'
import { buildIngredient } from '../test/builders'
import { makeTestDb, snapshotAll } from '../test/make-test-db'
import { parseCsv } from './csv-parse'
import {
  checkPriceImport,
  guessPriceColumns,
  importIngredientPrices,
  mapPriceRows,
  priceFromText,
  unitFromWord,
} from './csv-prices'
import { CsvRowsError } from './errors'
import { listIngredients } from './ingredients'

function rowsOf(text: string) {
  const table = parseCsv(text)
  return mapPriceRows(table, guessPriceColumns(table.headers))
}

async function kitchen() {
  const testDb = makeTestDb()
  await testDb.run(async (tx) => {
    await buildIngredient(tx, { name: 'Flour', unit: 'kg', unitCost: 1_200_000 })
    await buildIngredient(tx, { name: 'Butter', unit: 'g', unitCost: 10_000 })
    await buildIngredient(tx, { name: 'Eggs', unit: 'each', unitCost: 300_000 })
  })
  return testDb
}

describe('price words', () => {
  it('reads decimal commas, currency signs and thousands separators', () => {
    expect(priceFromText('1,50')?.toFixed()).toBe('1.5')
    expect(priceFromText('€ 1.234,50')?.toFixed()).toBe('1234.5')
    expect(priceFromText('$1,234.50')?.toFixed()).toBe('1234.5')
    expect(priceFromText('0.0042')?.toFixed()).toBe('0.0042')
    expect(priceFromText('-1')).toBeNull()
    expect(priceFromText('cheap')).toBeNull()
  })

  it('reads unit words', () => {
    expect(unitFromWord('Kilo')).toBe('kg')
    expect(unitFromWord('per litre')).toBe('l')
    expect(unitFromWord('fl oz')).toBe('fl_oz')
    expect(unitFromWord('')).toBeNull()
    expect(unitFromWord('bucket')).toBeUndefined()
  })
})

describe('importIngredientPrices', () => {
  it('updates every cost from a semicolon file with decimal commas, converting units', async () => {
    const { run, read } = await kitchen()
    const rows = rowsOf('Zutat;Einheit;Preis\nflour;kg;1,50\nButter;kg;"12,00"\nEggs;;0,35\n')
    const check = await read((tx) => checkPriceImport(tx, { rows }))
    expect(check.issues).toEqual([])
    expect(
      check.changes.map((change) => [change.ingredientName, change.oldCost, change.newCost]),
    ).toEqual([
      ['Flour', '1.20', '1.50'],
      ['Butter', '0.01', '0.01'],
      ['Eggs', '0.30', '0.35'],
    ])
    expect(await run((tx) => importIngredientPrices(tx, { rows }))).toEqual({
      updated: 3,
      skipped: [],
    })
    const saved = await read((tx) => listIngredients(tx))
    expect(saved.map((row) => [row.name, row.unitCostPrecise])).toEqual([
      ['Butter', '0.012'],
      ['Eggs', '0.35'],
      ['Flour', '1.5'],
    ])
  })

  it('saves nothing when a row in the middle is bad, naming each bad row', async () => {
    const { db, run } = await kitchen()
    const before = await snapshotAll(db)
    const rows = rowsOf(
      'Name,Unit,Price\nFlour,kg,1.50\nSugar,kg,2.00\nEggs,kg,0.30\nButter,g,lots\nFlour,kg,1.60\n',
    )
    const failure = await run((tx) => importIngredientPrices(tx, { rows })).catch(
      (error: unknown) => error,
    )
    expect(failure).toBeInstanceOf(CsvRowsError)
    expect(
      (failure as CsvRowsError).issues.map((issue) => `${issue.rowNumber}: ${issue.message}`),
    ).toEqual([
      '3: there is no ingredient called "Sugar"',
      "4: Eggs is bought by each, and a price per kg can't be turned into that",
      '5: the price "lots" is not an amount like 1.50',
      '6: Flour is already priced on row 2',
    ])
    expect(await snapshotAll(db)).toEqual(before)
  })

  it('skips the rows the cook leaves out, including a second price for one ingredient', async () => {
    const { run, read } = await kitchen()
    const rows = rowsOf('Name,Unit,Price\nFlour,kg,1.50\nFlour,kg,1.60\nSugar,kg,2\n')
    const check = await read((tx) => checkPriceImport(tx, { rows }))
    expect(check.duplicates).toEqual([{ rowNumber: 3, name: 'Flour', sameAsRow: 2 }])
    expect(await run((tx) => importIngredientPrices(tx, { rows, skipRows: [3, 4] }))).toEqual({
      updated: 1,
      skipped: [3, 4],
    })
    expect(
      (await read((tx) => listIngredients(tx))).find((row) => row.name === 'Flour')?.unitCost,
    ).toBe('1.50')
  })
})
