/**
 * The event's "Print" menu: the delivery run sheet, packing labels and shopping list, each a
 * printout with an address of its own (screens/print), openable offline.
 */
import { Link } from 'wouter'
import { printPathFor, type PrintSheet } from '../../app/routes'

const ENTRIES: { sheet: PrintSheet; label: string }[] = [
  { sheet: 'run-sheet', label: 'Delivery run sheet' },
  { sheet: 'labels', label: 'Packing labels' },
  { sheet: 'shopping', label: 'Shopping list' },
]

export function PrintMenu({ eventId }: { eventId: string }) {
  return (
    <details className="print-menu">
      <summary className="button-secondary">Print</summary>
      <ul aria-label="Print">
        {ENTRIES.map((entry) => (
          <li key={entry.sheet}>
            <Link href={printPathFor({ eventId, sheet: entry.sheet })}>{entry.label}</Link>
          </li>
        ))}
      </ul>
    </details>
  )
}
