/** Recipients from a spreadsheet: the import panel wired to the recipient import services (loaded lazily). */
import { deleteRecipient } from '../../../services'
import {
  checkRecipientImport,
  guessRecipientColumns,
  importRecipients,
  mapRecipientRows,
  type RecipientColumn,
} from '../../../services/csv-recipients'
import { CsvImportPanel } from '../../components/csv-import-panel'

const FIELDS: { key: RecipientColumn; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
  { key: 'household', label: 'Household' },
  { key: 'address', label: 'Address' },
  { key: 'route', label: 'Delivery route' },
  { key: 'routeOrder', label: 'Order in route' },
  { key: 'exclusions', label: 'Allergies (must not get)' },
  { key: 'notes', label: 'Notes' },
]

export function RecipientImport({ onDone }: { onDone: () => void }) {
  return (
    <CsvImportPanel
      noun="recipients"
      nounOne="recipient"
      fields={FIELDS}
      guess={guessRecipientColumns}
      mapRows={mapRecipientRows}
      check={async (tx, rows, kept) => {
        const result = await checkRecipientImport(tx, { rows })
        return {
          issues: result.issues,
          duplicates: result.duplicates.map((duplicate) => ({
            rowNumber: duplicate.rowNumber,
            text: `${duplicate.name}${duplicate.household ? ` (${duplicate.household})` : ''} ${
              duplicate.sameAsRow === null
                ? 'is already a recipient'
                : `is the same as row ${duplicate.sameAsRow}`
            }`,
          })),
          skipRows: result.duplicates
            .map((duplicate) => duplicate.rowNumber)
            .filter((row) => !kept.includes(row)),
          lines: [],
        }
      }}
      save={async (tx, rows, skipRows) => {
        const result = await importRecipients(tx, { rows, skipRows })
        const ids = result.createdIds
        return {
          message: `Imported ${result.created} recipient${result.created === 1 ? '' : 's'}${
            result.skipped.length ? `, skipped ${result.skipped.length}` : ''
          }`,
          undo: async (undoTx) => {
            for (const id of ids) await deleteRecipient(undoTx, id)
          },
        }
      }}
      uses={[checkRecipientImport, importRecipients, deleteRecipient]}
      onDone={onDone}
    />
  )
}
