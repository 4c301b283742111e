/**
 * The change format of DESIGN §3, generic over tables: one record per row written, `fields` holding
 * exactly the fields that write set, stamped with a hybrid logical clock and the writing device.
 * Records are immutable. This module names no table: the app's table list lives in src/db.
 */
import { z } from 'zod'
import { isHlc } from './hlc'

export const hlcSchema = z.string().max(200).refine(isHlc, 'Not a hybrid logical clock value')

export const changeSchema = z.strictObject({
  id: z.string().min(1).max(100),
  table: z.string().min(1).max(100),
  rowId: z.string().min(1).max(200),
  fields: z.record(z.string().max(100), z.unknown()),
  hlc: hlcSchema,
  deviceId: z.string().min(1).max(100),
})
export type Change = z.infer<typeof changeSchema>

/** Total order of changes: by clock, then id (two changes never share both). */
export function compareChanges(
  a: Pick<Change, 'hlc' | 'id'>,
  b: Pick<Change, 'hlc' | 'id'>,
): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
