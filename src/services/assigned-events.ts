/**
 * What keeps a package or a recipient from being deleted (DOMAIN §6): the live events holding a
 * live assignment of it, each event once, in name order — the `usedBy` of its `InUseError`.
 */
import type { Tx } from '../db/tx'
import type { UsedBy } from './errors'
import { byNameThenId } from './order'
import { tablesOf } from '../transactions/declared-tables'

/** The live events with a live assignment whose `by` is `id`. Tables: assignments, events. */
export async function eventsAssigning(
  tx: Tx,
  by: 'packageId' | 'recipientId',
  id: string,
): Promise<UsedBy[]> {
  const assignments = (await tx.assignments.where(by).equals(id).toArray()).filter(
    (row) => row.deletedAt === null,
  )
  const events = await tx.events.bulkGet([...new Set(assignments.map((row) => row.eventId))])
  const usedBy: UsedBy[] = []
  for (const event of events) {
    if (event && event.deletedAt === null)
      usedBy.push({ entity: 'event', id: event.id, name: event.name })
  }
  return usedBy.sort(byNameThenId)
}
eventsAssigning.tables = tablesOf('assignments', 'events')
