/**
 * What the load test compares to decide that devices converged: a replica folds changes into a
 * per-row compacted set with the app's own merge code (`compactChanges`, then `mergeRow`), so its
 * memory stays bounded however long the log grows, and keeps an order-independent digest of the
 * change ids it has seen. Two replicas that saw the same set of changes have equal `count`,
 * `digest` and `state()`, whatever the order and pages they saw them in.
 */
import { type ChangeRecord, compactChanges, mergeRow } from '../../src/sync/wire'

const FNV_OFFSET = 0xcbf29ce484222325n
const FNV_PRIME = 0x100000001b3n
const MASK_64 = (1n << 64n) - 1n

/** 64-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET
  for (let index = 0; index < text.length; index += 1) {
    hash ^= BigInt(text.charCodeAt(index))
    hash = (hash * FNV_PRIME) & MASK_64
  }
  return hash
}

export class Replica {
  /** Changes folded in, counting a re-delivered one again (the digest would differ too). */
  count = 0
  /** Sum of the ids' hashes modulo 2^64: equal for equal multisets of ids, in any order. */
  digest = 0n
  private readonly rows = new Map<string, ChangeRecord[]>()

  /** Folds a page of changes in. */
  apply(changes: readonly ChangeRecord[]): void {
    const touched = new Map<string, ChangeRecord[]>()
    for (const change of changes) {
      this.count += 1
      this.digest = (this.digest + fnv1a64(change.id)) & MASK_64
      const key = `${change.table}\u0000${change.rowId}`
      const list = touched.get(key) ?? this.rows.get(key)?.slice() ?? []
      list.push(change)
      touched.set(key, list)
    }
    for (const [key, list] of touched) this.rows.set(key, compactChanges(list))
  }

  /** The merged rows, canonical (rows and fields sorted) so equal states give equal strings. */
  state(): string {
    const rows = [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, changes]) => {
        const first = changes[0]
        const merged = first ? mergeRow(first.table, changes) : {}
        const fields = Object.keys(merged)
          .sort()
          .map((field) => [field, merged[field]])
        return [key, fields]
      })
    return JSON.stringify(rows)
  }
}
