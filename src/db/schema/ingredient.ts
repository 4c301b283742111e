/** An ingredient with its purchase unit and cost per unit (DOMAIN §1). */
import { z } from 'zod'
import { allergenListSchema } from './allergens'
import { microsSchema, nameSchema, rowMetaShape } from './common'
import { unitSchema } from './units'

export const ingredientSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  unit: unitSchema,
  /** Cost of one `unit`, in micro-units of money. */
  unitCost: microsSchema,
  /** Grams per millilitre; needed only to convert between mass and volume. */
  density: z.number().positive().finite().nullable(),
  /** Allergens it contains (DOMAIN §10); absent on rows written before allergens existed. */
  allergens: allergenListSchema.optional(),
})
export type Ingredient = z.infer<typeof ingredientSchema>
