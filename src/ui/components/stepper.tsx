/** A whole-number input with big − / + buttons for floury fingers. */
type Props = {
  id: string
  /** The accessible name, also used for the − / + buttons. */
  label: string
  /** A shorter text shown on screen when the row already says what it is for (e.g. "Quantity"). */
  visibleLabel?: string
  value: number
  min?: number
  max?: number
  onChange: (value: number) => void
}

export function Stepper({
  id,
  label,
  visibleLabel,
  value,
  min = 0,
  max = 100_000,
  onChange,
}: Props) {
  const clamp = (next: number) => Math.min(max, Math.max(min, next))
  return (
    <div className="field">
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
      <div className="stepper">
        <button
          type="button"
          aria-label={`${label}: one less`}
          disabled={value <= min}
          onClick={() => onChange(clamp(value - 1))}
        >
          −
        </button>
        <input
          id={id}
          inputMode="numeric"
          value={String(value)}
          onChange={(change) => {
            const next = Number.parseInt(change.target.value, 10)
            if (Number.isFinite(next)) onChange(clamp(next))
          }}
        />
        <button
          type="button"
          aria-label={`${label}: one more`}
          disabled={value >= max}
          onClick={() => onChange(clamp(value + 1))}
        >
          +
        </button>
      </div>
    </div>
  )
}
