/** Recipients: who gets packages — list, add, edit, delete, and what each got in past events. */
import { useState, type FormEvent } from 'react'
import {
  createRecipient,
  createRecipientInputSchema,
  deleteRecipient,
  getRecipientHistory,
  listRecipients,
  updateRecipient,
  type RecipientDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { Field } from '../../components/field'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, type FieldErrors } from '../../forms'
import { formatDate } from '../../format'

const STATUS_LABEL = { pending: 'To do', assembled: 'Ready', delivered: 'Delivered' } as const

function RecipientForm({ editing, onDone }: { editing: RecipientDto | null; onDone: () => void }) {
  const act = useAction()
  const [name, setName] = useState(editing?.name ?? '')
  const [household, setHousehold] = useState(editing?.household ?? '')
  const [address, setAddress] = useState(editing?.address ?? '')
  const [notes, setNotes] = useState(editing?.notes ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const check = checkForm(createRecipientInputSchema, { name, household, address, notes })
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    setErrors({})
    const saved = await act(
      (tx) =>
        editing
          ? updateRecipient(tx, { id: editing.id, ...check.data })
          : createRecipient(tx, check.data),
      {
        success: editing ? `Saved ${name}` : `Added ${name}`,
        onError: (error) => {
          setErrors(fieldErrorsFromDomain(error))
          setFormError(messageFor(error))
        },
      },
    )
    if (saved) onDone()
  }

  return (
    <form
      className="panel form-grid"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={editing ? 'Edit recipient' : 'New recipient'}
    >
      <h3 className="form-title">{editing ? `Edit ${editing.name}` : 'New recipient'}</h3>
      <Field id="recipient-name" label="Name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Ana Okafor"
        />
      </Field>
      <Field id="recipient-household" label="Household" error={errors.household}>
        <input
          value={household}
          onChange={(change) => setHousehold(change.target.value)}
          placeholder="The Okafors"
        />
      </Field>
      <Field id="recipient-address" label="Address" error={errors.address}>
        <input value={address} onChange={(change) => setAddress(change.target.value)} />
      </Field>
      <Field
        id="recipient-notes"
        label="Notes"
        error={errors.notes}
        hint="Allergies, where to leave it…"
      >
        <input value={notes} onChange={(change) => setNotes(change.target.value)} />
      </Field>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {editing ? 'Save' : 'Add recipient'}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
    </form>
  )
}

function RecipientHistory({ recipient }: { recipient: RecipientDto }) {
  const history = useServiceQuery((tx) => getRecipientHistory(tx, recipient.id), [recipient.id])
  if (!history) return <p aria-busy="true">Loading…</p>
  if (history.length === 0)
    return <p className="empty">{recipient.name} has not been given anything yet.</p>
  return (
    <ul className="run-list" aria-label={`History of ${recipient.name}`}>
      {history.map((row) => (
        <li key={`${row.eventId}:${row.packageId}`}>
          {formatDate(row.eventDate)} · {row.eventName}: {row.packageName}
          {row.quantity > 1 ? ` × ${row.quantity}` : ''} · {STATUS_LABEL[row.status]}
        </li>
      ))}
    </ul>
  )
}

export function RecipientsScreen() {
  const act = useAction()
  const recipients = useServiceQuery((tx) => listRecipients(tx), [])
  const [editing, setEditing] = useState<RecipientDto | null | 'new'>(null)
  const [historyOf, setHistoryOf] = useState<string | null>(null)
  const [search, setSearch] = useState('')
  const needle = search.trim().toLocaleLowerCase()
  const shown = recipients?.filter(
    (recipient) =>
      !needle || `${recipient.name} ${recipient.household}`.toLocaleLowerCase().includes(needle),
  )
  return (
    <main className="screen">
      <div className="screen-heading">
        <h1>Recipients</h1>
        <div className="heading-actions">
          <div className="field search-field">
            <label htmlFor="recipient-search">Search</label>
            <input
              id="recipient-search"
              type="search"
              value={search}
              onChange={(change) => setSearch(change.target.value)}
            />
          </div>
          {editing === null && (
            <button type="button" className="button-primary" onClick={() => setEditing('new')}>
              New recipient
            </button>
          )}
        </div>
      </div>
      {editing !== null && (
        <RecipientForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {recipients?.length === 0 && <p className="empty">No recipients yet.</p>}
      <ul className="row-list" aria-label="Recipients">
        {shown?.map((recipient) => (
          <li key={recipient.id} className="row-item">
            <span className="row-main">
              <span className="card-title">{recipient.name}</span>
              <span className="card-meta">
                {[recipient.household, recipient.address].filter(Boolean).join(' · ') || ' '}
              </span>
            </span>
            <button
              type="button"
              className="button-secondary"
              aria-expanded={historyOf === recipient.id}
              aria-label={`History of ${recipient.name}`}
              onClick={() => setHistoryOf(historyOf === recipient.id ? null : recipient.id)}
            >
              History
            </button>
            <button
              type="button"
              className="button-secondary"
              aria-label={`Edit ${recipient.name}`}
              onClick={() => setEditing(recipient)}
            >
              Edit
            </button>
            <button
              type="button"
              className="button-secondary"
              aria-label={`Delete ${recipient.name}`}
              onClick={() =>
                void act((tx) => deleteRecipient(tx, recipient.id), {
                  success: `Deleted ${recipient.name}`,
                })
              }
            >
              Delete
            </button>
            {historyOf === recipient.id && (
              <div className="history-panel">
                <RecipientHistory recipient={recipient} />
              </div>
            )}
          </li>
        ))}
      </ul>
    </main>
  )
}
