/**
 * Figures of a load run: latency percentiles (nearest rank) per request kind and the plain-text
 * tables `npm run load` prints. The printed tables are Markdown, so they paste into the docs as
 * they are.
 */
import type { RequestSample } from '../testing/sim-device'

export type LatencyFigures = {
  requests: number
  errors: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** The nearest-rank percentile `p` (0–100) of ascending `sorted`; 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1] ?? 0
}

const round1 = (value: number) => Math.round(value * 10) / 10

/** Latency of the successful requests among `samples`, and the number that failed. */
export function latencyFigures(samples: readonly RequestSample[]): LatencyFigures {
  const ok = samples
    .filter((sample) => sample.ok)
    .map((sample) => sample.ms)
    .sort((a, b) => a - b)
  const total = ok.reduce((sum, ms) => sum + ms, 0)
  return {
    requests: samples.length,
    errors: samples.length - ok.length,
    p50: round1(percentile(ok, 50)),
    p95: round1(percentile(ok, 95)),
    p99: round1(percentile(ok, 99)),
    max: round1(ok[ok.length - 1] ?? 0),
    mean: round1(ok.length ? total / ok.length : 0),
  }
}

/** A Markdown table with right-aligned columns after the first. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: readonly string[]) =>
    `| ${cells
      .map((cell, column) => {
        const width = widths[column] ?? 0
        return column === 0 ? cell.padEnd(width) : cell.padStart(width)
      })
      .join(' | ')} |`
  const rule = `|${widths.map((width, column) => (column === 0 ? `${'-'.repeat(width + 2)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`
  return [line(header), rule, ...rows.map(line)].join('\n')
}
