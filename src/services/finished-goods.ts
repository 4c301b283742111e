/**
 * Finished goods: bundles ("Cookie tin") of finished units and/or other finished goods (DOMAIN §1,
 * §6). Create, read, list, update and soft-delete. Components name live rows, each at most once,
 * with a positive integer quantity (DOMAIN §9.3); saving a good that would contain itself, directly
 * or through other goods, is refused with `CycleError`. Names are unique among live finished goods
 * (case-insensitive). A good that another live good, a live package or a live assembly target uses
 * cannot be deleted; assembly runs are history and do not block. Costs come from catalogue-model.ts.
 */
import { z } from 'zod'
import {
  type componentSchema,
  finishedGoodSchema,
  idSchema,
  nameSchema,
  type Component,
  type ComponentKind,
  type FinishedGood,
} from '../db/schema'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import {
  CycleError,
  DuplicateNameError,
  InUseError,
  NotFoundError,
  ValidationError,
  type UsedBy,
} from './errors'
import { formatMoney } from './money'
import { sameName, byNameThenId } from './order'
import { parseInput } from './validate'
import { liveRowLoader } from './live-rows'
import { tablesOf, writes } from '../transactions/declared-tables'

export type FinishedGoodComponentDto = {
  kind: ComponentKind
  id: string
  /** The finished unit's or finished good's name. */
  name: string
  quantity: number
}

export type FinishedGoodDto = {
  id: string
  name: string
  components: FinishedGoodComponentDto[]
  /** Current cost of one finished good, two decimals. */
  costPerItem: string
  createdAt: string
  updatedAt: string
}

/** The DTO of a finished good, with component names and cost from a model that includes it. */
export function toFinishedGoodDto(row: FinishedGood, model: CatalogueModel): FinishedGoodDto {
  return {
    id: row.id,
    name: row.name,
    components: row.components.map((component) => ({
      kind: component.kind,
      id: component.id,
      name:
        (component.kind === 'unit'
          ? model.finishedUnits.get(component.id)?.name
          : model.finishedGoods.get(component.id)?.name) ?? '',
      quantity: component.quantity,
    })),
    costPerItem: formatMoney(model.finishedGoodCostPerItem(row.id)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const componentsSchema = finishedGoodSchema.shape.components

export const createFinishedGoodInputSchema = z.strictObject({
  name: nameSchema,
  components: componentsSchema,
})
export type CreateFinishedGoodInput = z.input<typeof createFinishedGoodInputSchema>

export const updateFinishedGoodInputSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  /** Replaces the whole list of components. */
  components: componentsSchema.optional(),
})
export type UpdateFinishedGoodInput = z.input<typeof updateFinishedGoodInputSchema>

export type FinishedGoodComponentInput = z.input<typeof componentSchema>

const finishedGoodIdSchema = idSchema

/** The live finished-good row, or NotFoundError (soft-deleted ones are not found). */
export const loadLiveFinishedGood = liveRowLoader('finishedGoods')

/** @throws DuplicateNameError when another live finished good has this name (case-insensitive). */
function assertNameFree(goods: readonly FinishedGood[], name: string, exceptId?: string): void {
  const namesake = goods.find(
    (row) => row.deletedAt === null && row.id !== exceptId && sameName(row.name, name),
  )
  if (namesake) throw new DuplicateNameError('finishedGood', name, namesake.id)
}

/**
 * Each component appears once and names a live finished unit or finished good.
 * @throws ValidationError (`components.<n>.id`) for a repeated component, NotFoundError.
 */
async function assertComponentsValid(
  tx: Tx,
  components: readonly Component[],
  goods: readonly FinishedGood[],
): Promise<void> {
  const seen = new Set<string>()
  components.forEach((component, index) => {
    const key = `${component.kind}:${component.id}`
    if (seen.has(key)) {
      throw new ValidationError(`components.${index}.id`, [
        {
          path: `components.${index}.id`,
          message: 'This item is already in the list; change its quantity instead',
        },
      ])
    }
    seen.add(key)
  })
  const unitIds = components.filter((c) => c.kind === 'unit').map((c) => c.id)
  const units = await tx.finishedUnits.bulkGet([...new Set(unitIds)])
  const liveUnits = new Set<string>()
  for (const unit of units) if (unit && unit.deletedAt === null) liveUnits.add(unit.id)
  const liveGoods = new Set(goods.filter((good) => good.deletedAt === null).map((good) => good.id))
  for (const component of components) {
    if (component.kind === 'unit' && !liveUnits.has(component.id))
      throw new NotFoundError('finishedUnit', component.id)
    if (component.kind === 'good' && !liveGoods.has(component.id))
      throw new NotFoundError('finishedGood', component.id)
  }
}

/**
 * Refuse components that would make `goodId` contain itself. Walks every stored good (deleted ones
 * too: a live good may still reference one after a sync race), with `goodId`'s components replaced
 * by the candidate list.
 * @throws CycleError with the path of ids from `goodId` back to itself.
 */
function assertNoCycle(
  goodId: string,
  components: readonly Component[],
  goods: readonly FinishedGood[],
): void {
  const childrenOf = new Map<string, string[]>()
  for (const good of goods) {
    childrenOf.set(
      good.id,
      good.components.filter((c) => c.kind === 'good').map((c) => c.id),
    )
  }
  childrenOf.set(
    goodId,
    components.filter((c) => c.kind === 'good').map((c) => c.id),
  )
  const done = new Set<string>()
  const visit = (id: string, path: string[]): void => {
    if (id === goodId && path.length > 0) throw new CycleError([...path, id])
    if (done.has(id)) return
    done.add(id)
    for (const child of childrenOf.get(id) ?? []) visit(child, [...path, id])
  }
  visit(goodId, [])
}

/**
 * Create a finished good.
 * @throws ValidationError for an empty name, a quantity that is not a positive integer
 * (`components.<n>.quantity`) or a repeated component.
 * @throws NotFoundError when a component names a missing or deleted finished unit or good.
 * @throws DuplicateNameError when a live finished good already has this name.
 * Tables: finishedGoods, finishedUnits; the cost reads the catalogue.
 * Offline: a new row with a fresh id; never conflicts.
 */
export async function createFinishedGood(
  tx: Tx,
  input: CreateFinishedGoodInput,
): Promise<FinishedGoodDto> {
  const values = parseInput(createFinishedGoodInputSchema, input)
  const goods = await tx.finishedGoods.toArray()
  assertNameFree(goods, values.name)
  await assertComponentsValid(tx, values.components, goods)
  const row = await insert(tx, 'finishedGoods', {
    name: values.name,
    components: values.components,
  })
  return toFinishedGoodDto(row, await loadCatalogue(tx))
}
createFinishedGood.tables = tablesOf(loadCatalogue, 'finishedUnits', writes('finishedGoods'))

/**
 * The live finished good with this id, with component names and current cost per item.
 * @throws NotFoundError when there is none or it was deleted. Tables: the catalogue.
 */
export async function getFinishedGood(tx: Tx, finishedGoodId: string): Promise<FinishedGoodDto> {
  const id = parseInput(finishedGoodIdSchema, finishedGoodId)
  const model = await loadCatalogue(tx)
  const row = model.finishedGoods.get(id)
  if (!row || row.deletedAt !== null) throw new NotFoundError('finishedGood', id)
  return toFinishedGoodDto(row, model)
}
getFinishedGood.tables = tablesOf(loadCatalogue)

/** Every live finished good, ordered by name. Tables: the catalogue (one read per table). */
export async function listFinishedGoods(tx: Tx): Promise<FinishedGoodDto[]> {
  const model = await loadCatalogue(tx)
  return [...model.finishedGoods.values()]
    .filter((row) => row.deletedAt === null)
    .sort(byNameThenId)
    .map((row) => toFinishedGoodDto(row, model))
}
listFinishedGoods.tables = tablesOf(loadCatalogue)

/**
 * Change a finished good's name or components (only the fields given; `components` replaces the
 * whole list).
 * @throws ValidationError, NotFoundError, DuplicateNameError.
 * @throws CycleError when the new components would make it contain itself (directly or through
 * other finished goods).
 * Tables: finishedGoods, finishedUnits. Offline: last writer wins per field (the list is one
 * field); a cycle made by two offline edits is caught by the cost and needs walks (CycleError).
 */
export async function updateFinishedGood(
  tx: Tx,
  input: UpdateFinishedGoodInput,
): Promise<FinishedGoodDto> {
  const { id, ...changes } = parseInput(updateFinishedGoodInputSchema, input)
  await loadLiveFinishedGood(tx, id)
  const goods = await tx.finishedGoods.toArray()
  if (changes.name !== undefined) assertNameFree(goods, changes.name, id)
  if (changes.components !== undefined) {
    await assertComponentsValid(tx, changes.components, goods)
    assertNoCycle(id, changes.components, goods)
  }
  const row = await update(tx, 'finishedGoods', id, changes)
  if (!row) throw new NotFoundError('finishedGood', id)
  return toFinishedGoodDto(row, await loadCatalogue(tx))
}
updateFinishedGood.tables = tablesOf(
  loadCatalogue,
  loadLiveFinishedGood,
  'finishedUnits',
  writes('finishedGoods'),
)

/**
 * Soft-delete a finished good that no live finished good, live package or live assembly target
 * uses. Its assembly runs are history and keep counting.
 * @throws NotFoundError when it is missing or already deleted.
 * @throws InUseError listing the finished goods and packages (by name) and the assembly targets
 * (named by their event).
 * Tables: finishedGoods, packages, assemblyTargets, events. Offline: last writer wins.
 */
export async function deleteFinishedGood(tx: Tx, finishedGoodId: string): Promise<void> {
  const id = parseInput(finishedGoodIdSchema, finishedGoodId)
  await loadLiveFinishedGood(tx, id)
  const [goods, packages, targets] = await Promise.all([
    tx.finishedGoods.toArray(),
    tx.packages.toArray(),
    tx.assemblyTargets.where('finishedGoodId').equals(id).toArray(),
  ])
  const liveTargets = targets.filter((row) => row.deletedAt === null)
  const events = await tx.events.bulkGet([...new Set(liveTargets.map((row) => row.eventId))])
  const eventNames = new Map<string, string>()
  for (const event of events) if (event) eventNames.set(event.id, event.name)
  const usedBy: UsedBy[] = [
    ...goods
      .filter(
        (good) =>
          good.deletedAt === null &&
          good.components.some((component) => component.kind === 'good' && component.id === id),
      )
      .sort(byNameThenId)
      .map((good): UsedBy => ({ entity: 'finishedGood', id: good.id, name: good.name })),
    ...packages
      .filter(
        (pkg) =>
          pkg.deletedAt === null && pkg.contents.some((content) => content.finishedGoodId === id),
      )
      .sort(byNameThenId)
      .map((pkg): UsedBy => ({ entity: 'package', id: pkg.id, name: pkg.name })),
    ...liveTargets
      .map((row): UsedBy => ({
        entity: 'assemblyTarget',
        id: row.id,
        name: eventNames.get(row.eventId) ?? '',
      }))
      .sort(byNameThenId),
  ]
  if (usedBy.length > 0) throw new InUseError('finishedGood', id, usedBy)
  await softDelete(tx, 'finishedGoods', id)
}
deleteFinishedGood.tables = tablesOf(
  loadLiveFinishedGood,
  'assemblyTargets',
  'events',
  'packages',
  writes('finishedGoods'),
)
