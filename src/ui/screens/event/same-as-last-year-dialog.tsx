/**
 * "Same as last year": what will be copied (counts, recipients deleted since), the new name and
 * date (guessed a year on), then ONE action with cloneEvent, a toast saying what was copied, and
 * the new event opens. Loaded when the cook opens it.
 */
import { useEffect, useState, type FormEvent } from 'react'
import {
  cloneEvent,
  cloneEventInputSchema,
  previewCloneEvent,
  type ClonePreview,
  type EventDto,
} from '../../../services'
import { readOnce } from '../../data/csv-files'
import { useAction } from '../../data/use-action'
import { Field, FormFooter } from '../../components/field'
import { messageFor, messageForFailure } from '../../error-messages'
import { checkForm, fieldErrorsFromDomain, type FieldErrors } from '../../forms'
import { useToastStore } from '../../stores/toast-store'
import { useUiStore } from '../../stores/ui-store'

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/** "3 recipients, 4 packages (5 to hand out), 2 baking and 1 assembly targets". */
export function copiedWords(preview: ClonePreview): string {
  return `${plural(preview.recipients, 'recipient')}, ${plural(preview.assignments, 'package')} (${
    preview.packageUnits
  } to hand out), ${plural(preview.productionTargets, 'baking target')} and ${plural(
    preview.assemblyTargets,
    'assembly target',
  )}`
}

export function SameAsLastYearDialog({ event, onClose }: { event: EventDto; onClose: () => void }) {
  const act = useAction()
  const openEvent = useUiStore((state) => state.openEvent)
  const showToast = useToastStore((state) => state.show)
  const [preview, setPreview] = useState<ClonePreview | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [date, setDate] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    readOnce([previewCloneEvent], (tx) => previewCloneEvent(tx, event.id)).then(
      (result) => {
        if (!current) return
        setPreview(result)
        setName(result.suggestedName)
        setDate(result.suggestedDate)
      },
      (error: unknown) => current && setLoadError(messageForFailure(error)),
    )
    const onKey = (key: KeyboardEvent) => {
      if (key.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      current = false
      document.removeEventListener('keydown', onKey)
    }
  }, [event.id, onClose])

  async function submit(formEvent: FormEvent<HTMLFormElement>) {
    formEvent.preventDefault()
    if (!preview) return
    const check = checkForm(cloneEventInputSchema, { name, date })
    if (!check.ok) {
      setErrors(check.errors)
      return
    }
    const created = await act([cloneEvent], (tx) => cloneEvent(tx, event.id, check.data), {
      onError: (error) => {
        setErrors(fieldErrorsFromDomain(error))
        setFormError(messageFor(error))
      },
    })
    if (!created) return
    showToast({
      message: `Created ${created.name}: copied ${copiedWords(preview)}.`,
      durationMs: 8_000,
    })
    onClose()
    openEvent(created.id, 'plan')
  }

  return (
    <div className="dialog-backdrop">
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="same-as-last-year-title"
        onSubmit={(formEvent) => void submit(formEvent)}
        noValidate
      >
        <h2 id="same-as-last-year-title">Same as last year</h2>
        {loadError && (
          <p role="alert" className="form-error">
            {loadError}
          </p>
        )}
        {!preview && !loadError && <p aria-busy="true">Loading…</p>}
        {preview && (
          <>
            <p>
              A new event with the plan of “{preview.sourceName}”: {copiedWords(preview)}. Nothing
              is marked baked, ready or delivered.
            </p>
            {preview.deletedRecipients.length > 0 && (
              <p role="note">
                Left out, deleted since:{' '}
                {preview.deletedRecipients.map((recipient) => recipient.name).join(', ')} (
                {plural(preview.leftOutAssignments, 'package')}).
              </p>
            )}
            <Field id="same-name" label="New event name" error={errors.name}>
              <input value={name} onChange={(change) => setName(change.target.value)} />
            </Field>
            <Field id="same-date" label="Date" error={errors.date}>
              <input type="date" value={date} onChange={(change) => setDate(change.target.value)} />
            </Field>
          </>
        )}
        <FormFooter submitLabel="Create event" onCancel={onClose} formError={formError} />
      </form>
    </div>
  )
}
