/**
 * The correction-aware workflow register of DESIGN §3, generic over ranks (0, 1, 2, … in workflow
 * order): forward steps only raise it, and a correction undoes exactly the step it saw. A position
 * is (epoch id, rank). The root epoch is `""`; a correction made while seeing (E, r) opens epoch
 * `E.r` (e.g. `"2"`, then `"2.1"`) at rank r − 1, so two tablets correcting the same step open the
 * SAME epoch and undo it once. The state is a small set of entries keyed by (epoch, kind, rank),
 * each keeping its greatest-clock write; merging is a union, so the value depends only on the set
 * of writes (commutative, associative, idempotent).
 *
 * Fold: start in the root at rank 0. In epoch E let M = max(start, ranks of forward steps in E).
 * A correction from (E, r) is valid iff r ≥ M (nothing in E moved beyond what it saw); the valid
 * one from the greatest r opens the next epoch. With none, the value is (E, M), and every write in
 * an epoch that was never opened is void (a stale correction, and any step made after it).
 *
 * Writes of app versions that knew only a numeric epoch n (no epoch id) are "legacy": n = 0 is a
 * forward step in the root; n ≥ 1 lies in epoch `~n`, opened from the next lower legacy epoch
 * present (else the root) by its lowest-rank legacy write r0, read as a correction from rank
 * r0 + 1 (docs/decisions.md).
 */

export const ROOT_EPOCH = ''

export type RegisterWriteKind = 'forward' | 'correction' | 'legacy'

/** Where a write sits: `epoch` is the epoch it was written in (a correction: the one it opens). */
export type RegisterPosition = { kind: RegisterWriteKind; epoch: string; rank: number }

/** One write: its position, its clock (`hlc`, then `id` breaks ties) and what it carries. */
export type RegisterWrite<TPayload> = RegisterPosition & {
  hlc: string
  id: string
  payload: TPayload
}

/** The register's state: per (epoch, kind, rank), the write with the greatest clock. */
export type RegisterState<TPayload> = ReadonlyMap<string, RegisterWrite<TPayload>>

export type RegisterValue<TPayload> = {
  epoch: string
  rank: number
  /** The write the value comes from (greatest clock at the final position). */
  winner: RegisterWrite<TPayload> | null
  /** The epochs opened, root first; a write in an epoch off this path is void. */
  path: readonly string[]
}

function entryKey(position: RegisterPosition): string {
  return `${position.epoch}\u0000${position.kind}\u0000${position.rank}`
}

function later(a: { hlc: string; id: string }, b: { hlc: string; id: string }): boolean {
  return a.hlc > b.hlc || (a.hlc === b.hlc && a.id > b.id)
}

export function emptyRegister<TPayload>(): RegisterState<TPayload> {
  return new Map()
}

/** The state with one more write (a no-op when an equal-or-later write holds its key). */
export function applyWrite<TPayload>(
  state: RegisterState<TPayload>,
  write: RegisterWrite<TPayload>,
): RegisterState<TPayload> {
  const key = entryKey(write)
  const held = state.get(key)
  if (held && !later(write, held)) return state
  const next = new Map(state)
  next.set(key, write)
  return next
}

/** The union of two states, keeping the later write per key. */
export function mergeRegisters<TPayload>(
  a: RegisterState<TPayload>,
  b: RegisterState<TPayload>,
): RegisterState<TPayload> {
  let merged = a
  for (const write of b.values()) merged = applyWrite(merged, write)
  return merged
}

export function registerFromWrites<TPayload>(
  writes: Iterable<RegisterWrite<TPayload>>,
): RegisterState<TPayload> {
  const state = new Map<string, RegisterWrite<TPayload>>()
  for (const write of writes) {
    const key = entryKey(write)
    const held = state.get(key)
    if (!held || later(write, held)) state.set(key, write)
  }
  return state
}

/** The epoch a correction made while seeing (epoch, rank) opens. */
export function correctionEpoch(epoch: string, fromRank: number): string {
  return epoch === ROOT_EPOCH ? String(fromRank) : `${epoch}.${fromRank}`
}

/** The epoch id of a legacy numeric epoch (`0` is the root). */
export function legacyEpoch(epochNumber: number): string {
  return epochNumber <= 0 ? ROOT_EPOCH : `~${epochNumber}`
}

/** How many corrections lie on an epoch's lineage: the numeric epoch older app versions read. */
export function epochDepth(epoch: string): number {
  if (epoch === ROOT_EPOCH) return 0
  const segments = epoch.split('.')
  const head = segments[0] ?? ''
  const legacy = head.startsWith('~') ? Number(head.slice(1)) : 1
  return legacy + segments.length - 1
}

/** For a non-legacy epoch `E.r`: its parent E and the rank r the correction was made from. */
function openedFrom(epoch: string): { parent: string; fromRank: number } | null {
  const cut = epoch.lastIndexOf('.')
  const last = cut < 0 ? epoch : epoch.slice(cut + 1)
  if (!/^\d+$/.test(last)) return null
  return { parent: cut < 0 ? ROOT_EPOCH : epoch.slice(0, cut), fromRank: Number(last) }
}

function legacyNumber(epoch: string): number | null {
  return /^~\d+$/.test(epoch) ? Number(epoch.slice(1)) : null
}

type EpochFacts<TPayload> = {
  /** Forward (and, in a legacy epoch, non-opening legacy) writes. */
  forward: RegisterWrite<TPayload>[]
  /** The writes that open this epoch (corrections, or a legacy epoch's lowest-rank writes). */
  opening: RegisterWrite<TPayload>[]
  /** The rank this epoch starts at and the rank its opening correction was made from. */
  start: number
  fromRank: number
  parent: string
}

function collectEpochs<TPayload>(
  state: RegisterState<TPayload>,
): Map<string, EpochFacts<TPayload>> {
  const epochs = new Map<string, EpochFacts<TPayload>>()
  const facts = (epoch: string): EpochFacts<TPayload> => {
    let entry = epochs.get(epoch)
    if (!entry) {
      entry = { forward: [], opening: [], start: 0, fromRank: Number.NaN, parent: ROOT_EPOCH }
      epochs.set(epoch, entry)
    }
    return entry
  }
  const legacyByEpoch = new Map<string, RegisterWrite<TPayload>[]>()
  for (const write of state.values()) {
    if (write.kind === 'forward') facts(write.epoch).forward.push(write)
    else if (write.kind === 'correction') {
      const opened = openedFrom(write.epoch)
      if (!opened) continue
      const entry = facts(write.epoch)
      entry.opening.push(write)
      entry.start = write.rank
      entry.fromRank = opened.fromRank
      entry.parent = opened.parent
    } else if (write.epoch === ROOT_EPOCH) facts(ROOT_EPOCH).forward.push(write)
    else legacyByEpoch.set(write.epoch, [...(legacyByEpoch.get(write.epoch) ?? []), write])
  }
  // A legacy epoch's parent is the next lower legacy epoch present (a snapshot compacted by an
  // older version kept only the winning write, so the epochs below it may be missing).
  const legacy = [...legacyByEpoch]
    .map(([epoch, writes]) => ({ epoch, writes, number: legacyNumber(epoch) }))
    .filter((item): item is typeof item & { number: number } => item.number !== null)
    .sort((a, b) => a.number - b.number)
  let parent = ROOT_EPOCH
  for (const { epoch, writes } of legacy) {
    const start = Math.min(...writes.map((write) => write.rank))
    const entry = facts(epoch)
    entry.start = start
    entry.fromRank = start + 1
    entry.parent = parent
    for (const write of writes) (write.rank === start ? entry.opening : entry.forward).push(write)
    parent = epoch
  }
  return epochs
}

/** The register's value: its position, the write it comes from, and the path of epochs opened. */
export function registerValue<TPayload>(state: RegisterState<TPayload>): RegisterValue<TPayload> {
  const epochs = collectEpochs(state)
  const children = new Map<string, string[]>()
  for (const [epoch, entry] of epochs) {
    if (epoch === ROOT_EPOCH || entry.opening.length === 0) continue
    children.set(entry.parent, [...(children.get(entry.parent) ?? []), epoch])
  }
  const path = [ROOT_EPOCH]
  let epoch = ROOT_EPOCH
  let start = 0
  // Each step opens a new epoch from the state's finite set, so this ends.
  for (;;) {
    const entry = epochs.get(epoch)
    let top = start
    for (const write of entry?.forward ?? []) top = Math.max(top, write.rank)
    let chosen: { epoch: string; fromRank: number; start: number } | null = null
    for (const child of children.get(epoch) ?? []) {
      const facts = epochs.get(child)
      if (!facts || facts.fromRank < top) continue
      if (
        !chosen ||
        facts.fromRank > chosen.fromRank ||
        (facts.fromRank === chosen.fromRank && child > chosen.epoch)
      )
        chosen = { epoch: child, fromRank: facts.fromRank, start: facts.start }
    }
    if (chosen) {
      epoch = chosen.epoch
      start = chosen.start
      path.push(epoch)
      continue
    }
    let winner: RegisterWrite<TPayload> | null = null
    const candidates = [
      ...(entry?.forward ?? []),
      ...(top === start ? (entry?.opening ?? []) : []),
    ].filter((write) => write.rank === top)
    for (const write of candidates) if (!winner || later(write, winner)) winner = write
    return { epoch, rank: top, winner, path }
  }
}

/**
 * Whether a write has no effect on the value: it lies in an epoch that was never opened (a stale
 * correction, or a step made after one). A correction that was later undone is not void.
 */
export function isVoidWrite(value: RegisterValue<unknown>, position: RegisterPosition): boolean {
  return !value.path.includes(position.epoch)
}

/**
 * The position of a write made in `epoch` at `rank` by a version that records epoch ids: a write
 * at the rank its epoch was opened at is the opening correction, any other is a forward step.
 */
export function positionOf(epoch: string, rank: number): RegisterPosition {
  const opened = epoch === ROOT_EPOCH ? null : openedFrom(epoch)
  return opened && rank === opened.fromRank - 1
    ? { kind: 'correction', epoch, rank }
    : { kind: 'forward', epoch, rank }
}
