/**
 * The delivery run sheet: one table per route (in delivery order, "No route" last), household
 * rows, then one line per package with address, notes, what it contains and any allergen the
 * recipient must not get, a box to tick and room for a signature or "left with".
 */
import { getRunSheet, type RunSheetLine } from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { plural } from '../../format'

function Line({ line }: { line: RunSheetLine }) {
  const delivered = line.status === 'delivered'
  return (
    <tr className={line.conflicts.length > 0 ? 'has-conflict' : undefined}>
      <td className="check-cell">
        <span
          className="check-box"
          role="img"
          aria-label={delivered ? 'Delivered' : 'Not delivered yet'}
        >
          {delivered ? '✓' : ''}
        </span>
      </td>
      <th scope="row">{line.recipientName}</th>
      <td>{line.address}</td>
      <td>
        {line.packageName}
        {line.quantity > 1 ? ` × ${line.quantity}` : ''}
      </td>
      <td>
        {line.recipientNotes && <div>{line.recipientNotes}</div>}
        {line.notes && <div>Note: {line.notes}</div>}
      </td>
      <td>
        {line.conflicts.length > 0 && (
          <strong className="allergen-flag">
            ⚠ {line.recipientName} must not get {line.conflicts.join(', ')}
          </strong>
        )}
        {line.allergens.length > 0 && <div>Contains {line.allergens.join(', ')}</div>}
      </td>
      <td className="signature-cell">{delivered && line.deliveredTo ? line.deliveredTo : ''}</td>
    </tr>
  )
}

export function RunSheet({ eventId, title }: { eventId: string; title: string }) {
  const sheet = useServiceQuery([getRunSheet], (tx) => getRunSheet(tx, eventId), [eventId])
  if (!sheet) return <p aria-busy="true">Loading…</p>
  return (
    <article className="run-sheet" aria-label="Run sheet">
      <h1>{title}</h1>
      <p className="sheet-meta">{plural(sheet.packageCount, 'package')}</p>
      {sheet.routes.length === 0 && <p>No packages assigned yet.</p>}
      {sheet.routes.map((route) => {
        const name = route.route ? `Route: ${route.route}` : 'No route'
        return (
          <section key={route.route} className="run-route" aria-label={name}>
            <h2>{name}</h2>
            <table className="run-table">
              <thead>
                <tr>
                  <th scope="col" className="check-cell">
                    Done
                  </th>
                  <th scope="col">Recipient</th>
                  <th scope="col">Address</th>
                  <th scope="col">Package</th>
                  <th scope="col">Notes</th>
                  <th scope="col">Allergens</th>
                  <th scope="col" className="signature-cell">
                    Signature / left with
                  </th>
                </tr>
              </thead>
              {route.households.map((household, index) => (
                <tbody key={`${household.household}:${index}`}>
                  <tr className="household-row">
                    <th scope="rowgroup" colSpan={7}>
                      {household.household || 'No household'}
                    </th>
                  </tr>
                  {household.lines.map((line) => (
                    <Line key={line.assignmentId} line={line} />
                  ))}
                </tbody>
              ))}
            </table>
          </section>
        )
      })}
    </article>
  )
}
