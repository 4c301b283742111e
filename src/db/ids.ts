/**
 * The only place ids are made. `newId()` is a UUID v7: time-sortable and unique across devices
 * that create rows offline at the same time. `pairId` is deterministic for rows the domain makes
 * unique per pair, so two devices that set the same target write the same row (DESIGN §2).
 */
import { uuidv7 } from 'uuidv7'

export function newId(): string {
  return uuidv7()
}

export type PairKind = 'productionTarget' | 'assemblyTarget'

const PAIR_PREFIX: Record<PairKind, string> = {
  productionTarget: 'pt',
  assemblyTarget: 'at',
}

export function pairId(kind: PairKind, a: string, b: string): string {
  return `${PAIR_PREFIX[kind]}:${a}:${b}`
}
