/**
 * The event's title bar: back to Today, edit name/date/notes, delete (asks before cascading); on
 * a new tablet whose first sync still brings this event's rows, a line saying so.
 */
import { useState, type FormEvent } from 'react'
import {
  EventHasAssignmentsError,
  deleteEvent,
  eventsStillArriving,
  isStillArriving,
  updateEvent,
  updateEventInputSchema,
  type EventDto,
} from '../../../services'
import { runAction, useServiceQuery } from '../../data/app-data'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { Field, FormFooter } from '../../components/field'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, type FieldErrors } from '../../forms'
import { useUiStore } from '../../stores/ui-store'
import { ARRIVING_TEXT } from '../today/event-card'
import { PrintMenu } from './print-menu'

function EditEventForm({ event, onDone }: { event: EventDto; onDone: () => void }) {
  const [name, setName] = useState(event.name)
  const [date, setDate] = useState(event.date)
  const [notes, setNotes] = useState(event.notes)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    const check = checkForm(updateEventInputSchema, { id: event.id, name, date, notes })
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    const result = await runAction([updateEvent], (tx) => updateEvent(tx, check.data))
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    onDone()
  }

  return (
    <form
      className="panel form-row"
      onSubmit={(formEvent) => void submit(formEvent)}
      noValidate
      aria-label="Edit event"
    >
      <Field id="edit-event-name" label="Event name" error={errors.name}>
        <input value={name} onChange={(change) => setName(change.target.value)} />
      </Field>
      <Field id="edit-event-date" label="Date" error={errors.date}>
        <input type="date" value={date} onChange={(change) => setDate(change.target.value)} />
      </Field>
      <Field id="edit-event-notes" label="Notes" error={errors.notes} className="field-wide">
        <textarea value={notes} rows={2} onChange={(change) => setNotes(change.target.value)} />
      </Field>
      <FormFooter submitLabel="Save" onCancel={onDone} formError={formError} />
    </form>
  )
}

export function EventHeader({ event, subtitle }: { event: EventDto; subtitle: string }) {
  const goTo = useUiStore((state) => state.goTo)
  const [editing, setEditing] = useState(false)
  const [confirm, setConfirm] = useState<null | { cascade: boolean; message: string }>(null)
  const [error, setError] = useState<string | null>(null)
  const arriving = isStillArriving(
    useServiceQuery([eventsStillArriving], (tx) => eventsStillArriving(tx), []),
    event.id,
  )

  async function remove(cascade: boolean) {
    const result = await runAction([deleteEvent], (tx) => deleteEvent(tx, event.id, { cascade }))
    if (!result.ok) {
      if (result.error instanceof EventHasAssignmentsError) {
        setConfirm({
          cascade: true,
          message: `${messageFor(result.error)} Baking already recorded is kept.`,
        })
        return
      }
      setConfirm(null)
      setError(messageFor(result.error))
      return
    }
    setConfirm(null)
    goTo('today')
  }

  return (
    <>
      <div className="screen-heading">
        <div>
          <button type="button" className="link-button back-link" onClick={() => goTo('today')}>
            ‹ Today
          </button>
          <h1>{event.name}</h1>
          <p className="card-meta">
            {subtitle}
            {event.notes ? ` · ${event.notes}` : ''}
          </p>
        </div>
        <div className="heading-actions">
          <PrintMenu eventId={event.id} />
          <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
            Edit event
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => setConfirm({ cascade: false, message: `Delete "${event.name}"?` })}
          >
            Delete event
          </button>
        </div>
      </div>
      {arriving && (
        <p role="status" aria-busy="true" className="arriving-note">
          {ARRIVING_TEXT} This event&apos;s plan, baking and deliveries may be incomplete until they
          are in.
        </p>
      )}
      {editing && <EditEventForm event={event} onDone={() => setEditing(false)} />}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {confirm && (
        <ConfirmDialog
          title={confirm.cascade ? 'Delete the event and its packages?' : 'Delete event?'}
          message={confirm.message}
          confirmLabel={confirm.cascade ? 'Delete all' : 'Delete'}
          danger
          onCancel={() => setConfirm(null)}
          onConfirm={() => void remove(confirm.cascade)}
        />
      )}
    </>
  )
}
