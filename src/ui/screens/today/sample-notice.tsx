/**
 * While the sample event made from the welcome panel is still here, Today says so and removes it
 * in one tap: the event, its packages to give and its targets (baking already recorded is kept,
 * as for any deleted event). The catalogue and recipients the sample brought stay for reuse.
 * The event writes load on the tap, not with Today's first screen (they bring the write path).
 */
import { useState } from 'react'
import { runAction } from '../../data/app-data'
import { messageFor } from '../../error-messages'
import { useUiStore } from '../../stores/ui-store'

export function SampleNotice({ eventIds }: { eventIds: readonly string[] }) {
  const sampleEventId = useUiStore((state) => state.sampleEventId)
  const setSampleEventId = useUiStore((state) => state.setSampleEventId)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!sampleEventId || !eventIds.includes(sampleEventId)) return null

  async function remove(eventId: string) {
    setBusy(true)
    const { deleteEvent } = await import('../../../services/events')
    const result = await runAction([deleteEvent], (tx) =>
      deleteEvent(tx, eventId, { cascade: true }),
    )
    setBusy(false)
    if (!result.ok) {
      setError(messageFor(result.error))
      return
    }
    setSampleEventId(null)
  }

  return (
    <div className="panel sample-notice" role="region" aria-label="Sample event">
      <p>
        The sample event is here to try things out. Its recipes, packages and recipients stay when
        you remove it.
      </p>
      <button
        type="button"
        className="button-secondary"
        disabled={busy}
        onClick={() => void remove(sampleEventId)}
      >
        Remove the sample event
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  )
}
