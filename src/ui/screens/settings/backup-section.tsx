/**
 * Settings › Backup: export everything to a file, or replace everything with a backup file after
 * a warning. A file that is not a valid backup is refused with a message and changes nothing.
 */
import { useState, type ChangeEvent } from 'react'
import type { Backup } from '../../../db/backup'
import {
  checkBackupFile,
  downloadBackup,
  restoreBackup,
  type BackupSummary,
} from '../../data/backup-file'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { formatDateTime, plural } from '../../format'
import { messageForFailure } from '../../error-messages'
import '../../pwa/pwa.css'

type Pending = { backup: Backup; summary: BackupSummary; fileName: string }
type Message = { tone: 'status' | 'alert'; text: string }

function describe(summary: BackupSummary): string {
  return `${plural(summary.events, 'event')}, ${plural(summary.recipes, 'recipe')}, ${plural(summary.packages, 'assigned package')}`
}

export function BackupSection() {
  const [busy, setBusy] = useState(false)
  const [pending, setPending] = useState<Pending | null>(null)
  const [message, setMessage] = useState<Message | null>(null)

  async function exportNow() {
    setBusy(true)
    setMessage(null)
    try {
      const fileName = await downloadBackup()
      setMessage({ tone: 'status', text: `Backup saved as ${fileName}.` })
    } catch (error) {
      setMessage({ tone: 'alert', text: messageForFailure(error) })
    } finally {
      setBusy(false)
    }
  }

  async function chooseFile(change: ChangeEvent<HTMLInputElement>) {
    const input = change.currentTarget
    const file = input.files?.[0]
    // Clear the input so choosing the same file again still fires a change.
    input.value = ''
    if (!file) return
    setMessage(null)
    const checked = await checkBackupFile(file)
    if (!checked.ok) {
      setMessage({ tone: 'alert', text: `${file.name} was not imported. ${checked.message}` })
      return
    }
    setPending({ backup: checked.backup, summary: checked.summary, fileName: file.name })
  }

  async function importNow(chosen: Pending) {
    setPending(null)
    setBusy(true)
    try {
      await restoreBackup(chosen.backup)
      setMessage({
        tone: 'status',
        text: `Backup imported: ${describe(chosen.summary)}.`,
      })
    } catch (error) {
      setMessage({
        tone: 'alert',
        text: `The backup was not imported; your data is unchanged. ${messageForFailure(error)}`,
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="backup-heading">
      <h2 id="backup-heading">Backup</h2>
      <p>
        Save everything on this tablet to a file, and keep it somewhere safe. Importing a backup
        replaces all data on this tablet.
      </p>
      <div className="backup-actions">
        <button
          type="button"
          className="button-primary"
          disabled={busy}
          onClick={() => void exportNow()}
        >
          Export backup
        </button>
        <label className="button-secondary">
          Import backup
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            disabled={busy}
            onChange={(change) => void chooseFile(change)}
          />
        </label>
      </div>
      {message && (
        <p role={message.tone} className={message.tone === 'alert' ? 'form-error' : undefined}>
          {message.text}
        </p>
      )}
      {pending && (
        <ConfirmDialog
          title="Replace all data on this tablet?"
          message={`${pending.fileName} (made ${formatDateTime(pending.summary.exportedAt)}, ${describe(pending.summary)}) will replace every event, recipe and delivery on this tablet. This cannot be undone.`}
          confirmLabel="Replace data"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => void importNow(pending)}
        />
      )}
    </section>
  )
}
