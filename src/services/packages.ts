/**
 * Packages: what one recipient receives, finished goods with quantities (DOMAIN §1, §6). Create,
 * read, list, update and soft-delete. Contents name live finished goods, each at most once, with a
 * positive integer quantity (DOMAIN §9.3). Names are unique among live packages
 * (case-insensitive). A package assigned in a live event cannot be deleted (`InUseError` naming
 * the events). Cost = Σ finished-good cost per item × quantity, from catalogue-model.ts.
 */
import { z } from 'zod'
import {
  idSchema,
  nameSchema,
  notesSchema,
  type packageContentSchema,
  packageSchema,
  type Package,
  type PackageContent,
} from '../db/schema'
import { insert, softDelete, update } from '../db/mutate'
import type { Tx } from '../db/tx'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { InUseError, NotFoundError, ValidationError } from './errors'
import { ZERO, formatMoney } from './money'
import { byNameThenId } from './order'
import { parseInput } from './validate'
import { liveRowLoader, nameGuard } from './live-rows'
import { eventsAssigning } from './assigned-events'
import { tablesOf, writes } from '../transactions/declared-tables'

export type PackageContentDto = {
  finishedGoodId: string
  finishedGoodName: string
  quantity: number
}

export type PackageDto = {
  id: string
  name: string
  contents: PackageContentDto[]
  notes: string
  /** Current cost of one package, two decimals. */
  cost: string
  createdAt: string
  updatedAt: string
}

/** The DTO of a package, with content names and cost from a catalogue model. */
export function toPackageDto(row: Package, model: CatalogueModel): PackageDto {
  let cost = ZERO
  for (const content of row.contents) {
    if (!model.finishedGoods.has(content.finishedGoodId)) continue
    cost = cost.plus(model.finishedGoodCostPerItem(content.finishedGoodId).times(content.quantity))
  }
  return {
    id: row.id,
    name: row.name,
    contents: row.contents.map((content) => ({
      finishedGoodId: content.finishedGoodId,
      finishedGoodName: model.finishedGoods.get(content.finishedGoodId)?.name ?? '',
      quantity: content.quantity,
    })),
    notes: row.notes,
    cost: formatMoney(cost),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const contentsSchema = packageSchema.shape.contents

export const createPackageInputSchema = z.strictObject({
  name: nameSchema,
  contents: contentsSchema,
  notes: notesSchema.optional(),
})
export type CreatePackageInput = z.input<typeof createPackageInputSchema>

export const updatePackageInputSchema = z.strictObject({
  id: idSchema,
  name: nameSchema.optional(),
  /** Replaces the whole list of contents. */
  contents: contentsSchema.optional(),
  notes: notesSchema.optional(),
})
export type UpdatePackageInput = z.input<typeof updatePackageInputSchema>

export type PackageContentInput = z.input<typeof packageContentSchema>

const packageIdSchema = idSchema

/** The live package row, or NotFoundError (soft-deleted packages are not found). */
export const loadLivePackage = liveRowLoader('packages')

const assertNameFree = nameGuard('packages')

/**
 * Each content appears once and names a live finished good (one bulk read).
 * @throws ValidationError (`contents.<n>.finishedGoodId`) for a repeated good, NotFoundError.
 */
async function assertContentsValid(tx: Tx, contents: readonly PackageContent[]): Promise<void> {
  const seen = new Set<string>()
  contents.forEach((content, index) => {
    if (seen.has(content.finishedGoodId)) {
      const path = `contents.${index}.finishedGoodId`
      throw new ValidationError(path, [
        { path, message: 'This item is already in the package; change its quantity instead' },
      ])
    }
    seen.add(content.finishedGoodId)
  })
  const goods = await tx.finishedGoods.bulkGet([...seen])
  const live = new Set<string>()
  for (const good of goods) if (good && good.deletedAt === null) live.add(good.id)
  for (const content of contents) {
    if (!live.has(content.finishedGoodId))
      throw new NotFoundError('finishedGood', content.finishedGoodId)
  }
}

/**
 * Create a package.
 * @throws ValidationError for an empty name, a quantity that is not a positive integer
 * (`contents.<n>.quantity`) or a repeated finished good.
 * @throws NotFoundError when a content names a missing or deleted finished good.
 * @throws DuplicateNameError when a live package already has this name.
 * Tables: packages, finishedGoods; the cost reads the catalogue. Offline: a new row; no conflicts.
 */
export async function createPackage(tx: Tx, input: CreatePackageInput): Promise<PackageDto> {
  const values = parseInput(createPackageInputSchema, input)
  await Promise.all([assertNameFree(tx, values.name), assertContentsValid(tx, values.contents)])
  const row = await insert(tx, 'packages', {
    name: values.name,
    contents: values.contents,
    notes: values.notes ?? '',
  })
  return toPackageDto(row, await loadCatalogue(tx))
}
createPackage.tables = tablesOf(loadCatalogue, 'finishedGoods', writes('packages'))

/**
 * The live package with this id, with content names and current cost.
 * @throws NotFoundError when there is none or it was deleted. Tables: the catalogue.
 */
export async function getPackage(tx: Tx, packageId: string): Promise<PackageDto> {
  const id = parseInput(packageIdSchema, packageId)
  const model = await loadCatalogue(tx)
  const row = model.packages.get(id)
  if (!row || row.deletedAt !== null) throw new NotFoundError('package', id)
  return toPackageDto(row, model)
}
getPackage.tables = tablesOf(loadCatalogue)

/** Every live package, ordered by name. Tables: the catalogue (one read per table). */
export async function listPackages(tx: Tx): Promise<PackageDto[]> {
  const model = await loadCatalogue(tx)
  return [...model.packages.values()]
    .filter((row) => row.deletedAt === null)
    .sort(byNameThenId)
    .map((row) => toPackageDto(row, model))
}
listPackages.tables = tablesOf(loadCatalogue)

/**
 * Change a package's name, contents or notes (only the fields given; `contents` replaces the
 * whole list). Assignments of the package see the new contents (needs are computed live).
 * @throws ValidationError, NotFoundError, DuplicateNameError.
 * Tables: packages, finishedGoods. Offline: last writer wins per field (the list is one field).
 */
export async function updatePackage(tx: Tx, input: UpdatePackageInput): Promise<PackageDto> {
  const { id, ...changes } = parseInput(updatePackageInputSchema, input)
  await loadLivePackage(tx, id)
  await Promise.all([
    changes.name === undefined ? undefined : assertNameFree(tx, changes.name, id),
    changes.contents === undefined ? undefined : assertContentsValid(tx, changes.contents),
  ])
  const row = await update(tx, 'packages', id, changes)
  if (!row) throw new NotFoundError('package', id)
  return toPackageDto(row, await loadCatalogue(tx))
}
updatePackage.tables = tablesOf(loadCatalogue, loadLivePackage, 'finishedGoods', writes('packages'))

/**
 * Soft-delete a package that no live assignment of a live event uses.
 * @throws NotFoundError when it is missing or already deleted.
 * @throws InUseError listing the live events (entity 'event', ordered by name) whose live
 * assignments use it, each once.
 * Tables: packages, assignments, events. Offline: last writer wins.
 */
export async function deletePackage(tx: Tx, packageId: string): Promise<void> {
  const id = parseInput(packageIdSchema, packageId)
  await loadLivePackage(tx, id)
  const usedBy = await eventsAssigning(tx, 'packageId', id)
  if (usedBy.length > 0) throw new InUseError('package', id, usedBy)
  await softDelete(tx, 'packages', id)
}
deletePackage.tables = tablesOf(loadLivePackage, eventsAssigning, writes('packages'))
