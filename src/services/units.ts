/**
 * Unit conversion by a fixed table (DOMAIN §1): within mass (base gram), within volume (base
 * millilitre) and within counts (base "each"). Mass ↔ volume uses the ingredient's density in
 * grams per millilitre; without one the conversion is refused with `UnitConversionError`.
 * US customary measures: 1 cup = 236.5882365 ml, 1 lb = 453.59237 g.
 */
import { COUNT_UNITS, MASS_UNITS, VOLUME_UNITS, type Unit } from '../db/schema'
import { UnitConversionError } from './errors'
import { Exact } from './money'

type Dimension = 'mass' | 'volume' | 'count'

const TO_BASE: Record<Unit, string> = {
  g: '1',
  kg: '1000',
  oz: '28.349523125',
  lb: '453.59237',
  ml: '1',
  l: '1000',
  tsp: '4.92892159375',
  tbsp: '14.78676478125',
  cup: '236.5882365',
  fl_oz: '29.5735295625',
  each: '1',
  dozen: '12',
}

export function dimensionOf(unit: Unit): Dimension {
  if ((MASS_UNITS as readonly string[]).includes(unit)) return 'mass'
  if ((VOLUME_UNITS as readonly string[]).includes(unit)) return 'volume'
  if ((COUNT_UNITS as readonly string[]).includes(unit)) return 'count'
  throw new Error(`Unknown unit ${unit}`)
}

export type ConvertibleIngredient = { id: string; density: number | null }

/** `quantity` of `from` expressed in `to`, exactly. */
export function convertQuantity(
  quantity: number | Exact,
  from: Unit,
  to: Unit,
  ingredient: ConvertibleIngredient,
): Exact {
  const amount = new Exact(quantity)
  if (from === to) return amount
  const fromDimension = dimensionOf(from)
  const toDimension = dimensionOf(to)
  const inBase = amount.times(TO_BASE[from])
  if (fromDimension === toDimension) return inBase.dividedBy(TO_BASE[to])
  const density = ingredient.density
  if (density === null || fromDimension === 'count' || toDimension === 'count') {
    throw new UnitConversionError(ingredient.id, from, to)
  }
  // mass (g) = volume (ml) × density (g/ml)
  const converted = fromDimension === 'volume' ? inBase.times(density) : inBase.dividedBy(density)
  return converted.dividedBy(TO_BASE[to])
}

/** Whether `from` can be converted to `to` for an ingredient with this density. */
export function canConvert(from: Unit, to: Unit, density: number | null): boolean {
  const a = dimensionOf(from)
  const b = dimensionOf(to)
  if (a === b) return true
  return density !== null && a !== 'count' && b !== 'count'
}
