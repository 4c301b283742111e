/** How a catalogue row names what it contains, rolled up (services/allergens.ts). */
import type { Allergen } from '../../../db/schema'

/** " · contains gluten, milk", or '' when the item contains none (or is still loading). */
export function containsText(allergens: readonly Allergen[] | undefined): string {
  return allergens?.length ? ` · contains ${allergens.join(', ')}` : ''
}
