/**
 * The spreadsheet import flow, shared by Recipients and Ingredients: pick a CSV file → the first
 * rows as the file has them → one select per field with the guess from the header → every bad row
 * in words and the likely duplicates (ticked to skip) → Import, ONE action for the whole file.
 * The screen supplies the field list and the services; this panel never saves a row by itself.
 */
import { useEffect, useId, useState } from 'react'
import type { Tx } from '../../db/tx'
import type { Uses } from '../../transactions/run-action'
import type { ColumnMapping, CsvTable } from '../../services/csv-columns'
import type { CsvRowIssue } from '../../services/errors'
import { readCsvFile, readOnce } from '../data/csv-files'
import { useAction } from '../data/use-action'
import { messageFor, messageForFailure } from '../error-messages'
import { useToastStore, UNDO_WINDOW_MS } from '../stores/toast-store'

/** What the screen's check found, for the panel to show. */
export type CsvCheckView = {
  issues: CsvRowIssue[]
  /** Likely duplicates, each with the words that say what it matches. */
  duplicates: { rowNumber: number; text: string }[]
  /** Rows to leave out: the duplicates the cook has not chosen to keep. */
  skipRows: number[]
  /** Extra lines to show above the Import button ("Flour: 1.20 → 1.50"). */
  lines: string[]
}

export type CsvImportDone = {
  message: string
  /** Reverts the import in one action, offered as Undo for a few seconds. */
  undo?: (tx: Tx) => Promise<unknown>
}

type Props<TField extends string, TRow> = {
  /** "recipients": used in the headings and labels. */
  noun: string
  /** "recipient": the same for one row. */
  nounOne: string
  fields: readonly { key: TField; label: string }[]
  guess: (headers: readonly string[]) => ColumnMapping<TField>
  mapRows: (table: CsvTable, mapping: ColumnMapping<TField>) => TRow[]
  /** Check the rows; `kept` are duplicates the cook chose to import anyway. */
  check: (tx: Tx, rows: TRow[], kept: number[]) => Promise<CsvCheckView>
  save: (tx: Tx, rows: TRow[], skipRows: number[]) => Promise<CsvImportDone>
  /** The services `check`, `save` and the undo call: their transactions cover these tables. */
  uses: Uses
  onDone: () => void
}

const PREVIEW_ROWS = 5

export function CsvImportPanel<TField extends string, TRow>({
  noun,
  nounOne,
  fields,
  guess,
  mapRows,
  check,
  save,
  uses,
  onDone,
}: Props<TField, TRow>) {
  const id = useId()
  const act = useAction()
  const showToast = useToastStore((state) => state.show)
  const [table, setTable] = useState<CsvTable | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [mapping, setMapping] = useState<ColumnMapping<TField> | null>(null)
  const [kept, setKept] = useState<number[]>([])
  const [checked, setChecked] = useState<{
    table: CsvTable
    mapping: ColumnMapping<TField>
    kept: number[]
    view: CsvCheckView
  } | null>(null)
  const [importError, setImportError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const rows = table && mapping ? mapRows(table, mapping) : null
  // The check shown is the one made for exactly what is on screen (never a stale one).
  const view =
    checked && checked.table === table && checked.mapping === mapping && checked.kept === kept
      ? checked.view
      : null

  useEffect(() => {
    if (!rows || !table || !mapping) return
    let current = true
    void readOnce(uses, (tx) => check(tx, rows, kept)).then(
      (result) => current && setChecked({ table, mapping, kept, view: result }),
      (error: unknown) => current && setImportError(messageForFailure(error)),
    )
    return () => {
      current = false
    }
    // `rows` is derived from table and mapping; `check` is the screen's stable adapter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [table, mapping, kept])

  async function pick(file: File | undefined) {
    setTable(null)
    setMapping(null)
    setKept([])
    setChecked(null)
    setFileError(null)
    setImportError(null)
    if (!file) return
    const result = await readCsvFile(file)
    if (!result.ok) {
      setFileError(result.message)
      return
    }
    setTable(result.table)
    setMapping(guess(result.table.headers))
  }

  async function runImport() {
    if (!rows || !view) return
    setBusy(true)
    setImportError(null)
    const done = await act(uses, (tx) => save(tx, rows, view.skipRows), {
      onError: (error) => setImportError(messageFor(error)),
    })
    setBusy(false)
    if (!done) return
    const undo = done.undo
    showToast({
      message: done.message,
      durationMs: undo ? UNDO_WINDOW_MS : 5_000,
      ...(undo
        ? {
            action: {
              label: 'Undo',
              run: async () => {
                await act(uses, undo, { success: `Import of ${noun} undone` })
              },
            },
          }
        : {}),
    })
    onDone()
  }

  const rowCount = rows?.length ?? 0
  const importing = rowCount - (view?.skipRows.length ?? 0)
  return (
    <section className="panel csv-import" aria-label={`Import ${noun}`}>
      <h2>Import {noun} from a spreadsheet</h2>
      <p className="field-hint">
        Save the sheet as CSV (comma or semicolon separated), then pick the file. Nothing is saved
        until you tap Import, and then every row is saved or none.
      </p>
      <div className="field">
        <label htmlFor={`${id}-file`}>CSV file</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,.txt,text/csv"
          onChange={(change) => void pick(change.target.files?.[0])}
        />
      </div>
      {fileError && (
        <p role="alert" className="form-error">
          {fileError}
        </p>
      )}
      {table && mapping && (
        <>
          <h3>
            First {Math.min(PREVIEW_ROWS, table.rows.length)} of {table.rows.length} rows
          </h3>
          <div
            className="csv-preview-scroll"
            role="region"
            aria-label="First rows of the file"
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- axe's scrollable-region-focusable: the keyboard must scroll a preview wider than a phone
            tabIndex={0}
          >
            <table className="csv-preview" aria-label="Rows in the file">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  {table.headers.map((header, index) => (
                    <th scope="col" key={index}>
                      {header || `Column ${index + 1}`}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.slice(0, PREVIEW_ROWS).map((row, index) => (
                  <tr key={index}>
                    <td>{index + 2}</td>
                    {table.headers.map((_, column) => (
                      <td key={column}>{row[column] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <fieldset className="csv-mapping">
            <legend>Which column holds what</legend>
            {fields.map((field) => (
              <div className="field" key={field.key}>
                <label htmlFor={`${id}-map-${field.key}`}>{field.label}</label>
                <select
                  id={`${id}-map-${field.key}`}
                  value={mapping[field.key] ?? ''}
                  onChange={(change) =>
                    setMapping({
                      ...mapping,
                      [field.key]: change.target.value === '' ? null : Number(change.target.value),
                    })
                  }
                >
                  <option value="">— not in the file —</option>
                  {table.headers.map((header, index) => (
                    <option key={index} value={index}>
                      {header || `Column ${index + 1}`}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
          {!view && <p aria-busy="true">Checking the rows…</p>}
          {view && (
            <div className="csv-check">
              {view.issues.length > 0 ? (
                <div role="status">
                  <p className="form-error">
                    {view.issues.length === 1
                      ? '1 problem to fix in the file:'
                      : `${view.issues.length} problems to fix in the file:`}
                  </p>
                  <ul aria-label="Problems in the file">
                    {view.issues.slice(0, 50).map((issue, index) => (
                      <li key={index}>
                        Row {issue.rowNumber}: {issue.message}
                      </li>
                    ))}
                    {view.issues.length > 50 && <li>…and {view.issues.length - 50} more</li>}
                  </ul>
                </div>
              ) : (
                <p role="status">
                  All {rowCount} rows can be imported
                  {view.skipRows.length > 0 ? ` (${view.skipRows.length} skipped)` : ''}.
                </p>
              )}
              {view.duplicates.length > 0 && (
                <fieldset className="csv-duplicates">
                  <legend>Likely duplicates (ticked ones are skipped)</legend>
                  {view.duplicates.slice(0, 100).map((duplicate) => (
                    <label key={duplicate.rowNumber} className="allergen-option">
                      <input
                        type="checkbox"
                        checked={!kept.includes(duplicate.rowNumber)}
                        onChange={(change) =>
                          setKept(
                            change.target.checked
                              ? kept.filter((row) => row !== duplicate.rowNumber)
                              : [...kept, duplicate.rowNumber],
                          )
                        }
                      />{' '}
                      Skip row {duplicate.rowNumber}: {duplicate.text}
                    </label>
                  ))}
                </fieldset>
              )}
              {view.lines.length > 0 && (
                <ul className="run-list" aria-label="What will change">
                  {view.lines.slice(0, 50).map((line, index) => (
                    <li key={index}>{line}</li>
                  ))}
                  {view.lines.length > 50 && <li>…and {view.lines.length - 50} more</li>}
                </ul>
              )}
            </div>
          )}
        </>
      )}
      {importError && (
        <p role="alert" className="form-error">
          {importError}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={!view || busy || importing <= 0}
          onClick={() => void runImport()}
        >
          {view ? `Import ${importing} ${importing === 1 ? nounOne : noun}` : 'Import'}
        </button>
      </div>
    </section>
  )
}
