/** A labelled progress bar; over 100 % shows as full with the real percentage in words. */
import { formatPercent } from '../format'

type Props = {
  label: string
  /** Undefined while the figures are still being read (an empty, busy bar). */
  pct: number | null | undefined
  /** Text shown instead of a percentage, e.g. "No targets set" or "3 of 10". */
  detail?: string
}

export function ProgressBar({ label, pct, detail }: Props) {
  if (pct === undefined)
    return (
      <div className="progress progress-loading">
        <div className="progress-label">
          <span>{label}</span>
          <span className="progress-value">…</span>
        </div>
        <div
          className="progress-track"
          role="progressbar"
          aria-label={label}
          aria-busy="true"
          aria-valuetext="Loading"
        />
      </div>
    )
  const shown = pct === null ? 0 : Math.min(100, Math.max(0, pct))
  const done = pct !== null && pct >= 100
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        <span className="progress-value">
          {pct === null
            ? (detail ?? 'No targets set')
            : `${formatPercent(pct)}${detail ? ` · ${detail}` : ''}`}
        </span>
      </div>
      <div
        className={`progress-track${done ? ' progress-done' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.floor(shown)}
        aria-valuetext={pct === null ? (detail ?? 'No targets set') : formatPercent(pct)}
      >
        <div className="progress-fill" style={{ width: `${shown}%` }} />
      </div>
    </div>
  )
}
