import { describe, expect, it, vi } from 'vitest'
import { canShareFile, printableFileName, printableHtml } from './share-file'

describe('printableHtml', () => {
  it('wraps the sheet and its styles in one document that needs nothing else', () => {
    const html = printableHtml('Run sheet <Christmas>', '<table></table>', '@page { size: A4 }')
    expect(html).toContain('<title>Run sheet &lt;Christmas&gt;</title>')
    expect(html).toContain('<style>@page { size: A4 }</style>')
    expect(html).toContain('<body class="print-document"><table></table></body>')
    expect(html).not.toMatch(/<script|<link/)
  })

  it('keeps a stylesheet from closing its own style element early', () => {
    expect(printableHtml('t', '', 'a{}</style><script>')).not.toContain('</style><script>')
  })
})

describe('printableFileName', () => {
  it('names the file after the printout in plain letters', () => {
    expect(printableFileName('Run sheet – Noël 2026')).toBe('run-sheet-noel-2026.html')
    expect(printableFileName('***')).toBe('printout.html')
  })
})

describe('canShareFile', () => {
  const file = new File(['x'], 'x.html', { type: 'text/html' })

  it('offers Share only where the browser shares files', () => {
    expect(canShareFile({}, file)).toBe(false)
    expect(canShareFile({ share: vi.fn(), canShare: () => false }, file)).toBe(false)
    expect(canShareFile({ share: vi.fn(), canShare: () => true }, file)).toBe(true)
  })

  it('treats a browser whose canShare throws as unable to share', () => {
    const canShare = () => {
      throw new TypeError('files not supported')
    }
    expect(canShareFile({ share: vi.fn(), canShare }, file)).toBe(false)
  })
})
