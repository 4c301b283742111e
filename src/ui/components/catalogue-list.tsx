/**
 * A catalogue kind's tab: a "New …" button that opens the form (or the form editing a row), the
 * empty-state text, and the list of rows with Edit and Delete. Delete always asks first (the
 * app's dialog pattern for removals that are not a quick, undoable tap).
 */
import { Fragment, useState, type ReactNode } from 'react'
import { ConfirmDialog } from './confirm-dialog'
import { ItemRow } from './item-row'

type Props<T extends { id: string; name: string }> = {
  items: readonly T[] | undefined
  /** "New ingredient". */
  newLabel: string
  /** The list's accessible name: "Ingredients". */
  listLabel: string
  empty: ReactNode
  details: (item: T) => ReactNode
  onDelete: (item: T) => void
  /** The form for a new item (editing null) or for `editing`; `onDone` closes it. */
  form: (editing: T | null, onDone: () => void) => ReactNode
}

export function CatalogueList<T extends { id: string; name: string }>({
  items,
  newLabel,
  listLabel,
  empty,
  details,
  onDelete,
  form,
}: Props<T>) {
  const [editing, setEditing] = useState<T | 'new' | null>(null)
  const [deleting, setDeleting] = useState<T | null>(null)
  const close = () => setEditing(null)
  return (
    <>
      {editing === null ? (
        <button type="button" className="button-primary" onClick={() => setEditing('new')}>
          {newLabel}
        </button>
      ) : (
        // The key gives each item's form fresh state.
        <Fragment key={editing === 'new' ? 'new' : editing.id}>
          {form(editing === 'new' ? null : editing, close)}
        </Fragment>
      )}
      {items?.length === 0 && <p className="empty">{empty}</p>}
      <ul className="row-list catalogue-list" aria-label={listLabel}>
        {items?.map((item) => (
          <ItemRow
            key={item.id}
            name={item.name}
            details={details(item)}
            onEdit={() => setEditing(item)}
            onDelete={() => setDeleting(item)}
          />
        ))}
      </ul>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          message={`${deleting.name} leaves the catalogue. Anything still using it keeps it, and the app says so instead of deleting.`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setDeleting(null)
            onDelete(deleting)
          }}
        />
      )}
    </>
  )
}
