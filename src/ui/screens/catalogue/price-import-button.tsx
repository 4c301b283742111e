/** "Import prices (CSV)" on the Ingredients tab; the panel (and the CSV code) load when tapped. */
import { lazy, Suspense, useState } from 'react'

const PriceImportPanel = lazy(() =>
  import('./price-import').then((module) => ({ default: module.PriceImportPanel })),
)

export function PriceImport() {
  const [open, setOpen] = useState(false)
  if (!open)
    return (
      <div className="heading-actions csv-actions">
        <button type="button" className="button-secondary" onClick={() => setOpen(true)}>
          Import prices (CSV)
        </button>
      </div>
    )
  return (
    <Suspense fallback={<p aria-busy="true">Loading…</p>}>
      <PriceImportPanel onDone={() => setOpen(false)} />
    </Suspense>
  )
}
