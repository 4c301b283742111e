/**
 * Test builders: insert schema-valid rows through `mutate` with sensible defaults, bypassing the
 * services' validation, so read-side tests can set up any state (including dangling or deleted
 * references) in a line. Deterministic: names default from a per-call counter, never random.
 */
import { insert, softDelete } from '../db/mutate'
import { pairId } from '../db/ids'
import type { Tx } from '../db/tx'
import { writes } from '../transactions/declared-tables'
import type {
  AssemblyRun,
  AssemblyTarget,
  Assignment,
  Event,
  FinishedGood,
  FinishedUnit,
  Ingredient,
  Package,
  ProductionRun,
  ProductionTarget,
  Recipe,
  Recipient,
} from '../db/schema'

let sequence = 0
const next = (prefix: string) => `${prefix} ${++sequence}`

type Meta = 'createdAt' | 'updatedAt' | 'deletedAt'
type Overrides<T> = Partial<Omit<T, Meta>>

export function buildIngredient(
  tx: Tx,
  overrides: Overrides<Ingredient> = {},
): Promise<Ingredient> {
  return insert(tx, 'ingredients', {
    name: next('Ingredient'),
    unit: 'g',
    unitCost: 0,
    density: null,
    ...overrides,
  })
}
buildIngredient.tables = writes('ingredients')

export function buildRecipe(tx: Tx, overrides: Overrides<Recipe> = {}): Promise<Recipe> {
  return insert(tx, 'recipes', { name: next('Recipe'), ingredients: [], notes: '', ...overrides })
}
buildRecipe.tables = writes('recipes')

export function buildFinishedUnit(
  tx: Tx,
  overrides: Overrides<FinishedUnit> & { recipeId: string },
): Promise<FinishedUnit> {
  return insert(tx, 'finishedUnits', {
    name: next('Unit'),
    itemsPerBatch: 12,
    itemUnit: 'cookie',
    ...overrides,
  })
}
buildFinishedUnit.tables = writes('finishedUnits')

export function buildFinishedGood(
  tx: Tx,
  overrides: Overrides<FinishedGood> = {},
): Promise<FinishedGood> {
  return insert(tx, 'finishedGoods', { name: next('Good'), components: [], ...overrides })
}
buildFinishedGood.tables = writes('finishedGoods')

export function buildPackage(tx: Tx, overrides: Overrides<Package> = {}): Promise<Package> {
  return insert(tx, 'packages', { name: next('Package'), contents: [], notes: '', ...overrides })
}
buildPackage.tables = writes('packages')

export function buildRecipient(tx: Tx, overrides: Overrides<Recipient> = {}): Promise<Recipient> {
  return insert(tx, 'recipients', {
    name: next('Recipient'),
    household: '',
    address: '',
    notes: '',
    ...overrides,
  })
}
buildRecipient.tables = writes('recipients')

/** The fields of `count` new recipients, "Recipient 0"…, for a bulk write (`insertMany`). */
export function recipientRows(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    name: `Recipient ${index}`,
    household: '',
    address: '',
    notes: '',
  }))
}

export function buildEvent(tx: Tx, overrides: Overrides<Event> = {}): Promise<Event> {
  return insert(tx, 'events', { name: next('Event'), date: '2026-12-24', notes: '', ...overrides })
}
buildEvent.tables = writes('events')

export function buildAssignment(
  tx: Tx,
  overrides: Overrides<Assignment> & { eventId: string; recipientId: string; packageId: string },
): Promise<Assignment> {
  return insert(tx, 'assignments', {
    quantity: 1,
    notes: '',
    status: 'pending',
    statusEpoch: 0,
    deliveredTo: null,
    deliveredAt: null,
    ...overrides,
  })
}
buildAssignment.tables = writes('assignments')

export function buildProductionTarget(
  tx: Tx,
  overrides: Overrides<ProductionTarget> & { eventId: string; recipeId: string },
): Promise<ProductionTarget> {
  return insert(tx, 'productionTargets', {
    id: pairId('productionTarget', overrides.eventId, overrides.recipeId),
    targetBatches: 1,
    notes: '',
    ...overrides,
  })
}
buildProductionTarget.tables = writes('productionTargets')

export function buildAssemblyTarget(
  tx: Tx,
  overrides: Overrides<AssemblyTarget> & { eventId: string; finishedGoodId: string },
): Promise<AssemblyTarget> {
  return insert(tx, 'assemblyTargets', {
    id: pairId('assemblyTarget', overrides.eventId, overrides.finishedGoodId),
    targetQuantity: 1,
    notes: '',
    ...overrides,
  })
}
buildAssemblyTarget.tables = writes('assemblyTargets')

export function buildProductionRun(
  tx: Tx,
  overrides: Overrides<ProductionRun> & { recipeId: string; finishedUnitId: string },
): Promise<ProductionRun> {
  const batches = overrides.batches ?? 1
  const expectedYield = overrides.expectedYield ?? batches * 12
  const actualYield = overrides.actualYield ?? expectedYield
  return insert(tx, 'productionRuns', {
    eventId: null,
    lossReason: null,
    producedAt: '2026-12-01T10:00:00.000Z',
    totalCost: 0,
    notes: '',
    ...overrides,
    batches,
    expectedYield,
    actualYield,
    lossQuantity: overrides.lossQuantity ?? expectedYield - actualYield,
  })
}
buildProductionRun.tables = writes('productionRuns')

export function buildAssemblyRun(
  tx: Tx,
  overrides: Overrides<AssemblyRun> & { finishedGoodId: string },
): Promise<AssemblyRun> {
  return insert(tx, 'assemblyRuns', {
    eventId: null,
    quantity: 1,
    assembledAt: '2026-12-02T10:00:00.000Z',
    totalCost: 0,
    notes: '',
    ...overrides,
  })
}
buildAssemblyRun.tables = writes('assemblyRuns')

/** Soft-delete any built row (e.g. to test that deleted rows are ignored). */
export { softDelete }
