/** Ingredient prices from a spreadsheet (name, unit, price): the import panel (loaded lazily). */
import {
  checkPriceImport,
  guessPriceColumns,
  importIngredientPrices,
  mapPriceRows,
  type PriceColumn,
} from '../../../services/csv-prices'
import { CsvImportPanel } from '../../components/csv-import-panel'
import { UNIT_LABELS } from './unit-labels'

const FIELDS: { key: PriceColumn; label: string }[] = [
  { key: 'name', label: 'Ingredient name' },
  { key: 'unit', label: 'Unit (blank: the ingredient’s own)' },
  { key: 'price', label: 'Price per unit' },
]

export function PriceImportPanel({ onDone }: { onDone: () => void }) {
  return (
    <CsvImportPanel
      noun="prices"
      nounOne="price"
      fields={FIELDS}
      guess={guessPriceColumns}
      mapRows={mapPriceRows}
      check={async (tx, rows, kept) => {
        const first = await checkPriceImport(tx, { rows })
        const skipRows = first.duplicates
          .map((duplicate) => duplicate.rowNumber)
          .filter((row) => !kept.includes(row))
        const result = skipRows.length ? await checkPriceImport(tx, { rows, skipRows }) : first
        return {
          issues: result.issues,
          duplicates: result.duplicates.map((duplicate) => ({
            rowNumber: duplicate.rowNumber,
            text: `${duplicate.name} is already priced on row ${duplicate.sameAsRow}`,
          })),
          skipRows,
          lines: result.changes.map(
            (change) =>
              `${change.ingredientName}: ${change.oldCostPrecise} → ${change.newCostPrecise} per ${UNIT_LABELS[change.unit]}`,
          ),
        }
      }}
      save={async (tx, rows, skipRows) => {
        const result = await importIngredientPrices(tx, { rows, skipRows })
        return {
          message: `Updated ${result.updated} price${result.updated === 1 ? '' : 's'}${
            result.skipped.length ? `, skipped ${result.skipped.length}` : ''
          }`,
        }
      }}
      uses={[checkPriceImport, importIngredientPrices]}
      onDone={onDone}
    />
  )
}
