/**
 * The events screen: every event, soonest first, and a form to create one. Reads through
 * `useServiceQuery`, writes through `runAction`; the form validates with the service's own zod
 * schema before calling it and keeps what was typed when anything fails.
 */
import { useState, type FormEvent } from 'react'
import { z } from 'zod'
import { createEvent, createEventInputSchema, listEvents, type EventDto } from '../../../services'
import { runAction, useServiceQuery } from '../../data/app-data'
import { messageFor } from '../../error-messages'

type FieldErrors = Partial<Record<'name' | 'date', string>>

function formatDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number)
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  })
}

function EventList({ events }: { events: EventDto[] }) {
  if (events.length === 0) {
    return <p className="empty">No events yet. Create your first one above.</p>
  }
  return (
    <ul className="card-list" aria-label="Events">
      {events.map((event) => (
        <li key={event.id} className="card">
          <span className="card-title">{event.name}</span>
          <span className="card-meta">{formatDate(event.date)}</span>
        </li>
      ))}
    </ul>
  )
}

export function EventsScreen() {
  const events = useServiceQuery((tx) => listEvents(tx), [])
  const [name, setName] = useState('')
  const [date, setDate] = useState('')
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  async function handleSubmit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    const parsed = createEventInputSchema.safeParse({ name, date })
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error).fieldErrors
      setFieldErrors({
        name: flat.name?.[0],
        date: flat.date ? 'Pick the date of the event' : undefined,
      })
      return
    }
    setFieldErrors({})
    setSaving(true)
    const result = await runAction((tx) => createEvent(tx, parsed.data))
    setSaving(false)
    if (!result.ok) {
      setFormError(messageFor(result.error))
      return
    }
    setFormError(null)
    setName('')
    setDate('')
  }

  return (
    <main className="screen">
      <h1>Events</h1>
      <form className="form-row" onSubmit={(formEvent) => void handleSubmit(formEvent)} noValidate>
        <div className="field">
          <label htmlFor="event-name">Event name</label>
          <input
            id="event-name"
            value={name}
            onChange={(change) => setName(change.target.value)}
            aria-invalid={fieldErrors.name ? true : undefined}
            aria-describedby={fieldErrors.name ? 'event-name-error' : undefined}
            placeholder="Christmas gifts"
            autoComplete="off"
          />
          {fieldErrors.name && (
            <p id="event-name-error" className="field-error">
              {fieldErrors.name}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="event-date">Date</label>
          <input
            id="event-date"
            type="date"
            value={date}
            onChange={(change) => setDate(change.target.value)}
            aria-invalid={fieldErrors.date ? true : undefined}
            aria-describedby={fieldErrors.date ? 'event-date-error' : undefined}
          />
          {fieldErrors.date && (
            <p id="event-date-error" className="field-error">
              {fieldErrors.date}
            </p>
          )}
        </div>
        <button type="submit" className="button-primary" disabled={saving}>
          Create event
        </button>
      </form>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      {events === undefined ? <p aria-busy="true">Loading…</p> : <EventList events={events} />}
    </main>
  )
}
