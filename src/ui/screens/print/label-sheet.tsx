/**
 * Packing labels on a sticker grid: one label per package unit ("Box 2 of 3"), with recipient,
 * household, address, contents, allergens (a flag when the recipient must not get one) and a QR
 * code that opens that package's card on the Deliver tab. One `.label-page` per sheet of the grid.
 */
import QRCode from 'qrcode'
import { memo, useEffect, useState } from 'react'
import { getPackingLabels, type PackingLabel } from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { deliverCardPath } from '../../app/routes'
import { GRIDS, chunk, labelSize, type LabelGrid, type Paper } from './paper'

/** The address a label's QR code holds: the app's own origin, so it opens offline too. */
export function labelTarget(eventId: string, assignmentId: string): string {
  return new URL(deliverCardPath(eventId, assignmentId), window.location.origin).href
}

const LabelQr = memo(function LabelQr({ target, name }: { target: string; name: string }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let active = true
    void QRCode.toDataURL(target, { margin: 0, errorCorrectionLevel: 'M', width: 240 }).then(
      (url) => {
        if (active) setSrc(url)
      },
    )
    return () => {
      active = false
    }
  }, [target])
  return (
    <img
      className="label-qr"
      src={src ?? undefined}
      alt={`QR code: open ${name}'s package on the Deliver tab`}
      data-target={target}
    />
  )
})

function Label({ label, eventId }: { label: PackingLabel; eventId: string }) {
  return (
    <article
      className={`packing-label${label.conflicts.length > 0 ? ' has-conflict' : ''}`}
      aria-label={`Label: ${label.recipientName}, ${label.packageName}, box ${label.boxNumber} of ${label.boxCount}`}
    >
      <div className="label-text">
        <div className="label-head">
          <strong className="label-recipient">{label.recipientName}</strong>
          <span className="label-box">
            Box {label.boxNumber} of {label.boxCount}
          </span>
        </div>
        {label.household && <div className="label-household">{label.household}</div>}
        {label.address && <div className="label-address">{label.address}</div>}
        <div className="label-contents">
          {label.packageName}
          {label.contents.length > 0 ? `: ${label.contents.join(', ')}` : ''}
        </div>
        {label.conflicts.length > 0 && (
          <div className="allergen-flag">⚠ Must not get {label.conflicts.join(', ')}</div>
        )}
        {label.allergens.length > 0 && (
          <div className="label-allergens">Contains {label.allergens.join(', ')}</div>
        )}
      </div>
      <LabelQr target={labelTarget(eventId, label.assignmentId)} name={label.recipientName} />
    </article>
  )
}

export function LabelSheet({
  eventId,
  paper,
  grid,
}: {
  eventId: string
  paper: Paper
  grid: LabelGrid
}) {
  const result = useServiceQuery([getPackingLabels], (tx) => getPackingLabels(tx, eventId), [
    eventId,
  ])
  if (!result) return <p aria-busy="true">Loading…</p>
  if (result.labels.length === 0) return <p>No packages assigned yet.</p>
  const { columns, rows } = GRIDS[grid]
  const size = labelSize(paper, grid)
  const pages = chunk(result.labels, columns * rows)
  return (
    <div className={`label-sheets grid-${grid}`}>
      {pages.map((page, index) => (
        <section
          key={index}
          className="label-page"
          aria-label={`Sheet ${index + 1} of ${pages.length}`}
          style={{
            gridTemplateColumns: `repeat(${columns}, ${size.widthMm}mm)`,
            gridTemplateRows: `repeat(${rows}, ${size.heightMm}mm)`,
          }}
        >
          {page.map((label) => (
            <Label key={label.key} label={label} eventId={eventId} />
          ))}
        </section>
      ))}
    </div>
  )
}
