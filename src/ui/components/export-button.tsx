/** A button that downloads a CSV sheet read from the services (one read-only transaction). */
import { useState } from 'react'
import type { Tx } from '../../db/tx'
import type { CsvSheet } from '../../services'
import { downloadSheet, readOnce } from '../data/csv-files'
import { messageForFailure } from '../error-messages'
import { useToastStore } from '../stores/toast-store'

export function ExportButton({
  label,
  read,
  ariaLabel,
}: {
  label: string
  read: (tx: Tx) => Promise<CsvSheet>
  ariaLabel?: string
}) {
  const showToast = useToastStore((state) => state.show)
  const [busy, setBusy] = useState(false)
  async function run() {
    setBusy(true)
    try {
      const sheet = await readOnce(read)
      await downloadSheet(sheet)
      showToast({ message: `Saved ${sheet.fileName}` })
    } catch (error) {
      showToast({ message: messageForFailure(error), tone: 'error', durationMs: 8_000 })
    } finally {
      setBusy(false)
    }
  }
  return (
    <button
      type="button"
      className="button-secondary"
      disabled={busy}
      aria-label={ariaLabel}
      onClick={() => void run()}
    >
      {label}
    </button>
  )
}
