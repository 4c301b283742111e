/**
 * Parsing input with zod, for services and forms alike: a failure becomes a `ValidationError`
 * naming the first offending field and listing every issue. Every issue a schema does not word
 * itself is worded here, once, in the cook's words (`cookIssueMessage`), so no "Invalid input:
 * expected number, received NaN" ever reaches a screen.
 */
import type { z } from 'zod'
import { ValidationError } from './errors'

type RawIssue = z.core.$ZodRawIssue

function numberWords(issue: { minimum?: unknown; inclusive?: boolean }): string {
  const minimum = Number(issue.minimum)
  if (minimum === 0 && issue.inclusive === false) return 'Enter a number above 0'
  if (issue.inclusive === false) return `Enter a number above ${minimum}`
  return `Enter ${minimum} or more`
}

/**
 * The message for a validation issue, in a cook's words. Schemas that word an issue themselves
 * (`.min(1, 'Enter a name')`) keep their words: zod asks this map only for the others.
 */
export function cookIssueMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = String(issue.expected)
      const empty = issue.input === undefined || issue.input === null || issue.input === ''
      if (expected === 'int') return 'Enter a whole number'
      if (expected === 'number') return empty ? 'Enter a number' : 'Enter a number, like 12'
      if (expected === 'string') return 'Fill this in'
      if (expected === 'array') return 'Add at least one line'
      return 'Fill this in'
    }
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'bigint') return numberWords(issue)
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'Fill this in'
          : `Enter at least ${Number(issue.minimum)} characters`
      if (issue.origin === 'array' || issue.origin === 'set')
        return Number(issue.minimum) <= 1
          ? 'Add at least one line'
          : `Add at least ${Number(issue.minimum)} lines`
      return 'That is too small'
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'bigint')
        return `Enter ${Number(issue.maximum)} or less`
      if (issue.origin === 'string') return `Keep it under ${Number(issue.maximum) + 1} characters`
      return `At most ${Number(issue.maximum)}`
    case 'invalid_format':
      if (issue.format === 'date') return 'Enter a date, like 2026-12-20'
      if (issue.format === 'url') return 'Enter a web address, like https://example.org'
      return 'Check how this is written'
    case 'not_multiple_of':
      return 'Enter a whole number'
    case 'invalid_value':
      return 'Choose one of the options'
    case 'unrecognized_keys':
      return 'Something unexpected was sent; please try again'
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
      return 'Check this value'
    case 'custom':
      return issue.message ?? 'Check this value'
    default:
      return 'Check this value'
  }
}

export function parseInput<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
): z.infer<TSchema> {
  const result = schema.safeParse(input, { error: cookIssueMessage })
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }))
  throw new ValidationError(issues[0]?.path ?? '(input)', issues)
}
