/** A recipe: ingredient quantities for one batch (DOMAIN §1). */
import { z } from 'zod'
import { idSchema, nameSchema, notesSchema, rowMetaShape } from './common'
import { unitSchema } from './units'

export const recipeIngredientSchema = z.strictObject({
  ingredientId: idSchema,
  quantity: z.number().positive('Quantity must be more than 0').finite(),
  unit: unitSchema,
})
export type RecipeIngredient = z.infer<typeof recipeIngredientSchema>

export const recipeSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  ingredients: z.array(recipeIngredientSchema).max(200),
  notes: notesSchema,
})
export type Recipe = z.infer<typeof recipeSchema>
