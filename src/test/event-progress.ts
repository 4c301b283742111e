/**
 * An `EventWithProgress` as Today's read hands it over, for tests of the cards: no targets, no
 * packages, unless `overall` says otherwise.
 */
import type { EventWithProgress } from '../services'

export function eventWithProgress(
  overrides: Partial<Omit<EventWithProgress, 'overallProgress'>> & {
    overall?: Partial<EventWithProgress['overallProgress']>
  } = {},
): EventWithProgress {
  const { overall, ...event } = overrides
  return {
    eventId: 'e1',
    eventName: 'Christmas',
    eventDate: '2026-12-24',
    productionProgress: [],
    assemblyProgress: [],
    ...event,
    overallProgress: {
      productionTargetsCount: 0,
      productionCompleteCount: 0,
      productionComplete: true,
      assemblyTargetsCount: 0,
      assemblyCompleteCount: 0,
      assemblyComplete: true,
      packagesPending: 0,
      packagesAssembled: 0,
      packagesDelivered: 0,
      packagesTotal: 0,
      ...overall,
    },
  }
}
