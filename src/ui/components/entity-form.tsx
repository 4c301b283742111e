/**
 * What every create/edit form of the catalogue and the recipients shares: validating with the
 * service's zod schema, saving in one action, field errors inline (from zod or from the service),
 * a service refusal as a message while the form keeps what was typed, and the form frame with its
 * title, Save/Add and Cancel buttons.
 */
import { useState, type FormEvent, type ReactNode } from 'react'
import type { z } from 'zod'
import type { Tx } from '../../db/tx'
import type { Uses } from '../../transactions/run-action'
import { useAction } from '../data/use-action'
import { messageFor } from '../error-messages'
import { checkForm, fieldErrorsFromDomain, type FieldErrors } from '../forms'
import { FormFooter } from './field'

type SaveFormOptions<TSchema extends z.ZodType> = {
  schema: TSchema
  /** The services `save` calls: the action's transaction covers their tables. */
  uses: Uses
  /** Writes the checked values; runs inside one action (one transaction). */
  save: (tx: Tx, data: z.infer<TSchema>) => Promise<unknown>
  /** The toast after a successful save. */
  success: string
  onDone: () => void
}

export function useSaveForm<TSchema extends z.ZodType>(options: SaveFormOptions<TSchema>) {
  const act = useAction()
  const [errors, setErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)

  /** `clearer` replaces the schema's message for fields a cook needs told differently. */
  async function submit(values: unknown, clearer: FieldErrors = {}) {
    const check = checkForm(options.schema, values)
    if (!check.ok) {
      setErrors({ ...check.errors, ...clearer })
      return
    }
    setErrors({})
    const saved = await act(
      options.uses,
      async (tx) => {
        await options.save(tx, check.data)
        return true
      },
      {
        success: options.success,
        onError: (error) => {
          setErrors(fieldErrorsFromDomain(error))
          setFormError(messageFor(error))
        },
      },
    )
    if (saved) options.onDone()
  }

  return { errors, formError, submit }
}

type EntityFormProps = {
  /** What is being made, lower case: "ingredient", "baked item". */
  noun: string
  /** The name of the item being edited; null for a new one. */
  editingName: string | null
  formError: string | null
  onSubmit: () => void
  onCancel: () => void
  children: ReactNode
}

export function EntityForm({
  noun,
  editingName,
  formError,
  onSubmit,
  onCancel,
  children,
}: EntityFormProps) {
  const editing = editingName !== null
  return (
    <form
      className="panel form-grid"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault()
        onSubmit()
      }}
      noValidate
      aria-label={editing ? `Edit ${noun}` : `New ${noun}`}
    >
      <h3 className="form-title">{editing ? `Edit ${editingName}` : `New ${noun}`}</h3>
      {children}
      <FormFooter
        submitLabel={editing ? 'Save' : `Add ${noun}`}
        onCancel={onCancel}
        formError={formError}
      />
    </form>
  )
}
