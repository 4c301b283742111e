/** A catalogue row: the item's name and details, with Edit and Delete buttons. */
import type { ReactNode } from 'react'

type Props = {
  name: string
  details?: ReactNode
  onEdit: () => void
  onDelete: () => void
}

export function ItemRow({ name, details, onEdit, onDelete }: Props) {
  return (
    <li className="row-item">
      <span className="row-main">
        <span className="card-title">{name}</span>
        {details && <span className="card-meta">{details}</span>}
      </span>
      <button
        type="button"
        className="button-secondary"
        aria-label={`Edit ${name}`}
        onClick={onEdit}
      >
        Edit
      </button>
      <button
        type="button"
        className="button-secondary"
        aria-label={`Delete ${name}`}
        onClick={onDelete}
      >
        Delete
      </button>
    </li>
  )
}
