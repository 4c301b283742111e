/**
 * Schema-valid rows in every domain table (plus their change-log records), for tests that must
 * prove nothing is lost: schema upgrades, backup round-trips.
 */
import { insert } from '../db/mutate'
import type { Tx } from '../db/tx'
import {
  buildAssemblyRun,
  buildAssemblyTarget,
  buildAssignment,
  buildEvent,
  buildFinishedGood,
  buildFinishedUnit,
  buildIngredient,
  buildPackage,
  buildProductionRun,
  buildProductionTarget,
  buildRecipe,
  buildRecipient,
} from './builders'

export type SeededIds = { eventId: string; assignmentIds: string[] }

export async function seedEveryTable(tx: Tx): Promise<SeededIds> {
  const flour = await buildIngredient(tx, { name: 'Flour', unitCost: 2_000, allergens: ['gluten'] })
  const recipe = await buildRecipe(tx, {
    name: 'Shortbread',
    ingredients: [{ ingredientId: flour.id, quantity: 500, unit: 'g' }],
  })
  const unit = await buildFinishedUnit(tx, { recipeId: recipe.id, name: 'Shortbread finger' })
  const good = await buildFinishedGood(tx, {
    name: 'Tin of six',
    components: [{ kind: 'unit', id: unit.id, quantity: 6 }],
  })
  const box = await buildPackage(tx, {
    name: 'Gift box',
    contents: [{ finishedGoodId: good.id, quantity: 1 }],
  })
  const granny = await buildRecipient(tx, {
    name: 'Granny Smith',
    route: 'North',
    routeOrder: 1,
    exclusions: ['peanuts'],
  })
  const neighbour = await buildRecipient(tx, { name: 'Next door' })
  const event = await buildEvent(tx, { name: 'Christmas 2026', date: '2026-12-24' })
  const pending = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: granny.id,
    packageId: box.id,
  })
  const delivered = await buildAssignment(tx, {
    eventId: event.id,
    recipientId: neighbour.id,
    packageId: box.id,
    status: 'delivered',
    statusEpoch: 0,
    deliveredTo: 'Next door',
    deliveredAt: '2026-12-23T15:00:00.000Z',
  })
  await buildProductionTarget(tx, { eventId: event.id, recipeId: recipe.id, targetBatches: 2 })
  await buildAssemblyTarget(tx, { eventId: event.id, finishedGoodId: good.id, targetQuantity: 2 })
  await buildProductionRun(tx, {
    eventId: event.id,
    recipeId: recipe.id,
    finishedUnitId: unit.id,
    batches: 2,
  })
  await buildAssemblyRun(tx, { eventId: event.id, finishedGoodId: good.id, quantity: 2 })
  await insert(tx, 'statusChanges', {
    assignmentId: delivered.id,
    from: 'pending',
    to: 'delivered',
    epoch: 0,
    at: '2026-12-23T15:00:00.000Z',
    deviceId: 'device-test',
  })
  return { eventId: event.id, assignmentIds: [pending.id, delivered.id] }
}
