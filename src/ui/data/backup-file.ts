/**
 * Backup files for the Settings screen: export the app's database to a downloadable JSON file, and
 * check then import one. Import forgets the sync pull cursor in the same transaction, so a tablet
 * that syncs fetches the space's data afresh and merges it with the restored rows; the restored
 * change log is pushed to the space.
 */
import {
  backupFileName,
  exportDatabase,
  importBackup,
  parseBackupText,
  type Backup,
} from '../../db/backup'
import { db } from '../../db/instance'
import { CURSOR_META_KEY } from '../../sync/sync-state'

export type BackupSummary = {
  exportedAt: string
  events: number
  recipes: number
  packages: number
}

export type CheckedBackup =
  { ok: true; backup: Backup; summary: BackupSummary } | { ok: false; message: string }

function summarize(backup: Backup): BackupSummary {
  const live = <T extends { deletedAt: string | null }>(rows: T[]) =>
    rows.filter((row) => row.deletedAt === null).length
  return {
    exportedAt: backup.exportedAt,
    events: live(backup.tables.events),
    recipes: live(backup.tables.recipes),
    packages: live(backup.tables.assignments),
  }
}

/** Export everything and hand the browser a file `bake-tracker-YYYY-MM-DD.json` to save. */
export async function downloadBackup(): Promise<string> {
  const backup = await exportDatabase(db)
  const fileName = backupFileName(new Date(backup.exportedAt))
  const blob = new Blob([JSON.stringify(backup, null, 1)], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return fileName
}

/** Read and validate a chosen file; nothing is written. */
export async function checkBackupFile(file: Blob): Promise<CheckedBackup> {
  let text: string
  try {
    text = await file.text()
  } catch {
    return { ok: false, message: 'The file could not be read.' }
  }
  const result = parseBackupText(text)
  return result.ok ? { ok: true, backup: result.backup, summary: summarize(result.backup) } : result
}

/** Replace all data with a checked backup; all or nothing. */
export async function restoreBackup(backup: Backup): Promise<void> {
  await importBackup(db, backup, {
    inSameTransaction: async (tx) => {
      await tx.meta.delete(CURSOR_META_KEY)
    },
  })
}
