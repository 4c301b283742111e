/**
 * One event: its header (rename, move, delete) and the four tabs a baker works through —
 * Plan, Make, Deliver, Costs. The current tab comes from the address (ui/app/routes.ts).
 */
import { getEvent, getEventOverallProgress } from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { TabPanel, Tabs } from '../../components/tabs'
import { formatDate } from '../../format'
import { useUiStore, type UiState } from '../../stores/ui-store'
import { CostsTab } from './costs-tab'
import { DeliverTab } from './deliver-tab'
import { EventHeader } from './event-header'
import { EventFileActions } from './event-file-actions'
import { MakeTab } from './make-tab'
import { PlanTab } from './plan-tab'

type EventTabId = UiState['eventTab']

export function EventScreen({ eventId, tab }: { eventId: string; tab: EventTabId }) {
  const openEvent = useUiStore((state) => state.openEvent)
  const goTo = useUiStore((state) => state.goTo)
  const event = useServiceQuery(
    [getEvent],
    (tx) =>
      getEvent(tx, eventId).catch((error: unknown) => {
        // A deleted event (here or on another tablet) shows "Event not found"; anything else is a bug.
        if (error instanceof Error && error.name === 'NotFoundError') return null
        throw error
      }),
    [eventId],
  )
  // Counts only (no names): the Deliver tab's badge must not cost a read per recipient.
  const progress = useServiceQuery(
    [getEventOverallProgress],
    (tx) => getEventOverallProgress(tx, eventId),
    [eventId],
  )

  if (event === undefined)
    return (
      <main className="screen" aria-busy="true">
        Loading…
      </main>
    )
  if (event === null) {
    return (
      <main className="screen">
        <h1>Event not found</h1>
        <p>This event was deleted, maybe on another tablet.</p>
        <button type="button" className="button-primary" onClick={() => goTo('today')}>
          Back to Today
        </button>
      </main>
    )
  }
  const waiting = progress && progress.packagesPending + progress.packagesAssembled
  const tabs: { id: EventTabId; label: string; badge?: string }[] = [
    { id: 'plan', label: 'Plan' },
    { id: 'make', label: 'Make' },
    { id: 'deliver', label: 'Deliver', ...(waiting ? { badge: String(waiting) } : {}) },
    { id: 'costs', label: 'Costs' },
  ]
  return (
    <main className="screen">
      <EventHeader event={event} subtitle={formatDate(event.date)} />
      <Tabs
        label="Event sections"
        tabs={tabs}
        current={tab}
        onSelect={(next) => openEvent(eventId, next)}
      />
      <TabPanel id={tab} heading={tabs.find((entry) => entry.id === tab)?.label}>
        {tab === 'plan' && <PlanTab eventId={eventId} />}
        {tab === 'make' && <MakeTab eventId={eventId} />}
        {tab === 'deliver' && <DeliverTab eventId={eventId} />}
        {tab === 'costs' && <CostsTab eventId={eventId} />}
      </TabPanel>
      <EventFileActions event={event} />
    </main>
  )
}
