import { describe, expect, it } from 'vitest'
import {
  chunk,
  defaultPaper,
  labelSize,
  pageRule,
  printOptionsQuery,
  readPrintOptions,
} from './paper'

describe('print options', () => {
  it('defaults to US Letter in North America and A4 elsewhere', () => {
    expect(defaultPaper('en-US')).toBe('letter')
    expect(defaultPaper('fr-CA')).toBe('letter')
    expect(defaultPaper('en-GB')).toBe('a4')
    expect(defaultPaper('de')).toBe('a4')
  })

  it('reads paper and grid back from the address, and falls back on anything unknown', () => {
    const options = { paper: 'letter', grid: '2x5' } as const
    expect(readPrintOptions(`?${printOptionsQuery(options)}`, 'a4')).toEqual(options)
    expect(readPrintOptions('?paper=a3&grid=4x4', 'a4')).toEqual({ paper: 'a4', grid: '3x7' })
  })

  it('sizes the page rule to the chosen paper', () => {
    expect(pageRule('a4')).toBe('@page { size: 210mm 297mm; margin: 10mm; }')
    expect(pageRule('letter')).toBe('@page { size: 215.9mm 279.4mm; margin: 10mm; }')
  })

  it('makes a grid of labels fill one sheet without spilling onto the next', () => {
    // A4 printable area 190 × 277 mm.
    expect(labelSize('a4', '3x7')).toEqual({ widthMm: 63.33, heightMm: 39.53 })
    expect(labelSize('a4', '2x5')).toEqual({ widthMm: 95, heightMm: 55.35 })
    const letter = labelSize('letter', '3x7')
    expect(letter.heightMm * 7).toBeLessThanOrEqual(279.4 - 20)
  })

  it('cuts the labels into sheets of the grid size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(chunk([], 21)).toEqual([])
  })
})
