import { describe, expect, it } from 'vitest'
import { parseCsv, toCsv } from './csv-parse'
import { CsvFormatError } from './errors'

describe('parseCsv', () => {
  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const table = parseCsv(
      'Name,Address,Notes\r\n"Okafor, Ana","12 High St\nFlat 3","She said ""no nuts"""\r\nBob,,\r\n',
    )
    expect(table.headers).toEqual(['Name', 'Address', 'Notes'])
    expect(table.rows).toEqual([
      ['Okafor, Ana', '12 High St\nFlat 3', 'She said "no nuts"'],
      ['Bob', '', ''],
    ])
  })

  it('drops a UTF-8 byte-order mark so the first header reads "Name"', () => {
    const table = parseCsv('\ufeffName,Household\nZoë,Müller\n')
    expect(table.headers[0]).toBe('Name')
    expect(table.rows).toEqual([['Zoë', 'Müller']])
  })

  it('reads semicolon-separated files with decimal commas (European spreadsheets)', () => {
    const table = parseCsv('Zutat;Einheit;Preis\nMehl;kg;1,50\nZucker;kg;2,10\n')
    expect(table.delimiter).toBe(';')
    expect(table.rows).toEqual([
      ['Mehl', 'kg', '1,50'],
      ['Zucker', 'kg', '2,10'],
    ])
  })

  it('reads a one-column file and skips blank lines, padding short rows', () => {
    expect(parseCsv('Name\nAnn\n\n  \nBob\n').rows).toEqual([['Ann'], ['Bob']])
    expect(parseCsv('Name,Household\nAnn\n').rows).toEqual([['Ann', '']])
  })

  it('refuses an unclosed quote, an empty file and a header with no rows', () => {
    expect(() => parseCsv('Name,Notes\nAnn,"open\n')).toThrow(CsvFormatError)
    expect(() => parseCsv('')).toThrow(expect.objectContaining({ problem: 'empty' }))
    expect(() => parseCsv('Name\n')).toThrow(expect.objectContaining({ problem: 'no-rows' }))
  })
})

describe('toCsv', () => {
  it('quotes what needs quoting and reads back the same cells', () => {
    const rows = [['Okafor, Ana', 'line 1\nline 2', 'a "quote"', 3, null]]
    const text = toCsv(['Name', 'Address', 'Notes', 'Order', 'Route'], rows)
    expect(parseCsv(text).rows).toEqual([['Okafor, Ana', 'line 1\nline 2', 'a "quote"', '3', '']])
  })

  it('defuses cells a spreadsheet would run as a formula but keeps negative amounts', () => {
    const text = toCsv(['Name', 'Variance'], [['=HYPERLINK("x")', '-1.50']])
    expect(parseCsv(text).rows).toEqual([['\'=HYPERLINK("x")', '-1.50']])
  })
})
