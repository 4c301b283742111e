/**
 * An oracle for the sync simulation that is NOT the code under test: it never imports the merge
 * code (src/crdt, db/merge-policy) and restates DESIGN §3 plainly. From the server's recorded
 * history it computes what each row must be: ordinary fields are the latest write by clock, and a
 * package status follows the correction rule (a correction undoes exactly the step it saw; it is
 * void when the package had been moved further in what it corrected). It also checks, without the
 * fold, that a lost forward step is explained by a correction that saw it or by a stale one.
 */
import { PACKAGE_STATUSES } from '../db/schema/package-workflow'

export type LoggedChange = {
  id: string
  table: string
  rowId: string
  fields: Record<string, unknown>
  hlc: string
}

const STATUS_FIELDS = ['status', 'statusEpoch', 'statusLineage', 'deliveredTo', 'deliveredAt']

/** A status write read plainly: where it was made and whether it is a correction. */
type StatusStep = {
  change: LoggedChange
  rank: number
  /** The epoch it was written in; for a correction, the epoch it opened. */
  epoch: string
  correction: boolean
  /** For a correction: the epoch it was made in and the rank it saw there. */
  madeIn: string
  sawRank: number
}

function isLater(a: LoggedChange, b: LoggedChange): boolean {
  return a.hlc > b.hlc || (a.hlc === b.hlc && a.id > b.id)
}

function readStep(change: LoggedChange): StatusStep {
  const rank = PACKAGE_STATUSES.indexOf(change.fields.status as (typeof PACKAGE_STATUSES)[number])
  if (rank < 0) throw new Error(`oracle: unknown status in change ${change.id}`)
  const lineage = change.fields.statusLineage
  if (typeof lineage !== 'string') {
    // The simulation's older app version writes no status; only the first insert has no lineage.
    if (change.fields.statusEpoch !== 0) throw new Error(`oracle: legacy status in ${change.id}`)
    return { change, rank, epoch: '', correction: false, madeIn: '', sawRank: rank }
  }
  const segments = lineage === '' ? [] : lineage.split('.')
  const last = Number(segments[segments.length - 1])
  const correction = segments.length > 0 && rank === last - 1
  return {
    change,
    rank,
    epoch: lineage,
    correction,
    madeIn: correction ? segments.slice(0, -1).join('.') : lineage,
    sawRank: correction ? last : rank,
  }
}

export type StatusVerdict = {
  status: string
  lineage: string
  deliveredTo: unknown
  deliveredAt: unknown
  /** Ids of corrections with no effect. */
  voidCorrections: string[]
  /** Epochs opened, root first. */
  path: string[]
}

/** What DESIGN §3 says a package's status is after these writes (null: no status yet). */
export function referenceStatus(changes: readonly LoggedChange[]): StatusVerdict | null {
  const steps = changes.filter((change) => 'status' in change.fields).map(readStep)
  if (steps.length === 0) return null
  let here = ''
  let startRank = 0
  const path = ['']
  for (;;) {
    const forward = steps.filter((step) => !step.correction && step.epoch === here)
    const reached = Math.max(startRank, ...forward.map((step) => step.rank))
    // A correction made in this epoch counts only if nothing here went beyond what it saw.
    const fair = steps.filter(
      (step) => step.correction && step.madeIn === here && step.sawRank >= reached,
    )
    if (fair.length > 0) {
      // Corrections of the same step open the same epoch; the one that saw furthest goes first.
      const best = fair.reduce((a, b) => (b.sawRank > a.sawRank ? b : a))
      here = best.epoch
      startRank = best.sawRank - 1
      path.push(here)
      continue
    }
    const atEnd = [
      ...forward.filter((step) => step.rank === reached),
      ...steps.filter((step) => step.correction && step.epoch === here && step.rank === reached),
    ]
    let winner: StatusStep | undefined
    for (const step of atEnd) if (!winner || isLater(step.change, winner.change)) winner = step
    if (!winner) return null
    return {
      status: PACKAGE_STATUSES[reached] ?? '?',
      lineage: here,
      deliveredTo: winner.change.fields.deliveredTo,
      deliveredAt: winner.change.fields.deliveredAt,
      voidCorrections: steps
        .filter((step) => step.correction && !path.includes(step.epoch))
        .map((step) => step.change.id),
      path,
    }
  }
}

function isWithin(epoch: string, ancestor: string): boolean {
  return ancestor === '' || epoch === ancestor || epoch.startsWith(`${ancestor}.`)
}

/**
 * Forward steps that a final (lineage, status) lost without an excuse. A step is kept when the
 * final lineage is its epoch at its rank or above, or descends from a correction of a rank at or
 * above it (a correction that saw it). A step in an epoch off the final lineage is excused only if
 * a correction on its way there was stale: its epoch had a step beyond what it saw.
 */
export function unexplainedLostSteps(
  changes: readonly LoggedChange[],
  final: { lineage: string; status: string },
): string[] {
  const steps = changes.filter((change) => 'status' in change.fields).map(readStep)
  const finalRank = PACKAGE_STATUSES.indexOf(final.status as (typeof PACKAGE_STATUSES)[number])
  const stale = (correction: StatusStep) =>
    steps.some(
      (step) =>
        !step.correction && step.epoch === correction.madeIn && step.rank > correction.sawRank,
    )
  const lost: string[] = []
  for (const step of steps) {
    if (step.correction) continue
    const kept =
      (final.lineage === step.epoch && finalRank >= step.rank) ||
      steps.some(
        (other) =>
          other.correction &&
          other.madeIn === step.epoch &&
          other.sawRank >= step.rank &&
          isWithin(final.lineage, other.epoch),
      )
    if (kept) continue
    const offLineage = !isWithin(final.lineage, step.epoch)
    const excused =
      offLineage &&
      steps.some((other) => other.correction && isWithin(step.epoch, other.epoch) && stale(other))
    if (!excused) lost.push(step.change.id)
  }
  return lost
}

/**
 * Per field that is not part of the status: the value of the latest write by clock (then id),
 * among `changes` of one row.
 */
export function latestWrites(changes: readonly LoggedChange[]): Map<string, unknown> {
  const latest = new Map<string, LoggedChange>()
  for (const change of changes) {
    for (const field of Object.keys(change.fields)) {
      if (STATUS_FIELDS.includes(field) && change.table === 'assignments') continue
      const held = latest.get(field)
      if (!held || isLater(change, held)) latest.set(field, change)
    }
  }
  return new Map([...latest].map(([field, change]) => [field, change.fields[field]]))
}
