/** A whole-number input with big − / + buttons for floury fingers. */
type Props = {
  id: string
  label: string
  value: number
  min?: number
  max?: number
  onChange: (value: number) => void
}

export function Stepper({ id, label, value, min = 0, max = 100_000, onChange }: Props) {
  const clamp = (next: number) => Math.min(max, Math.max(min, next))
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
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
