/** Recipients → a CSV file the import reads back. */
import { ExportButton, loadExports } from '../../components/export-button'

export function RecipientExportButton() {
  return (
    <ExportButton
      label="Export CSV"
      load={() =>
        loadExports().then((module) => ({
          uses: [module.exportRecipientsSheet],
          read: module.exportRecipientsSheet,
        }))
      }
    />
  )
}
