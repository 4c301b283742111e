/**
 * The event's spreadsheet actions, kept in one place below the tabs (so the header and the
 * first Deliver cards stay where they are): export deliveries, shopping list and costs
 * as CSV, and "Same as last year" on a past event (a dialog that says what will be copied, then
 * creates the new event with cloneEvent in one action and opens it).
 */
import { lazy, Suspense, useCallback, useState } from 'react'
import type { EventDto } from '../../../services'
import { ExportButton, loadExports } from '../../components/export-button'
import { todayIso } from '../../format'
import { STATUS_LABEL } from '../../status-words'

const SameAsLastYearDialog = lazy(() =>
  import('./same-as-last-year-dialog').then((module) => ({
    default: module.SameAsLastYearDialog,
  })),
)

export function EventFileActions({ event }: { event: EventDto }) {
  const [sameAsLastYear, setSameAsLastYear] = useState(false)
  const closeDialog = useCallback(() => setSameAsLastYear(false), [])
  const isPast = event.date < todayIso()
  return (
    <section className="event-file-actions" aria-labelledby="event-file-actions-title">
      <h2 id="event-file-actions-title">Spreadsheets and next year</h2>
      <ExportButton
        label="Export deliveries"
        load={() =>
          loadExports().then((module) => ({
            uses: [module.exportDeliveriesSheet],
            read: (tx) =>
              module.exportDeliveriesSheet(tx, { eventId: event.id, statusLabels: STATUS_LABEL }),
          }))
        }
      />
      <ExportButton
        label="Export shopping list"
        load={() =>
          loadExports().then((module) => ({
            uses: [module.exportShoppingListSheet],
            read: (tx) => module.exportShoppingListSheet(tx, event.id),
          }))
        }
      />
      <ExportButton
        label="Export costs"
        load={() =>
          loadExports().then((module) => ({
            uses: [module.exportCostBreakdownSheet],
            read: (tx) => module.exportCostBreakdownSheet(tx, event.id),
          }))
        }
      />
      {isPast && (
        <button type="button" className="button-secondary" onClick={() => setSameAsLastYear(true)}>
          Same as last year…
        </button>
      )}
      {sameAsLastYear && (
        <Suspense fallback={null}>
          <SameAsLastYearDialog event={event} onClose={closeDialog} />
        </Suspense>
      )}
    </section>
  )
}
