/** Create an event: name and date, validated with the service's schema, shown inline. */
import { useState, type FormEvent } from 'react'
import { createEvent, createEventInputSchema } from '../../../services'
import { runAction } from '../../data/app-data'
import { Field, FormFooter } from '../../components/field'
import { messageFor } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, type FieldErrors } from '../../forms'

export function NewEventForm({
  onCreated,
  onCancel,
}: {
  onCreated: (eventId: string) => void
  onCancel: () => void
}) {
  const [name, setName] = useState('')
  const [date, setDate] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const check = checkForm(createEventInputSchema, { name, date })
    if (!check.ok) {
      setErrors({
        ...check.errors,
        ...(check.errors.date ? { date: 'Pick the date of the event' } : {}),
      })
      return
    }
    setErrors({})
    const result = await runAction([createEvent], (tx) => createEvent(tx, check.data))
    if (!result.ok) {
      setErrors(fieldErrorsFromDomain(result.error))
      setFormError(messageFor(result.error))
      return
    }
    onCreated(result.value.id)
  }

  return (
    <form
      className="panel form-row"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="New event"
    >
      <Field id="new-event-name" label="Event name" error={errors.name}>
        <input
          value={name}
          onChange={(change) => setName(change.target.value)}
          placeholder="Christmas gifts"
          autoComplete="off"
        />
      </Field>
      <Field id="new-event-date" label="Date" error={errors.date}>
        <input type="date" value={date} onChange={(change) => setDate(change.target.value)} />
      </Field>
      <FormFooter submitLabel="Create event" onCancel={onCancel} formError={formError} />
    </form>
  )
}
