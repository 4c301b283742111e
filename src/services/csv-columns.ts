/**
 * Column mapping for CSV imports: which file column feeds which field, guessed from the header
 * words (English and a few common German/French/Dutch ones) and then confirmed by the cook. Pure.
 * Invariant: a guess never uses one column for two fields.
 */

/** A parsed file (csv-parse.ts): the header row and the data rows, as strings. */
export type CsvTable = {
  headers: string[]
  /** Data rows; `rows[i]` is spreadsheet row `i + 2` (the header is row 1). */
  rows: string[][]
  /** The delimiter found: ',' ';' or a tab. */
  delimiter: string
}

/** The spreadsheet row number of data row `index` (the header is row 1). */
export function rowNumberOf(index: number): number {
  return index + 2
}

/** Field → column index in the file, or null for "not in this file". */
export type ColumnMapping<TField extends string> = Record<TField, number | null>

/** "Full-Name " → "full name" (letters and digits, single spaces, lower case). */
export function normalizeHeader(header: string): string {
  return header
    .toLocaleLowerCase('en')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

/**
 * Guess a mapping: first an exact header match for each field (in the order the fields are
 * given), then a header that starts with one of the field's words; each column is used once.
 */
export function guessColumns<TField extends string>(
  headers: readonly string[],
  synonyms: Readonly<Record<TField, readonly string[]>>,
  prefixes: Partial<Readonly<Record<TField, readonly string[]>>> = {},
): ColumnMapping<TField> {
  const normalized = headers.map(normalizeHeader)
  const fields = Object.keys(synonyms) as TField[]
  const used = new Set<number>()
  const mapping = Object.fromEntries(fields.map((field) => [field, null])) as ColumnMapping<TField>
  for (const field of fields) {
    const words = synonyms[field]
    const index = normalized.findIndex((header, at) => !used.has(at) && words.includes(header))
    if (index >= 0) {
      mapping[field] = index
      used.add(index)
    }
  }
  for (const field of fields) {
    if (mapping[field] !== null) continue
    const starts = prefixes[field] ?? []
    const index = normalized.findIndex(
      (header, at) => !used.has(at) && starts.some((start) => header.startsWith(start)),
    )
    if (index >= 0) {
      mapping[field] = index
      used.add(index)
    }
  }
  return mapping
}

/** The cell of `row` for a mapped column, trimmed ('' when the field is not mapped). */
export function cellOf(row: readonly string[], column: number | null): string {
  if (column === null) return ''
  return (row[column] ?? '').trim()
}
