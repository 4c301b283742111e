/**
 * A button that downloads a CSV sheet: loads the export service (lazily, so the first screen does
 * not carry it), reads the sheet in one read-only transaction, and saves it as a file.
 */
import { useState } from 'react'
import type { Tx } from '../../db/tx'
import type { CsvSheet } from '../../services/csv-export'
import type { Uses } from '../../transactions/run-action'
import { downloadSheet, readOnce } from '../data/csv-files'
import { messageForFailure } from '../error-messages'
import { useToastStore } from '../stores/toast-store'

/** The export read and the services it calls (its transaction covers their tables). */
export type SheetRead = { uses: Uses; read: (tx: Tx) => Promise<CsvSheet> }

/** The export services, loaded on first use. */
export function loadExports() {
  return import('../../services/csv-export')
}

export function ExportButton({
  label,
  load,
}: {
  label: string
  /** Loads what reads the sheet (e.g. `{ uses: [m.exportRecipientsSheet], read: m.exportRecipientsSheet }`). */
  load: () => Promise<SheetRead>
}) {
  const showToast = useToastStore((state) => state.show)
  const [busy, setBusy] = useState(false)
  async function run() {
    setBusy(true)
    try {
      const { uses, read } = await load()
      const sheet = await readOnce(uses, read)
      await downloadSheet(sheet)
      showToast({ message: `Saved ${sheet.fileName}` })
    } catch (error) {
      showToast({ message: messageForFailure(error), tone: 'error', durationMs: 8_000 })
    } finally {
      setBusy(false)
    }
  }
  return (
    <button type="button" className="button-secondary" disabled={busy} onClick={() => void run()}>
      {label}
    </button>
  )
}
