/**
 * Targets from needs: one call sets an event's baking targets to the batches its packages need
 * and its assembly targets to the finished goods they need (nested goods included). The rule
 * lives here, not in a click handler, so the Plan screen and the demo data agree. Only targets
 * that differ from the need are written; targets nothing needs are left alone.
 */
import { idSchema } from '../db/schema'
import type { Tx } from '../db/tx'
import { getAssemblyNeeds, getRecipeNeeds } from './needs'
import {
  listAssemblyTargets,
  listProductionTargets,
  setAssemblyTarget,
  setProductionTarget,
} from './targets'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export type AdoptedTargets = {
  /** Baking targets created or changed. */
  productionTargetsSet: number
  /** Assembly targets created or changed. */
  assemblyTargetsSet: number
}

/**
 * Set every recipe's production target to the batches the event's packages need
 * (getRecipeNeeds), where it differs. @returns how many targets were written.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, catalogue tables (read); productionTargets.
 * Offline: each target is a last-writer-wins upsert on its pair id (setProductionTarget).
 */
export async function adoptProductionNeedsAsTargets(tx: Tx, eventId: string): Promise<number> {
  const id = parseInput(idSchema, eventId)
  const [needs, targets] = await Promise.all([
    getRecipeNeeds(tx, id),
    listProductionTargets(tx, id),
  ])
  const current = new Map(targets.map((target) => [target.recipeId, target.targetBatches]))
  let written = 0
  for (const need of needs) {
    if (need.batchesNeeded < 1 || current.get(need.recipeId) === need.batchesNeeded) continue
    await setProductionTarget(tx, {
      eventId: id,
      recipeId: need.recipeId,
      targetBatches: need.batchesNeeded,
    })
    written += 1
  }
  return written
}
adoptProductionNeedsAsTargets.tables = tablesOf(
  getRecipeNeeds,
  listProductionTargets,
  setProductionTarget,
)

/**
 * Set every finished good's assembly target to the quantity the event's packages need,
 * counting goods nested in other goods (getAssemblyNeeds), where it differs.
 * @returns how many targets were written.
 * @throws ValidationError for a malformed id; NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, catalogue tables (read); assemblyTargets.
 * Offline: each target is a last-writer-wins upsert on its pair id (setAssemblyTarget).
 */
export async function adoptAssemblyNeedsAsTargets(tx: Tx, eventId: string): Promise<number> {
  const id = parseInput(idSchema, eventId)
  const [needs, targets, goods] = await Promise.all([
    getAssemblyNeeds(tx, id),
    listAssemblyTargets(tx, id),
    tx.finishedGoods.toArray(),
  ])
  const live = new Set(goods.filter((good) => good.deletedAt === null).map((good) => good.id))
  const current = new Map(targets.map((target) => [target.finishedGoodId, target.targetQuantity]))
  let written = 0
  for (const need of needs) {
    // A good deleted since a package used it can take no target; its package still shows it.
    if (!live.has(need.finishedGoodId)) continue
    if (current.get(need.finishedGoodId) === need.quantityNeeded) continue
    await setAssemblyTarget(tx, {
      eventId: id,
      finishedGoodId: need.finishedGoodId,
      targetQuantity: need.quantityNeeded,
    })
    written += 1
  }
  return written
}
adoptAssemblyNeedsAsTargets.tables = tablesOf(
  getAssemblyNeeds,
  listAssemblyTargets,
  setAssemblyTarget,
  'finishedGoods',
)

/**
 * Both of the above in the caller's one transaction.
 * @throws as adoptProductionNeedsAsTargets and adoptAssemblyNeedsAsTargets.
 * Tables: as both.
 */
export async function adoptNeedsAsTargets(tx: Tx, eventId: string): Promise<AdoptedTargets> {
  const productionTargetsSet = await adoptProductionNeedsAsTargets(tx, eventId)
  const assemblyTargetsSet = await adoptAssemblyNeedsAsTargets(tx, eventId)
  return { productionTargetsSet, assemblyTargetsSet }
}
adoptNeedsAsTargets.tables = tablesOf(adoptAssemblyNeedsAsTargets, adoptProductionNeedsAsTargets)
