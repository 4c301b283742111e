/**
 * Statistics and the printed table of `npm run bench`. A figure keeps its raw samples; the summary
 * gives median and p95 (nearest rank) and says whether the goal is met on the statistic the goal
 * names. Goals are reported, never asserted.
 */
import type { ReadName, RequestCounts } from './bench-page'

/** The flags playwright.config.ts gives Debian's Chromium (no network reaching on this machine). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

export type Goal = { max: number; on?: 'median' | 'p95' } | { min: number; on?: 'median' | 'p95' }

export type Figure = {
  figure: string
  dataset: string
  unit: string
  samples: number[]
  goal: Goal | null
  detail?: Record<string, unknown>
  /** The same IndexedDB work done by plain Dexie with no app code, timed in the same run. */
  floor?: { what: string; samples: number[] }
}

export type FigureSummary = Omit<Figure, 'samples' | 'floor'> & {
  floor?: { what: string; median: number; p95: number; samples: number[] }
  /** app ÷ floor on the statistic the goal names (median unless p95). */
  ratio?: number
  runs: number
  median: number
  p95: number
  min: number
  max: number
  met: boolean | null
  samples: number[]
}

/** The `fraction` quantile by nearest rank (p95 of 20 samples is the 19th smallest). */
export function quantile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil(fraction * sorted.length))
  return sorted[rank - 1] ?? Number.NaN
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const round = (value: number) => Math.round(value * 10) / 10

export function summarize(figure: Figure): FigureSummary {
  const { floor: _floor, ...rest } = figure
  const summary = {
    ...rest,
    runs: figure.samples.length,
    median: round(median(figure.samples)),
    p95: round(quantile(figure.samples, 0.95)),
    min: round(Math.min(...figure.samples)),
    max: round(Math.max(...figure.samples)),
    samples: figure.samples.map(round),
  }
  const goal = figure.goal
  const floorSamples = figure.floor?.samples ?? []
  const floor = figure.floor && {
    what: figure.floor.what,
    median: round(median(floorSamples)),
    p95: round(quantile(floorSamples, 0.95)),
    samples: floorSamples.map(round),
  }
  const onP95 = goal?.on === 'p95'
  const withFloor = floor
    ? {
        ...summary,
        floor,
        ratio: round(
          (onP95 ? summary.p95 : summary.median) / Math.max(onP95 ? floor.p95 : floor.median, 0.1),
        ),
      }
    : summary
  if (!goal) return { ...withFloor, met: null }
  const value = onP95 ? summary.p95 : summary.median
  return { ...withFloor, met: 'max' in goal ? value <= goal.max : value >= goal.min }
}

function goalText(goal: Goal | null, unit: string): string {
  if (!goal) return '—'
  const on = goal.on === 'p95' ? 'p95' : 'median'
  return 'max' in goal ? `${on} ≤ ${goal.max} ${unit}` : `${on} ≥ ${goal.min} ${unit}`
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n')
}

const number = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 1 })

export function formatTable(
  machine: Record<string, unknown>,
  figures: FigureSummary[],
  requestCounts: Record<string, Record<ReadName, RequestCounts>>,
  seeding: Record<string, { ms: number; changes: number }>,
  totalSeconds: number,
): string {
  const machineLine = Object.entries(machine)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(' · ')
  const figureTable = table(
    ['figure', 'dataset', 'runs', 'median', 'p95', 'goal', 'met?', 'app ÷ floor'],
    figures.flatMap((figure) => [
      [
        figure.figure,
        figure.dataset,
        String(figure.runs),
        `${number(figure.median)} ${figure.unit}`,
        `${number(figure.p95)} ${figure.unit}`,
        goalText(figure.goal, figure.unit),
        figure.met === null ? '—' : figure.met ? 'yes' : 'NO',
        figure.ratio === undefined ? '—' : `${number(figure.ratio)}×`,
      ],
      ...(figure.floor
        ? [
            [
              `  floor: ${figure.floor.what}`,
              figure.dataset,
              String(figure.floor.samples.length),
              `${number(figure.floor.median)} ${figure.unit}`,
              `${number(figure.floor.p95)} ${figure.unit}`,
              '—',
              '—',
              '—',
            ],
          ]
        : []),
    ]),
  )
  const sizes = Object.keys(requestCounts)
  const reads = [
    ...new Set(Object.values(requestCounts).flatMap((counts) => Object.keys(counts))),
  ] as ReadName[]
  const countTable = table(
    ['IndexedDB requests per call', ...sizes],
    reads.map((read) => [
      read,
      ...sizes.map((size) => String(requestCounts[size]?.[read]?.total ?? '—')),
    ]),
  )
  const seedTable = table(
    ['dataset seeded (one action)', 'changes', 'seconds'],
    Object.entries(seeding).map(([name, seeded]) => [
      name,
      number(seeded.changes),
      number(seeded.ms / 1000),
    ]),
  )
  return `\n${machineLine}\n\n${figureTable}\n\n${countTable}\n\n${seedTable}\n\nbench run time: ${totalSeconds} s\n`
}
