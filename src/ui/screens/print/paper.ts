/**
 * Paper and sticker grids for the printouts: page sizes, the `@page` rule each one needs, and the
 * size of one label so that a grid fills exactly one sheet. The choice lives in the address
 * (`?paper=letter&grid=2x5`), so a reload or a bookmark prints the same way; anything unknown there
 * falls back to the defaults.
 */

export type Paper = 'a4' | 'letter'
export type LabelGrid = '2x5' | '3x7'
export type PrintOptions = { paper: Paper; grid: LabelGrid }

export const PAPERS: Record<Paper, { label: string; widthMm: number; heightMm: number }> = {
  a4: { label: 'A4', widthMm: 210, heightMm: 297 },
  letter: { label: 'US Letter', widthMm: 215.9, heightMm: 279.4 },
}

export const GRIDS: Record<LabelGrid, { label: string; columns: number; rows: number }> = {
  '2x5': { label: '2 × 5 (10 per sheet)', columns: 2, rows: 5 },
  '3x7': { label: '3 × 7 (21 per sheet)', columns: 3, rows: 7 },
}

/** The printer's margin on every side. */
export const PAGE_MARGIN_MM = 10

/** Countries that use US Letter; everyone else gets A4. */
const LETTER_REGIONS = new Set(['US', 'CA', 'MX', 'PH', 'CL', 'CO', 'VE', 'GT', 'CR', 'PR'])

/** The paper most printers in the baker's region hold, from a locale such as "en-US". */
export function defaultPaper(locale: string): Paper {
  const region = /^[a-z]{2,3}[-_]([A-Z]{2})\b/i.exec(locale)?.[1]?.toUpperCase()
  return region && LETTER_REGIONS.has(region) ? 'letter' : 'a4'
}

function isPaper(value: string | null): value is Paper {
  return value === 'a4' || value === 'letter'
}

function isGrid(value: string | null): value is LabelGrid {
  return value === '2x5' || value === '3x7'
}

/** The options an address's query names, else the defaults (`paper` from the locale, 3 × 7). */
export function readPrintOptions(search: string, fallbackPaper: Paper): PrintOptions {
  const params = new URLSearchParams(search)
  const paper = params.get('paper')
  const grid = params.get('grid')
  return { paper: isPaper(paper) ? paper : fallbackPaper, grid: isGrid(grid) ? grid : '3x7' }
}

export function printOptionsQuery(options: PrintOptions): string {
  return new URLSearchParams({ paper: options.paper, grid: options.grid }).toString()
}

/** The `@page` rule for the paper: its size, portrait, and the margin every layout assumes. */
export function pageRule(paper: Paper): string {
  const { widthMm, heightMm } = PAPERS[paper]
  return `@page { size: ${widthMm}mm ${heightMm}mm; margin: ${PAGE_MARGIN_MM}mm; }`
}

/**
 * One label's size so that `columns × rows` labels fill the printable area of one sheet (a quarter
 * of a millimetre spare in height, so rounding never pushes the last row onto a new page).
 */
export function labelSize(paper: Paper, grid: LabelGrid): { widthMm: number; heightMm: number } {
  const { widthMm, heightMm } = PAPERS[paper]
  const { columns, rows } = GRIDS[grid]
  const round = (mm: number) => Math.floor(mm * 100) / 100
  return {
    widthMm: round((widthMm - 2 * PAGE_MARGIN_MM) / columns),
    heightMm: round((heightMm - 2 * PAGE_MARGIN_MM - 0.25) / rows),
  }
}

/** Items in consecutive groups of `size` (the last may be shorter): one group per sheet. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = []
  for (let start = 0; start < items.length; start += size)
    groups.push(items.slice(start, start + size))
  return groups
}
