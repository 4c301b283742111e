/** A labelled form field with its inline error, wired for screen readers. */
import type { ReactElement } from 'react'
import { cloneElement } from 'react'

type Props = {
  id: string
  label: string
  error?: string | undefined
  hint?: string
  children: ReactElement<{ id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }>
  className?: string
}

export function Field({ id, label, error, hint, children, className }: Props) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(' ')
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {hint && !error && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}

/** A form's submit button (and Cancel when `onCancel` is given), then its form-level error. */
export function FormFooter({
  submitLabel,
  onCancel,
  formError,
}: {
  submitLabel: string
  onCancel?: () => void
  formError: string | null
}) {
  return (
    <>
      <div className="form-buttons">
        <button type="submit" className="button-primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
    </>
  )
}
