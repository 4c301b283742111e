/** A baking event, e.g. "Christmas 2026", on a local calendar date (DOMAIN §2). */
import { z } from 'zod'
import { calendarDateSchema, nameSchema, notesSchema, rowMetaShape } from './common'

export const eventSchema = z.strictObject({
  ...rowMetaShape,
  name: nameSchema,
  date: calendarDateSchema,
  notes: notesSchema,
})
export type Event = z.infer<typeof eventSchema>
