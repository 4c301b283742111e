/**
 * The "never wrong" check of the event-summary read model: the stored summaries must equal a
 * recomputation from scratch over the source rows. A disagreement is reported (a failing test),
 * never repaired.
 */
import { expect } from 'vitest'
import type { AppDatabase } from '../db/database'
import { recomputeEventSummaries, type EventSummary } from '../db/event-summary'

async function storedAndRecomputed(
  db: AppDatabase,
): Promise<{ stored: EventSummary[]; recomputed: EventSummary[] }> {
  return db.transaction('r', db.tables, async (tx) => ({
    stored: await tx.table<EventSummary, string>('eventSummaries').orderBy('eventId').toArray(),
    recomputed: await recomputeEventSummaries(tx),
  }))
}

/** One line per event whose stored summary differs from its recomputation (empty when equal). */
export async function summaryDifferences(db: AppDatabase): Promise<string[]> {
  const { stored, recomputed } = await storedAndRecomputed(db)
  const storedById = new Map(stored.map((summary) => [summary.eventId, summary]))
  const recomputedById = new Map(recomputed.map((summary) => [summary.eventId, summary]))
  const differences: string[] = []
  for (const eventId of new Set([...storedById.keys(), ...recomputedById.keys()])) {
    const have = storedById.get(eventId)
    const want = recomputedById.get(eventId)
    if (JSON.stringify(canonical(have)) !== JSON.stringify(canonical(want)))
      differences.push(
        `event ${eventId}: summary ${JSON.stringify(have)} but recomputed ${JSON.stringify(want)}`,
      )
  }
  return differences
}

/** Key order never matters: objects are compared with their keys sorted. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, canonical(inner)]),
    )
  return value
}

/** Fails the test when any stored summary differs from its recomputation. */
export async function expectSummariesMatchRecomputation(db: AppDatabase): Promise<void> {
  const { stored, recomputed } = await storedAndRecomputed(db)
  expect(stored).toEqual(recomputed)
}
