/** Recipients: who gets packages — list, add, edit, delete, and what each got in past events. */
import { lazy, Suspense, useState } from 'react'
import {
  createRecipient,
  createRecipientInputSchema,
  deleteRecipient,
  getRecipientCurrentGifts,
  getRecipientHistory,
  listRecipients,
  updateRecipient,
  type RecipientDto,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { useAction } from '../../data/use-action'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Field } from '../../components/field'
import { NumberField } from '../../components/number-field'
import { AllergenPicker } from '../../components/allergen-picker'
import type { Allergen } from '../../../db/schema'
import { EntityForm, useSaveForm } from '../../components/entity-form'
import { formatDate, todayIso } from '../../format'
import { NextStep } from '../../components/next-step'
import { STATUS_LABEL } from '../../status-words'
import { RecipientExportButton } from './recipient-export-button'
import { WindowedList } from '../../components/windowed-list'

// The import panel (and the CSV services and parser it loads) come only when the cook opens it.
const RecipientImport = lazy(() =>
  import('./recipient-import').then((module) => ({ default: module.RecipientImport })),
)

function RecipientForm({ editing, onDone }: { editing: RecipientDto | null; onDone: () => void }) {
  const [name, setName] = useState(editing?.name ?? '')
  const [household, setHousehold] = useState(editing?.household ?? '')
  const [address, setAddress] = useState(editing?.address ?? '')
  const [notes, setNotes] = useState(editing?.notes ?? '')
  const [route, setRoute] = useState(editing?.route ?? '')
  const [routeOrder, setRouteOrder] = useState(
    editing?.routeOrder != null ? String(editing.routeOrder) : '',
  )
  const [exclusions, setExclusions] = useState<Allergen[]>(editing?.exclusions ?? [])
  const values = {
    name,
    household,
    address,
    notes,
    route,
    // Empty clears the order (null), so the recipient goes after the ordered ones.
    routeOrder: routeOrder.trim() ? Number(routeOrder) : null,
    exclusions,
  }
  const { errors, formError, submit } = useSaveForm({
    schema: createRecipientInputSchema,
    uses: [createRecipient, updateRecipient],
    save: (tx, data) =>
      editing ? updateRecipient(tx, { id: editing.id, ...data }) : createRecipient(tx, data),
    success: editing ? `Saved ${name}` : `Added ${name}`,
    onDone,
  })

  return (
    <EntityForm
      noun="recipient"
      editingName={editing?.name ?? null}
      formError={formError}
      onCancel={onDone}
      onSubmit={() => void submit(values)}
    >
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
      <Field
        id="recipient-route"
        label="Delivery route"
        error={errors.route}
        hint="Optional, e.g. North or Saturday run"
      >
        <input value={route} onChange={(change) => setRoute(change.target.value)} />
      </Field>
      <NumberField
        id="recipient-route-order"
        label="Order in route"
        value={routeOrder}
        onChange={setRouteOrder}
        stepper={false}
        error={errors.routeOrder}
        hint="Lower numbers are delivered first"
      />
      <AllergenPicker
        legend="Must not get (allergens)"
        value={exclusions}
        onChange={setExclusions}
        error={errors.exclusions}
      />
    </EntityForm>
  )
}

function RecipientHistory({ recipient }: { recipient: RecipientDto }) {
  const today = todayIso()
  const current = useServiceQuery(
    [getRecipientCurrentGifts],
    (tx) => getRecipientCurrentGifts(tx, { recipientId: recipient.id, today }),
    [recipient.id, today],
  )
  const history = useServiceQuery(
    [getRecipientHistory],
    (tx) => getRecipientHistory(tx, { recipientId: recipient.id, today }),
    [recipient.id, today],
  )
  if (!history || !current) return <p aria-busy="true">Loading…</p>
  if (history.length === 0 && current.length === 0)
    return <p className="empty">{recipient.name} has not been given anything yet.</p>
  return (
    <>
      {current.length > 0 && (
        <ul className="run-list" aria-label={`${recipient.name} this time`}>
          {current.map((row) => (
            <li key={`${row.eventId}:${row.packageId}`}>
              {row.eventName} ({formatDate(row.eventDate)}): {row.packageName}
              {row.quantity > 1 ? ` × ${row.quantity}` : ''}{' '}
              <span className={`chip chip-${row.status}`}>{STATUS_LABEL[row.status]}</span>
            </li>
          ))}
        </ul>
      )}
      {history.length > 0 && (
        <ul className="run-list" aria-label={`History of ${recipient.name}`}>
          {history.map((row) => (
            <li key={`${row.eventId}:${row.packageId}`}>
              {formatDate(row.eventDate)} · {row.eventName}: {row.packageName}
              {row.quantity > 1 ? ` × ${row.quantity}` : ''} · {STATUS_LABEL[row.status]}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

export function RecipientsScreen() {
  const act = useAction()
  const recipients = useServiceQuery([listRecipients], (tx) => listRecipients(tx), [])
  const [editing, setEditing] = useState<RecipientDto | null | 'new'>(null)
  const [historyOf, setHistoryOf] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<RecipientDto | null>(null)
  const [search, setSearch] = useState('')
  const [importing, setImporting] = useState(false)
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
          {!importing && (
            <button type="button" className="button-secondary" onClick={() => setImporting(true)}>
              Import CSV
            </button>
          )}
          {recipients && recipients.length > 0 && <RecipientExportButton />}
        </div>
      </div>
      {importing && (
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          <RecipientImport onDone={() => setImporting(false)} />
        </Suspense>
      )}
      {editing !== null && (
        <RecipientForm
          key={editing === 'new' ? 'new' : editing.id}
          editing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {recipients?.length === 0 && (
        <p className="empty">
          <NextStep step="recipients">No recipients yet.</NextStep>
        </p>
      )}
      <WindowedList
        className="row-list"
        estimatedItemPx={74}
        label="Recipients"
        rows={shown ?? []}
        rowKey={(recipient) => recipient.id}
        renderRow={(recipient) => (
          <li key={recipient.id} className="row-item">
            <span className="row-main">
              <span className="card-title">{recipient.name}</span>
              <span className="card-meta">
                {[
                  recipient.household,
                  recipient.address,
                  recipient.route && `Route: ${recipient.route}`,
                  recipient.exclusions.length > 0 && `Avoids ${recipient.exclusions.join(', ')}`,
                ]
                  .filter(Boolean)
                  .join(' · ') || ' '}
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
              onClick={() => setDeleting(recipient)}
            >
              Delete
            </button>
            {historyOf === recipient.id && (
              <div className="history-panel">
                <RecipientHistory recipient={recipient} />
              </div>
            )}
          </li>
        )}
      />
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          message={`${deleting.name} leaves your recipients. What they received in past events stays in those events.`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const recipient = deleting
            setDeleting(null)
            void act([deleteRecipient], (tx) => deleteRecipient(tx, recipient.id), {
              success: `Deleted ${recipient.name}`,
            })
          }}
        />
      )}
    </main>
  )
}
