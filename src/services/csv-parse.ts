/**
 * CSV text in and out, through papaparse (never a hand-written parser): quoted fields with commas,
 * quotes and line breaks, a UTF-8 byte-order mark, and the semicolon files spreadsheets write in
 * European locales (the delimiter is detected). Pure, no database: parsing happens before the
 * import's transaction opens. This module pulls in papaparse, so screens load it lazily.
 */
import Papa from 'papaparse'
import type { CsvTable } from './csv-columns'
import { CsvFormatError } from './errors'

/**
 * Parse CSV text. Blank lines are skipped; short rows are padded with ''.
 * @throws CsvFormatError for an empty file, a header with no rows under it, or a quote that is
 * never closed.
 */
export function parseCsv(text: string): CsvTable {
  const result = Papa.parse<string[]>(text, {
    skipEmptyLines: 'greedy',
    delimitersToGuess: [',', ';', '\t', '|'],
  })
  const quoteError = result.errors.find((error) => error.type === 'Quotes')
  if (quoteError) {
    throw new CsvFormatError('unclosed-quote', (quoteError.row ?? 0) + 1)
  }
  const [header, ...rows] = result.data
  if (!header || header.every((cell) => cell.trim() === '')) throw new CsvFormatError('empty')
  if (rows.length === 0) throw new CsvFormatError('no-rows')
  const width = header.length
  return {
    headers: header.map((cell) => cell.trim()),
    rows: rows.map((row) =>
      row.length >= width ? row : [...row, ...Array<string>(width - row.length).fill('')],
    ),
    delimiter: result.meta.delimiter,
  }
}

/**
 * CSV text for a table: comma-separated, quoted where needed, CRLF line ends, and cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) prefixed with `'`.
 */
export function toCsv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return Papa.unparse(
    { fields: [...headers], data: rows.map((row) => row.map((cell) => cellText(cell))) },
    { escapeFormulae: FORMULA_START, newline: '\r\n' },
  )
}

/** A formula's first character; a minus only when what follows is not a plain number. */
const FORMULA_START = /^(?:[=+@\t\r]|-(?!\d+(?:[.,]\d+)?$))/

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'string') return cell
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell)
  return JSON.stringify(cell)
}
