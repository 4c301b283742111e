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

/**
 * `count` seeded changes over rows of several kinds (issue 18's current rows): ingredients and
 * events (global), assignments with status register writes, targets and runs of one of three
 * events (or of none), and status changes of an assignment; three devices, stamps out of order.
 * `from` offsets the ids, so later batches continue a space.
 */
export function makeMixedChanges(seed: number, from: number, count: number): ChangeRecord[] {
  const random = seededRng(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const events = ['event-a', 'event-b', 'event-c']
  const statuses = ['pending', 'assembled', 'delivered'] as const
  return Array.from({ length: count }, (_, index) => {
    const n = from + index
    const deviceId = pick(['device-a', 'device-b', 'device-c'])
    const wall = 1_795_000_000_000 + n * 10 + Math.floor(random() * 40) - 20
    const base = {
      id: `mixed-${String(n).padStart(6, '0')}-${deviceId}`,
      hlc: formatHlc({ wall, counter: 0, node: deviceId }),
      deviceId,
    }
    const roll = random()
    if (roll < 0.2)
      return {
        ...base,
        table: 'ingredients',
        rowId: `ingredient-${n % 7}`,
        fields: { name: `Flour ${n}`, unitCost: n },
      }
    if (roll < 0.3)
      return {
        ...base,
        table: 'events',
        rowId: pick(events),
        fields: { name: `Event ${n}`, date: '2026-12-24' },
      }
    if (roll < 0.6) {
      const assignment = Math.floor(random() * 6)
      return {
        ...base,
        table: 'assignments',
        rowId: `assignment-${assignment}`,
        // As the app writes them: every write names the assignment's event.
        fields:
          random() < 0.5
            ? { eventId: events[assignment % 3], notes: `note ${n}` }
            : {
                eventId: events[assignment % 3],
                status: pick(statuses),
                statusEpoch: Math.floor(random() * 2),
              },
      }
    }
    if (roll < 0.75)
      return {
        ...base,
        table: 'statusChanges',
        rowId: `status-change-${n}`,
        fields: { assignmentId: `assignment-${Math.floor(random() * 6)}`, to: pick(statuses) },
      }
    if (roll < 0.85)
      return {
        ...base,
        table: 'productionTargets',
        rowId: `target-${n % 5}`,
        fields: { eventId: events[(n % 5) % 3], targetBatches: 1 + (n % 9) },
      }
    return {
      ...base,
      table: 'productionRuns',
      rowId: `run-${n}`,
      fields: { eventId: random() < 0.2 ? null : pick(events), batches: 1 + (n % 3) },
    }
  })
}
