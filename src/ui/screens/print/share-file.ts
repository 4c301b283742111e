/**
 * A printout as one self-contained HTML file (the sheet's markup, the app's styles and the page
 * rule; QR codes are already data: images), for the system share sheet: it opens and prints on any
 * device with no app and no network. Share is offered only where the browser can share files.
 */

/** The styles the document has loaded, as text (rules of a sheet the page may not read are skipped). */
export function collectStyles(doc: Document): string {
  const parts: string[] = []
  for (const sheet of [...Array.from(doc.styleSheets), ...(doc.adoptedStyleSheets ?? [])]) {
    let rules: CSSRuleList
    try {
      rules = sheet.cssRules
    } catch {
      // A cross-origin sheet: its rules cannot be read, and the printout does not need them.
      continue
    }
    for (const rule of Array.from(rules)) parts.push(rule.cssText)
  }
  return parts.join('\n')
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) =>
    char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : '&quot;',
  )
}

/** A standalone HTML document of `markup` with `styles`. */
export function printableHtml(title: string, markup: string, styles: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${styles.replace(/<\/style/gi, '<\\/style')}</style>`,
    `</head><body class="print-document">${markup}</body></html>`,
  ].join('\n')
}

/** A file name from the title: letters, digits and dashes only. */
export function printableFileName(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
  return `${stem || 'printout'}.html`
}

type ShareNavigator = Pick<Navigator, 'share' | 'canShare'>

/** Whether this browser can share a file like `file` (false where share or canShare is missing). */
export function canShareFile(nav: Partial<ShareNavigator>, file: File): boolean {
  if (typeof nav.share !== 'function' || typeof nav.canShare !== 'function') return false
  try {
    return nav.canShare({ files: [file] })
  } catch {
    return false
  }
}
