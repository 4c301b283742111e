/**
 * Today (home): the events that are on or ahead, each a card with production, assembly and
 * delivery bars; past events one tap away; the cost dashboard; and, on an empty tablet, the
 * first-run choice between a sample holiday event and starting empty.
 */
import { useMemo, useState } from 'react'
import {
  getDashboardSummary,
  getEventsWithProgress,
  isDatabaseEmpty,
  listEventsInRange,
} from '../../../services'
import { useServiceQuery } from '../../data/app-data'
import { formatDate, relativeDays, todayIso } from '../../format'
import { ProgressBar } from '../../components/progress-bar'
import { useUiStore } from '../../stores/ui-store'
import { eventCardFigures } from './event-card-figures'
import { NewEventForm } from './new-event-form'
import { WelcomePanel } from './welcome-panel'
import { StepLink } from '../../components/next-step'
import { SampleNotice } from './sample-notice'
import { DashboardTable } from './dashboard-table'

export function TodayScreen() {
  const today = todayIso()
  const showPast = useUiStore((state) => state.showPastEvents)
  const setShowPast = useUiStore((state) => state.setShowPastEvents)
  const welcomeDismissed = useUiStore((state) => state.welcomeDismissed)
  const openEvent = useUiStore((state) => state.openEvent)
  const [creating, setCreating] = useState(false)
  const empty = useServiceQuery((tx) => isDatabaseEmpty(tx), [])
  const filter = showPast ? 'past' : 'active_future'
  // The cards come from one small read and show at once; their bars fill in when the progress
  // read (every target, run and assignment) arrives. Each heavy read starts only when the one
  // before it has arrived: a read-only transaction completes only after IndexedDB has served the
  // requests queued before its end, so a small read started beside a big one can wait for it
  // (bench: on 200 events the cards waited 2.2 s for the progress read).
  const events = useServiceQuery((tx) => listEventsInRange(tx, { filter, today }), [filter, today])
  const listed = events !== undefined
  const progress = useServiceQuery(
    (tx) => (listed ? getEventsWithProgress(tx, { filter, today }) : Promise.resolve(null)),
    [listed, filter, today],
  )
  const progressShown = progress !== undefined && progress !== null
  const dashboard = useServiceQuery(
    (tx) => (progressShown ? getDashboardSummary(tx) : Promise.resolve(null)),
    [progressShown],
  )
  const progressById = useMemo(
    () => new Map(progress?.map((row) => [row.eventId, row])),
    [progress],
  )

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
        <NewEventForm
          onCancel={() => setCreating(false)}
          onCreated={(eventId) => {
            setCreating(false)
            openEvent(eventId, 'plan')
          }}
        />
      )}
      {events && !showPast && <SampleNotice eventIds={events.map((event) => event.id)} />}
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
          {events.map((event) => {
            const row = progressById.get(event.id)
            const figures = row && eventCardFigures(row)
            return (
              <li key={event.id}>
                <button
                  type="button"
                  className="event-card"
                  onClick={() => openEvent(event.id)}
                  aria-label={`${event.name}, ${formatDate(event.date)}`}
                  aria-busy={figures ? undefined : true}
                >
                  <span className="event-card-head">
                    <span className="card-title">{event.name}</span>
                    <span className="card-meta">
                      {formatDate(event.date)} · {relativeDays(event.date, today)}
                    </span>
                  </span>
                  <ProgressBar
                    label="Baking"
                    pct={figures?.productionPct}
                    detail={figures?.productionDetail}
                  />
                  <ProgressBar
                    label="Assembly"
                    pct={figures?.assemblyPct}
                    detail={figures?.assemblyDetail}
                  />
                  <ProgressBar
                    label="Deliveries"
                    pct={figures?.deliveryPct}
                    detail={figures?.deliveryDetail}
                  />
                </button>
              </li>
            )
          })}
        </ul>
      )}
      <h2>Costs by event</h2>
      {dashboard === undefined || dashboard === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <DashboardTable rows={dashboard} onOpen={(eventId) => openEvent(eventId, 'costs')} />
      )}
    </main>
  )
}
