/**
 * Which cook's action a change belongs to: every change written in one transaction (one
 * `runAction`) shares an action id, the id of its first change, so the sync chip can count
 * waiting actions ("1 waiting" for a delivery that wrote three rows) instead of change records.
 */
import type { Transaction } from 'dexie'

const actions = new WeakMap<Transaction, string>()

/** The action id of transaction `tx`; the first change written in it names the action. */
export function actionIdFor(tx: Transaction, changeId: string): string {
  const existing = actions.get(tx)
  if (existing !== undefined) return existing
  actions.set(tx, changeId)
  return changeId
}
