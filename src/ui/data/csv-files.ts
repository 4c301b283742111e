/**
 * CSV files for the screens: read a picked file into a table, and download a sheet as a file.
 * The parser (papaparse, in services/csv-parse) is loaded on first use, so the first screen's
 * JavaScript does not carry it. Reads for an export run in one read-only transaction.
 */
import { db } from '../../db/instance'
import type { CsvTable } from '../../services/csv-columns'
import type { CsvSheet } from '../../services/csv-export'
import { CsvFormatError } from '../../services/errors'
import { readInTransaction, type ServiceRead } from '../../transactions/read'
import type { Uses } from '../../transactions/run-action'
import { messageFor } from '../error-messages'

/** Run service reads once (not live), in one read-only transaction over what `uses` declares. */
export function readOnce<T>(uses: Uses, fn: ServiceRead<T>): Promise<T> {
  return readInTransaction(db, uses, fn)
}

/** The picked file as a table, or why it cannot be read, in words. */
export async function readCsvFile(
  file: Blob,
): Promise<{ ok: true; table: CsvTable } | { ok: false; message: string }> {
  const [{ parseCsv }, text] = await Promise.all([import('../../services/csv-parse'), file.text()])
  try {
    return { ok: true, table: parseCsv(text) }
  } catch (error) {
    if (error instanceof CsvFormatError) return { ok: false, message: messageFor(error) }
    throw error
  }
}

/**
 * Save a sheet as a UTF-8 CSV file (with a byte-order mark, so spreadsheets read accents right).
 */
export async function downloadSheet(sheet: CsvSheet): Promise<void> {
  const { toCsv } = await import('../../services/csv-parse')
  const blob = new Blob(['\ufeff', toCsv(sheet.headers, sheet.rows)], {
    type: 'text/csv;charset=utf-8',
  })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = sheet.fileName
  document.body.append(link)
  link.click()
  link.remove()
  // Give the browser a moment to start the download before the address is released.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
