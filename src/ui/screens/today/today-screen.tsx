/**
 * Today (home): the events that are on or ahead, each a card with production, assembly and
 * delivery bars; past events one tap away; the cost dashboard; and, on an empty tablet, the
 * first-run choice between a sample holiday event and starting empty.
 */
import { lazy, Suspense, useState } from 'react'
import {
  eventsStillArriving,
  getEventsWithProgress,
  isDatabaseEmpty,
  isStillArriving,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { todayIso } from '../../format'
import { useUiStore } from '../../stores/ui-store'
import { EventCard } from './event-card'
import { WelcomePanel } from './welcome-panel'
import { StepLink } from '../../components/next-step'
import { SampleNotice } from './sample-notice'

// Not needed for the first paint: the form opens on a tap, and the dashboard (the catalogue and
// exact money) fills in below the cards. Each is its own chunk.
const NewEventForm = lazy(() =>
  import('./new-event-form').then((m) => ({ default: m.NewEventForm })),
)
const DashboardSection = lazy(() =>
  import('./dashboard-section').then((m) => ({ default: m.DashboardSection })),
)

export function TodayScreen() {
  const today = todayIso()
  const showPast = useUiStore((state) => state.showPastEvents)
  const setShowPast = useUiStore((state) => state.setShowPastEvents)
  const welcomeDismissed = useUiStore((state) => state.welcomeDismissed)
  const openEvent = useUiStore((state) => state.openEvent)
  const [creating, setCreating] = useState(false)
  const empty = useServiceQuery([isDatabaseEmpty], (tx) => isDatabaseEmpty(tx), [])
  const filter = showPast ? 'past' : 'active_future'
  // The cards and their bars come from one read of the events shown and their summary rows
  // (db/event-summary.ts), so the first card arrives with its bars; the dashboard reads after it.
  // The same read asks (one meta key) which events' rows a new tablet is still receiving.
  const read = useServiceQuery(
    [getEventsWithProgress, eventsStillArriving],
    async (tx) => {
      const [shown, arriving] = await Promise.all([
        getEventsWithProgress(tx, { filter, today }),
        eventsStillArriving(tx),
      ])
      return { shown, arriving }
    },
    [filter, today],
  )
  const events = read?.shown

  // Until we know whether the tablet is empty, show neither Today nor the welcome (no flash).
  if (empty === undefined) return <main className="screen" aria-busy="true" />
  if (empty && !welcomeDismissed) return <WelcomePanel today={today} />

  return (
    <main className="screen">
      <div className="screen-heading">
        <h1>{showPast ? 'Past events' : 'Today'}</h1>
        <div className="heading-actions">
          <button type="button" className="button-secondary" onClick={() => setShowPast(!showPast)}>
            {showPast ? 'Upcoming events' : 'Past events'}
          </button>
          <button type="button" className="button-primary" onClick={() => setCreating(true)}>
            New event
          </button>
        </div>
      </div>
      {creating && (
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          <NewEventForm
            onCancel={() => setCreating(false)}
            onCreated={(eventId) => {
              setCreating(false)
              openEvent(eventId, 'plan')
            }}
          />
        </Suspense>
      )}
      {events && !showPast && <SampleNotice eventIds={events.map((event) => event.eventId)} />}
      {events === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : events.length === 0 ? (
        <p className="empty">
          {showPast ? (
            'No past events.'
          ) : (
            <>
              Nothing coming up. Tap &quot;New event&quot; to plan your next bake. Starting from
              nothing? Build it in this order: ingredients, recipes, baked items, finished goods,
              packages, recipients, then the event.{' '}
              <StepLink step="ingredients">Start with ingredients ›</StepLink>
            </>
          )}
        </p>
      ) : (
        <ul className="event-cards" aria-label={showPast ? 'Past events' : 'Upcoming events'}>
          {events.map((event) => (
            <li key={event.eventId}>
              <EventCard
                event={event}
                today={today}
                arriving={isStillArriving(read?.arriving, event.eventId)}
                onOpen={openEvent}
              />
            </li>
          ))}
        </ul>
      )}
      <h2>Costs by event</h2>
      {events === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <Suspense fallback={<p aria-busy="true">Loading…</p>}>
          <DashboardSection onOpen={(eventId) => openEvent(eventId, 'costs')} />
        </Suspense>
      )}
    </main>
  )
}
