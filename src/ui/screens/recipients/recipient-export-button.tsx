/** Recipients → a CSV file the import reads back. */
import { exportRecipientsSheet } from '../../../services'
import { ExportButton } from '../../components/export-button'

export function RecipientExportButton() {
  return <ExportButton label="Export CSV" read={exportRecipientsSheet} />
}
