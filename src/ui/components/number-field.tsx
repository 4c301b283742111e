/**
 * The app's one number input. It holds the text being typed (so it can be emptied: Backspace then
 * 12 gives 12, never 112), selects its content on focus, accepts only what it says (digits for
 * whole numbers; one decimal mark for amounts), and reports a commit on blur, Enter or a −/+ tap,
 * never per keystroke. `SavedNumberField` adds the save-on-commit rule for rows that store at once.
 */
import { useRef, useState, type ReactNode } from 'react'

type Kind = 'whole' | 'decimal'

const ACCEPTS: Record<Kind, RegExp> = {
  whole: /^\d*$/,
  decimal: /^\d*(?:[.,]\d*)?$/,
}

export type NumberFieldProps = {
  id: string
  /** The accessible name, also used for the − / + buttons. */
  label: string
  /** A shorter text shown on screen when the row already says what it is for ("Quantity"). */
  visibleLabel?: string
  /** The text in the field ("" when empty). */
  value: string
  /** Called only with text the field accepts. */
  onChange: (text: string) => void
  /** Blur, Enter, or a −/+ tap: the moment a row that saves at once should save. */
  onCommit?: (text: string) => void
  /** 'whole' (default): digits only, with − / + buttons. 'decimal': amounts like 3.49. */
  kind?: Kind
  /** − / + buttons beside a whole number (default true). */
  stepper?: boolean
  /** The − button stops here (whole numbers; default 1). */
  min?: number
  max?: number
  error?: string | undefined
  hint?: string | undefined
  placeholder?: string
  /** Shown after the field, e.g. a "Not saved" marker. */
  after?: ReactNode
}

/** The whole number typed, or undefined when the text is empty. */
export function parseWhole(text: string): number | undefined {
  const trimmed = text.trim()
  return trimmed === '' ? undefined : Number.parseInt(trimmed, 10)
}

export function NumberField({
  id,
  label,
  visibleLabel,
  value,
  onChange,
  onCommit,
  kind = 'whole',
  stepper = true,
  min = 1,
  max = 100_000,
  error,
  hint,
  placeholder,
  after,
}: NumberFieldProps) {
  // A tap that focuses the field must not undo the select-all with its own caret placement.
  const justFocused = useRef(false)
  const describedBy =
    [error ? `${id}-error` : null, hint && !error ? `${id}-hint` : null]
      .filter(Boolean)
      .join(' ') || undefined
  const current = parseWhole(value)

  function step(delta: number) {
    const base = current ?? (delta > 0 ? min - 1 : min + 1)
    const next = String(Math.min(max, Math.max(min, base + delta)))
    onChange(next)
    onCommit?.(next)
  }

  const input = (
    <input
      id={id}
      type="text"
      inputMode={kind === 'whole' ? 'numeric' : 'decimal'}
      autoComplete="off"
      enterKeyHint="done"
      value={value}
      placeholder={placeholder}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      onFocus={(focus) => {
        justFocused.current = true
        focus.currentTarget.select()
      }}
      onMouseUp={(mouse) => {
        if (justFocused.current) mouse.preventDefault()
        justFocused.current = false
      }}
      onChange={(change) => {
        const text = change.target.value
        if (ACCEPTS[kind].test(text)) onChange(text)
      }}
      onBlur={() => onCommit?.(value)}
      onKeyDown={(key) => {
        if (key.key === 'Enter' && onCommit) {
          // Commit here; the surrounding form (if any) must not submit twice.
          key.preventDefault()
          onCommit(value)
        }
      }}
    />
  )

  return (
    <div className="field number-field">
      <label htmlFor={id}>
        {visibleLabel ? (
          <>
            <span aria-hidden="true">{visibleLabel}</span>
            <span className="visually-hidden">{label}</span>
          </>
        ) : (
          label
        )}
      </label>
      {kind === 'whole' && stepper ? (
        <div className="stepper">
          <button
            type="button"
            aria-label={`${label}: one less`}
            disabled={current !== undefined && current <= min}
            onClick={() => step(-1)}
          >
            −
          </button>
          {input}
          <button
            type="button"
            aria-label={`${label}: one more`}
            disabled={current !== undefined && current >= max}
            onClick={() => step(1)}
          >
            +
          </button>
        </div>
      ) : (
        input
      )}
      {after}
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

type SavedNumberFieldProps = Omit<
  NumberFieldProps,
  'value' | 'onChange' | 'onCommit' | 'error' | 'kind' | 'after'
> & {
  /** The stored value (null: none yet). */
  saved: number | null
  /** Store a new value; resolves true when it was stored. */
  onSave: (value: number) => Promise<boolean>
  /** A Save button beside the field, for a cook who looks for one (Enter and blur save too). */
  saveLabel?: string
}

/**
 * A whole number stored as soon as it is committed (blur, Enter, − / +). A value that cannot be
 * stored (empty, below `min`) is never dropped silently: it stays in the field, says why, and is
 * marked "Not saved" until it is fixed or the field is put back.
 */
export function SavedNumberField({
  saved,
  onSave,
  saveLabel,
  min = 1,
  max = 100_000,
  ...rest
}: SavedNumberFieldProps) {
  const [text, setText] = useState(saved === null ? '' : String(saved))
  // Blur and a Save tap both commit; the second commit of the same value is not a second save.
  const inFlight = useRef<number | null>(null)
  const [error, setError] = useState<string | undefined>()
  const [lastSaved, setLastSaved] = useState(saved)
  // A change stored elsewhere (another device, Undo) shows here unless the cook is mid-edit.
  if (saved !== lastSaved) {
    setLastSaved(saved)
    if (error === undefined) setText(saved === null ? '' : String(saved))
  }

  async function commit(next: string) {
    const value = parseWhole(next)
    if (value === undefined && saved === null) {
      setError(undefined)
      return
    }
    if (value === undefined || value < min || value > max) {
      setError(
        value === undefined
          ? `Enter a whole number, ${min} or more`
          : value < min
            ? `Enter ${min} or more`
            : `Enter ${max} or less`,
      )
      return
    }
    setError(undefined)
    if (value === saved || value === inFlight.current) return
    inFlight.current = value
    const ok = await onSave(value)
    inFlight.current = null
    if (!ok) setError('Not saved, please try again')
  }

  return (
    <NumberField
      {...rest}
      min={min}
      max={max}
      value={text}
      onChange={(next) => {
        setText(next)
        if (error) setError(undefined)
      }}
      onCommit={(next) => void commit(next)}
      error={error}
      after={
        <>
          {saveLabel && (
            <button type="button" className="button-secondary" onClick={() => void commit(text)}>
              {saveLabel}
            </button>
          )}
          {error && (
            <span className="unsaved-mark" role="status">
              Not saved
            </span>
          )}
        </>
      }
    />
  )
}
