/**
 * An event as screens see it (EventDto) and the order events are listed in. Apart from events.ts
 * so a read of events (Today's first screen) does not import the event writes, and through them
 * the local write path (mutate), into the first chunk.
 */
import type { Event } from '../db/schema'
import { compareNames } from './order'

export type EventDto = {
  id: string
  name: string
  date: string
  /** Derived from `date`. */
  year: number
  notes: string
  createdAt: string
  updatedAt: string
}

export function toEventDto(row: Event): EventDto {
  return {
    id: row.id,
    name: row.name,
    date: row.date,
    year: Number(row.date.slice(0, 4)),
    notes: row.notes,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function compareEvents(
  a: Pick<Event, 'date' | 'name'>,
  b: Pick<Event, 'date' | 'name'>,
): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : compareNames(a.name, b.name)
}
