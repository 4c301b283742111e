/**
 * An event's printout (run sheet, packing labels or shopping list) as paper: a small toolbar
 * (back, the other printouts, paper size, label grid, Print, Share) that never prints, and the
 * sheet itself. The `@page` rule follows the chosen paper; everything is read locally, so it
 * prints with no network. Paper and grid live in the address.
 */
import { useEffect, useRef, useState } from 'react'
import { Link, useLocation, useSearch } from 'wouter'
import { getEvent } from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { pathFor, printPathFor, type PrintPlace, type PrintSheet } from '../../app/routes'
import { formatDate } from '../../format'
import { LabelSheet } from './label-sheet'
import {
  GRIDS,
  PAPERS,
  defaultPaper,
  pageRule,
  printOptionsQuery,
  readPrintOptions,
  type LabelGrid,
  type Paper,
  type PrintOptions,
} from './paper'
import { RunSheet } from './run-sheet'
import { canShareFile, collectStyles, printableFileName, printableHtml } from './share-file'
import { ShoppingSheet } from './shopping-sheet'

const SHEET_TITLES: Record<PrintSheet, string> = {
  'run-sheet': 'Delivery run sheet',
  labels: 'Packing labels',
  shopping: 'Shopping list',
}

/** The toolbar's short names, so the three fit on one line on a phone. */
const SHEET_TABS: Record<PrintSheet, string> = {
  'run-sheet': 'Run sheet',
  labels: 'Labels',
  shopping: 'Shopping list',
}

/** The page rule for the chosen paper, through the CSSOM (the CSP allows no inline style element). */
function usePageRule(rule: string): void {
  useEffect(() => {
    if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(rule)
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((other) => other !== sheet)
    }
  }, [rule])
}

function useCanShareFiles(): boolean {
  // Asked once per screen: the answer does not change while the page is open.
  const [can] = useState(() =>
    canShareFile(navigator, new File([''], 'probe.html', { type: 'text/html' })),
  )
  return can
}

export function PrintScreen({ place }: { place: PrintPlace }) {
  const { eventId, sheet } = place
  const search = useSearch()
  const [, navigate] = useLocation()
  const options = readPrintOptions(search, defaultPaper(navigator.language))
  const event = useServiceQuery(
    [getEvent],
    (tx) =>
      getEvent(tx, eventId).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'NotFoundError') return null
        throw error
      }),
    [eventId],
  )
  const sheetRef = useRef<HTMLDivElement>(null)
  const canShare = useCanShareFiles()
  const [shareError, setShareError] = useState<string | null>(null)
  usePageRule(pageRule(options.paper))

  const title = event ? `${SHEET_TITLES[sheet]} – ${event.name}` : SHEET_TITLES[sheet]
  useEffect(() => {
    const before = document.title
    document.title = title
    return () => {
      document.title = before
    }
  }, [title])

  function choose(next: Partial<PrintOptions>) {
    navigate(`${printPathFor(place)}?${printOptionsQuery({ ...options, ...next })}`, {
      replace: true,
    })
  }

  async function share() {
    const markup = sheetRef.current?.outerHTML ?? ''
    const html = printableHtml(
      title,
      markup,
      `${collectStyles(document)}\n${pageRule(options.paper)}`,
    )
    const file = new File([html], printableFileName(title), { type: 'text/html' })
    try {
      await navigator.share({ files: [file], title })
      setShareError(null)
    } catch (error) {
      // The baker closed the share sheet: nothing to say.
      if (error instanceof Error && error.name === 'AbortError') return
      setShareError('This printout could not be shared. Print it instead, or try again.')
    }
  }

  if (event === undefined) return <main className="print-screen" aria-busy="true" />
  if (event === null)
    return (
      <main className="print-screen">
        <h1>Event not found</h1>
        <p>This event was deleted, maybe on another tablet.</p>
        <Link href="/">Back to Today</Link>
      </main>
    )

  const query = `?${printOptionsQuery(options)}`
  return (
    <main className="print-screen">
      <div className="print-toolbar" role="toolbar" aria-label="Print options">
        <Link href={pathFor({ screen: 'event', eventId, tab: null })} className="link-button">
          ← {event.name}
        </Link>
        <nav className="print-sheets" aria-label="Printouts">
          {(Object.keys(SHEET_TITLES) as PrintSheet[]).map((other) => (
            <Link
              key={other}
              href={`${printPathFor({ eventId, sheet: other })}${query}`}
              className="filter-chip"
              aria-current={other === sheet ? 'page' : undefined}
            >
              {SHEET_TABS[other]}
            </Link>
          ))}
        </nav>
        <label className="print-option">
          Paper
          <select
            value={options.paper}
            onChange={(change) => choose({ paper: change.target.value as Paper })}
          >
            {(Object.keys(PAPERS) as Paper[]).map((paper) => (
              <option key={paper} value={paper}>
                {PAPERS[paper].label}
              </option>
            ))}
          </select>
        </label>
        {sheet === 'labels' && (
          <label className="print-option">
            Labels per sheet
            <select
              value={options.grid}
              onChange={(change) => choose({ grid: change.target.value as LabelGrid })}
            >
              {(Object.keys(GRIDS) as LabelGrid[]).map((grid) => (
                <option key={grid} value={grid}>
                  {GRIDS[grid].label}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" className="button-primary" onClick={() => window.print()}>
          Print
        </button>
        {canShare && (
          <button type="button" className="button-secondary" onClick={() => void share()}>
            Share
          </button>
        )}
        {shareError && (
          <p role="alert" className="form-error">
            {shareError}
          </p>
        )}
      </div>
      <div
        ref={sheetRef}
        className={`print-sheet paper-${options.paper}`}
        data-testid="print-sheet"
      >
        {sheet === 'run-sheet' && (
          <RunSheet
            eventId={eventId}
            title={`Run sheet – ${event.name}, ${formatDate(event.date)}`}
          />
        )}
        {sheet === 'labels' && (
          <LabelSheet eventId={eventId} paper={options.paper} grid={options.grid} />
        )}
        {sheet === 'shopping' && (
          <ShoppingSheet
            eventId={eventId}
            title={`Shopping list – ${event.name}, ${formatDate(event.date)}`}
          />
        )}
      </div>
    </main>
  )
}
