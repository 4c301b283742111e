/**
 * The measuring units the app knows. Conversion factors live in services/units.ts; this module
 * only names the units so schemas can validate them.
 */
import { z } from 'zod'

export const MASS_UNITS = ['g', 'kg', 'oz', 'lb'] as const
export const VOLUME_UNITS = ['ml', 'l', 'tsp', 'tbsp', 'cup', 'fl_oz'] as const
export const COUNT_UNITS = ['each', 'dozen'] as const

export const unitSchema = z.enum([...MASS_UNITS, ...VOLUME_UNITS, ...COUNT_UNITS])
export type Unit = z.infer<typeof unitSchema>
