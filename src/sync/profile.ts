/**
 * An opt-in profiler for the sync engine's stages (the bench sets one; the app never does, so
 * nothing is recorded or kept in a running app). `timed` reports a span's name, start and end
 * (`performance.now()`) to the sink when one is set.
 */

export type ProfileSink = (name: string, start: number, end: number, detail?: number) => void

let sink: ProfileSink | null = null

/** Set (or clear, with null) where spans go. */
export function setSyncProfiler(next: ProfileSink | null): void {
  sink = next
}

/** Report a span that started at `start` and ends now (nothing when no profiler is set). */
export function span(name: string, start: number, detail?: number): void {
  if (sink) sink(name, start, performance.now(), detail)
}
