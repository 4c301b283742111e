/**
 * Deterministic test data for the server's tests: valid change records (ingredient edits with
 * fixed HLCs) and a tiny seeded PRNG (mulberry32) for fuzzing. No Math.random, no wall clock.
 */
import type { ChangeRecord } from '../../src/sync/wire'
import { formatHlc } from '../../src/crdt/hlc'

/** A valid ingredient change number `n`: `rowId` cycles over `rows` rows so compaction has work. */
export function makeChange(
  n: number,
  overrides: Partial<ChangeRecord> = {},
  rows = 10,
): ChangeRecord {
  const deviceId = overrides.deviceId ?? 'device-a'
  return {
    id: `change-${String(n).padStart(6, '0')}-${deviceId}`,
    table: 'ingredients',
    rowId: `ingredient-${n % rows}`,
    fields: { name: `Flour ${n}`, unitCost: n * 10 },
    hlc: formatHlc({ wall: 1_795_000_000_000 + n, counter: 0, node: deviceId }),
    deviceId,
    ...overrides,
  }
}

export function makeChanges(from: number, count: number, deviceId = 'device-a'): ChangeRecord[] {
  return Array.from({ length: count }, (_, index) => makeChange(from + index, { deviceId }))
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
