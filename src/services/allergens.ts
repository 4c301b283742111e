/**
 * Allergens rolled up through the catalogue (DOMAIN §10): a recipe contains its ingredients'
 * allergens, a finished unit its recipe's, a finished good its components' (through nesting), a
 * package its contents'. Conflicts are assignments whose package contains an allergen its recipient
 * excludes. Rows deleted but still referenced still count: a warning never silently disappears.
 */
import { z } from 'zod'
import { idSchema, sortAllergens, type Allergen } from '../db/schema'
import type { Tx } from '../db/tx'
import { loadLiveAssignmentsOfEvent, nameAndSortAssignments } from './assignments'
import { loadCatalogue, type CatalogueModel } from './catalogue-model'
import { CycleError, NotFoundError } from './errors'
import { loadLiveEvent } from './events'
import { parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export type AllergenConflict = {
  assignmentId: string
  recipientId: string
  recipientName: string
  packageId: string
  packageName: string
  /** The excluded allergens the package contains, in the law's order. */
  allergens: Allergen[]
}

/** Allergen roll-up over one catalogue model, memoised per finished good. */
export class AllergenIndex {
  private readonly goods = new Map<string, Set<Allergen>>()

  constructor(private readonly model: CatalogueModel) {}

  recipe(recipeId: string): Set<Allergen> {
    const found = new Set<Allergen>()
    for (const line of this.model.recipes.get(recipeId)?.ingredients ?? []) {
      for (const allergen of this.model.ingredients.get(line.ingredientId)?.allergens ?? [])
        found.add(allergen)
    }
    return found
  }

  finishedUnit(finishedUnitId: string): Set<Allergen> {
    const unit = this.model.finishedUnits.get(finishedUnitId)
    return unit ? this.recipe(unit.recipeId) : new Set()
  }

  finishedGood(finishedGoodId: string, path: string[] = []): Set<Allergen> {
    const cached = this.goods.get(finishedGoodId)
    if (cached) return cached
    if (path.includes(finishedGoodId)) throw new CycleError([...path, finishedGoodId])
    const found = new Set<Allergen>()
    for (const component of this.model.finishedGoods.get(finishedGoodId)?.components ?? []) {
      const inner =
        component.kind === 'unit'
          ? this.finishedUnit(component.id)
          : this.finishedGood(component.id, [...path, finishedGoodId])
      for (const allergen of inner) found.add(allergen)
    }
    this.goods.set(finishedGoodId, found)
    return found
  }

  package(packageId: string): Set<Allergen> {
    const found = new Set<Allergen>()
    for (const content of this.model.packages.get(packageId)?.contents ?? []) {
      for (const allergen of this.finishedGood(content.finishedGoodId)) found.add(allergen)
    }
    return found
  }
}

/**
 * The allergens a package contains, through finished goods (nested), finished units, recipes and
 * ingredients, in the law's order.
 * @throws NotFoundError for an unknown or deleted package.
 * Tables: the catalogue (one read per table).
 */
export async function getPackageAllergens(tx: Tx, packageId: string): Promise<Allergen[]> {
  const id = parseInput(idSchema, packageId)
  const model = await loadCatalogue(tx)
  const pkg = model.packages.get(id)
  if (!pkg || pkg.deletedAt !== null) throw new NotFoundError('package', id)
  return sortAllergens(new AllergenIndex(model).package(id))
}
getPackageAllergens.tables = tablesOf(loadCatalogue)

/** The allergens of a recipe, a finished unit or a finished good (for the catalogue screens). */
export const getItemAllergensInputSchema = z.strictObject({
  kind: z.enum(['recipe', 'unit', 'good', 'package']),
  id: idSchema,
})

/**
 * The allergens of any catalogue item, rolled up as for packages; an unknown id has none.
 * Tables: the catalogue (one read per table).
 */
export async function getItemAllergens(
  tx: Tx,
  input: z.input<typeof getItemAllergensInputSchema>,
): Promise<Allergen[]> {
  const { kind, id } = parseInput(getItemAllergensInputSchema, input)
  const index = new AllergenIndex(await loadCatalogue(tx))
  const found =
    kind === 'recipe'
      ? index.recipe(id)
      : kind === 'unit'
        ? index.finishedUnit(id)
        : kind === 'good'
          ? index.finishedGood(id)
          : index.package(id)
  return sortAllergens(found)
}
getItemAllergens.tables = tablesOf(loadCatalogue)

/**
 * An event's live assignments with the catalogue and their recipients, read in one go: what the
 * allergen check and the delivery list both start from.
 * @throws NotFoundError for an unknown or deleted event.
 */
export async function loadEventAssignmentsWithRecipients(tx: Tx, eventId: string) {
  const id = parseInput(idSchema, eventId)
  const [, assignments, model] = await Promise.all([
    loadLiveEvent(tx, id),
    loadLiveAssignmentsOfEvent(tx, id),
    loadCatalogue(tx),
  ])
  const recipients = await tx.recipients.bulkGet([
    ...new Set(assignments.map((row) => row.recipientId)),
  ])
  return { assignments, model, recipients }
}
loadEventAssignmentsWithRecipients.tables = tablesOf(
  loadCatalogue,
  loadLiveAssignmentsOfEvent,
  loadLiveEvent,
  'recipients',
)

/**
 * The event's live assignments whose package contains an allergen the recipient excludes, ordered
 * by recipient name, then package name.
 * @throws NotFoundError for an unknown or deleted event.
 * Tables: events, assignments, recipients, the catalogue.
 */
export async function getAllergenConflicts(tx: Tx, eventId: string): Promise<AllergenConflict[]> {
  const { assignments, model, recipients } = await loadEventAssignmentsWithRecipients(tx, eventId)
  const exclusions = new Map<string, Set<Allergen>>()
  for (const recipient of recipients) {
    if (recipient?.exclusions?.length) exclusions.set(recipient.id, new Set(recipient.exclusions))
  }
  const index = new AllergenIndex(model)
  const conflicts: AllergenConflict[] = []
  for (const { row, recipientName, packageName } of await nameAndSortAssignments(
    tx,
    assignments.filter((row) => exclusions.has(row.recipientId)),
  )) {
    const excluded = exclusions.get(row.recipientId) ?? new Set<Allergen>()
    const hit = [...index.package(row.packageId)].filter((allergen) => excluded.has(allergen))
    if (hit.length === 0) continue
    conflicts.push({
      assignmentId: row.id,
      recipientId: row.recipientId,
      recipientName,
      packageId: row.packageId,
      packageName,
      allergens: sortAllergens(hit),
    })
  }
  return conflicts
}
getAllergenConflicts.tables = tablesOf(loadEventAssignmentsWithRecipients, nameAndSortAssignments)

/**
 * The excluded allergens a package would bring to a recipient (for the warning before assigning):
 * empty when none.
 * @throws NotFoundError for an unknown or deleted recipient or package.
 * Tables: recipients, the catalogue.
 */
export async function getAssignmentAllergenWarning(
  tx: Tx,
  input: { recipientId: string; packageId: string },
): Promise<Allergen[]> {
  const { recipientId, packageId } = parseInput(
    z.strictObject({ recipientId: idSchema, packageId: idSchema }),
    input,
  )
  const [recipient, model] = await Promise.all([tx.recipients.get(recipientId), loadCatalogue(tx)])
  if (!recipient || recipient.deletedAt !== null) throw new NotFoundError('recipient', recipientId)
  const pkg = model.packages.get(packageId)
  if (!pkg || pkg.deletedAt !== null) throw new NotFoundError('package', packageId)
  const excluded = new Set(recipient.exclusions ?? [])
  return sortAllergens(
    [...new AllergenIndex(model).package(packageId)].filter((allergen) => excluded.has(allergen)),
  )
}
getAssignmentAllergenWarning.tables = tablesOf(loadCatalogue, 'recipients')

/**
 * The allergens of every live package, by package id (for the catalogue list): one catalogue read.
 * Tables: the catalogue (one read per table).
 */
export async function listPackageAllergens(tx: Tx): Promise<Record<string, Allergen[]>> {
  const model = await loadCatalogue(tx)
  const index = new AllergenIndex(model)
  const result: Record<string, Allergen[]> = {}
  for (const pkg of model.packages.values()) {
    if (pkg.deletedAt === null) result[pkg.id] = sortAllergens(index.package(pkg.id))
  }
  return result
}
listPackageAllergens.tables = tablesOf(loadCatalogue)

/** Every live catalogue item's allergens, by kind and id (the catalogue lists). */
export type CatalogueAllergens = {
  recipes: Record<string, Allergen[]>
  finishedUnits: Record<string, Allergen[]>
  finishedGoods: Record<string, Allergen[]>
  packages: Record<string, Allergen[]>
}

/**
 * The allergens of every live recipe, baked item (finished unit), finished good and package,
 * rolled up as for packages (nested goods included), in the law's order: one catalogue read.
 * Tables: the catalogue (one read per table).
 */
export async function listCatalogueAllergens(tx: Tx): Promise<CatalogueAllergens> {
  const model = await loadCatalogue(tx)
  const index = new AllergenIndex(model)
  const each = <TRow extends { id: string; deletedAt: string | null }>(
    rows: ReadonlyMap<string, TRow>,
    of: (id: string) => Set<Allergen>,
  ): Record<string, Allergen[]> => {
    const result: Record<string, Allergen[]> = {}
    for (const row of rows.values())
      if (row.deletedAt === null) result[row.id] = sortAllergens(of(row.id))
    return result
  }
  return {
    recipes: each(model.recipes, (id) => index.recipe(id)),
    finishedUnits: each(model.finishedUnits, (id) => index.finishedUnit(id)),
    finishedGoods: each(model.finishedGoods, (id) => index.finishedGood(id)),
    packages: each(model.packages, (id) => index.package(id)),
  }
}
listCatalogueAllergens.tables = tablesOf(loadCatalogue)
