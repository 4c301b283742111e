/**
 * The 14 allergens food-labelling law names (DOMAIN §10), in the order the law lists them. Ingredients
 * carry them (`allergens`), recipients exclude them (`exclusions`); both are optional fields so
 * rows written before they existed (and by older tablets) stay valid.
 */
import { z } from 'zod'

export const ALLERGENS = [
  'gluten',
  'crustaceans',
  'eggs',
  'fish',
  'peanuts',
  'soybeans',
  'milk',
  'tree nuts',
  'celery',
  'mustard',
  'sesame',
  'sulphites',
  'lupin',
  'molluscs',
] as const

export const allergenSchema = z.enum(ALLERGENS, { error: 'Choose allergens from the list' })
export type Allergen = z.infer<typeof allergenSchema>

/** A set of allergens: no repeats (kept in the law's order by `sortAllergens`). */
export const allergenListSchema = z
  .array(allergenSchema)
  .max(ALLERGENS.length)
  .refine((list) => new Set(list).size === list.length, 'Choose each allergen once')

/** The allergens in the law's order, each once. */
export function sortAllergens(list: Iterable<Allergen>): Allergen[] {
  const present = new Set(list)
  return ALLERGENS.filter((allergen) => present.has(allergen))
}
