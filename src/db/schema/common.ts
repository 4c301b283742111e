/**
 * Field schemas shared by every stored entity. Rows are JSON-clean: string ids, ISO-8601 instants,
 * `YYYY-MM-DD` calendar dates and integer money (micro-units), so export, import and sync need no
 * revivers and dates sort as strings.
 */
import { z } from 'zod'

/** A device-generated id (UUID v7) or a deterministic pair id; never an auto-increment number. */
export const idSchema = z.string().min(1).max(200)
export type Id = z.infer<typeof idSchema>

/** An instant, as produced by `new Date().toISOString()`. */
export const instantSchema = z.iso.datetime()

/** A local calendar date, `YYYY-MM-DD`, that really exists (2026-02-30 is refused). */
export const calendarDateSchema = z.iso.date()

/**
 * Money inside rows: an integer number of micro-units (1/1,000,000 of the currency unit), exact
 * enough for unit costs such as 0.0042 per gram. See services/money.ts for arithmetic.
 */
export const microsSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)

export const nameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(200, 'Keep the name under 200 characters')
export const notesSchema = z.string().max(5000, 'Keep notes under 5,000 characters')

/** Fields every domain row carries; `deletedAt` non-null means soft-deleted (DESIGN §2). */
export const rowMetaShape = {
  id: idSchema,
  createdAt: instantSchema,
  updatedAt: instantSchema,
  deletedAt: instantSchema.nullable(),
}
