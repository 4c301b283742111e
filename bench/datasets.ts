/**
 * What every bench script measures on: the tablet it emulates and the shape of the S and L
 * datasets (per event 40 targets, 300 assignments and 25 runs; L has 200 events), so the main
 * bench and the single-figure profilers seed exactly the same data.
 */
import type { DemoDatasetInput } from '../src/services'

/** A landscape kitchen tablet (1024×768, touch, 2× pixels). */
export const TABLET = {
  viewport: { width: 1024, height: 768 },
  hasTouch: true,
  isMobile: true,
  deviceScaleFactor: 2,
} as const

/** The per-event shape of S and L: 40 targets, 300 assignments and 25 runs (5,000 runs in L). */
export const EVENT_SHAPE = {
  recipes: 38,
  targetsPerEvent: 40,
  recipients: 100,
  assignmentsPerEvent: 300,
  runsPerEvent: 25,
}

/** L (or a smaller L with `events`), seeded as the bench seeds it, around `today`. */
export function datasetL(today: string, events = 200): DemoDatasetInput {
  return { seed: 11, today, events, ...EVENT_SHAPE }
}
