/** First run on an empty tablet: try the app with a sample holiday event, or start empty. */
import { useState } from 'react'
import { runAction } from '../../data/app-data'
import { messageFor } from '../../error-messages'
import { useUiStore } from '../../stores/ui-store'

export function WelcomePanel({ today }: { today: string }) {
  const dismissWelcome = useUiStore((state) => state.dismissWelcome)
  const openEvent = useUiStore((state) => state.openEvent)
  const setSampleEventId = useUiStore((state) => state.setSampleEventId)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function createSample() {
    setBusy(true)
    // The sample's generator is its own chunk, loaded (outside the transaction) only when asked for.
    const { createSampleHoliday } = await import('../../../services/demo/demo-data')
    const result = await runAction([createSampleHoliday], (tx) =>
      createSampleHoliday(tx, { today }),
    )
    setBusy(false)
    if (!result.ok) {
      setError(messageFor(result.error))
      return
    }
    dismissWelcome()
    setSampleEventId(result.value.eventId)
    openEvent(result.value.eventId, 'plan')
  }

  return (
    <main className="screen welcome">
      <h1>Welcome to Bake Tracker</h1>
      <p>
        Plan what to bake for each event, track batches and assembly, and tick off every gift
        package as it is delivered. Everything stays on this tablet and works without internet.
      </p>
      <div className="welcome-choices">
        <button
          type="button"
          className="button-primary button-large"
          disabled={busy}
          onClick={() => void createSample()}
        >
          Create a sample holiday event
        </button>
        <button
          type="button"
          className="button-secondary button-large"
          disabled={busy}
          onClick={dismissWelcome}
        >
          Start empty
        </button>
      </div>
      <p className="card-meta">
        The sample has recipes, gift packages, eight recipients and some baking already done. Edit
        or delete any of it later.
      </p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </main>
  )
}
