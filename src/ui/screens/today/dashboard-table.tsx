/** The dashboard: every event with packages, planned vs actual cost and how far it has come. */
import type { DashboardRow } from '../../../services'
import { formatDate } from '../../format'
import { Money } from '../../components/money'

export function DashboardTable({
  rows,
  onOpen,
}: {
  rows: DashboardRow[]
  onOpen: (eventId: string) => void
}) {
  if (rows.length === 0)
    return <p className="empty">Costs appear here once an event has packages assigned.</p>
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Costs by event">
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Recipes done</th>
            <th scope="col">To do</th>
            <th scope="col">Ready</th>
            <th scope="col">Delivered</th>
            <th scope="col" className="num">
              Planned
            </th>
            <th scope="col" className="num">
              Actual
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.eventId}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onOpen(row.eventId)}>
                  {row.eventName}
                </button>
                <span className="card-meta"> {formatDate(row.eventDate)}</span>
                {row.isComplete && <span className="chip chip-done">All delivered</span>}
              </th>
              <td data-label="Recipes done">
                {row.recipesComplete} / {row.recipesTotal}
              </td>
              <td data-label="To do">{row.packagesPending}</td>
              <td data-label="Ready">{row.packagesAssembled}</td>
              <td data-label="Delivered">
                {row.packagesDelivered} / {row.packagesTotal}
              </td>
              <td className="num" data-label="Planned">
                <Money amount={row.plannedCost} />
              </td>
              <td className="num" data-label="Actual">
                <Money amount={row.actualCost} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
