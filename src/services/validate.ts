/**
 * Parsing service input with zod: the first step of every service. A failure becomes a
 * `ValidationError` naming the first offending field and listing every issue.
 */
import type { z } from 'zod'
import { ValidationError } from './errors'

export function parseInput<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
): z.infer<TSchema> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }))
  throw new ValidationError(issues[0]?.path ?? '(input)', issues)
}
