/**
 * One event on Today: name, date and its baking, assembly and delivery bars. While a new tablet's
 * first sync still brings the event's rows, the card says so in words instead of bars: partial
 * figures would read as too little baked, assembled or delivered.
 */
import { useId } from 'react'
import type { EventWithProgress } from '../../../services'
import { ProgressBar } from '../../components/progress-bar'
import { formatDate, relativeDays } from '../../format'
import { eventCardFigures } from './event-card-figures'

/** What an event card (and the event screen's header) says while the event's rows arrive. */
export const ARRIVING_TEXT = 'Figures still arriving from the other tablets…'

type Props = {
  event: EventWithProgress
  today: string
  /** The event's rows are not all on this tablet yet (services: eventsStillArriving). */
  arriving: boolean
  onOpen: (eventId: string) => void
}

export function EventCard({ event, today, arriving, onOpen }: Props) {
  const noteId = useId()
  const figures = arriving ? null : eventCardFigures(event)
  return (
    <button
      type="button"
      className="event-card"
      onClick={() => onOpen(event.eventId)}
      aria-label={`${event.eventName}, ${formatDate(event.eventDate)}`}
      {...(arriving ? { 'aria-busy': true, 'aria-describedby': noteId } : {})}
    >
      <span className="event-card-head">
        <span className="card-title">{event.eventName}</span>
        <span className="card-meta">
          {formatDate(event.eventDate)} · {relativeDays(event.eventDate, today)}
        </span>
      </span>
      {figures === null ? (
        <span id={noteId} className="event-card-arriving">
          {ARRIVING_TEXT}
        </span>
      ) : (
        <>
          <ProgressBar
            label="Baking"
            pct={figures.productionPct}
            detail={figures.productionDetail}
          />
          <ProgressBar label="Assembly" pct={figures.assemblyPct} detail={figures.assemblyDetail} />
          <ProgressBar
            label="Deliveries"
            pct={figures.deliveryPct}
            detail={figures.deliveryDetail}
          />
        </>
      )}
    </button>
  )
}
