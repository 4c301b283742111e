/**
 * Form validation with the services' own zod input schemas, so a form and the service it calls
 * can never disagree. Errors come back keyed by field path ("ingredients.0.quantity"), worded
 * for a cook by the services' one issue map (`cookIssueMessage`).
 */
import type { z } from 'zod'
import { ValidationError, type DomainError } from '../services/errors'
import { cookIssueMessage } from '../services/validate'

export type FieldErrors = Record<string, string>
export type FormCheck<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

export function checkForm<TSchema extends z.ZodType>(
  schema: TSchema,
  values: unknown,
): FormCheck<z.infer<TSchema>> {
  const result = schema.safeParse(values, { error: cookIssueMessage })
  if (result.success) return { ok: true, data: result.data }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.') || 'form'
    errors[path] ??= issue.message
  }
  return { ok: false, errors }
}

/** Field errors a service raised (ValidationError), so they show beside the field too. */
export function fieldErrorsFromDomain(error: DomainError): FieldErrors {
  if (!(error instanceof ValidationError)) return {}
  const errors: FieldErrors = {}
  for (const issue of error.issues) errors[issue.path] ??= issue.message
  return errors
}

/** Whole numbers typed into a text field: "" stays undefined so zod reports "required". */
export function toNumber(text: string): number | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const value = Number(trimmed.replace(',', '.'))
  return Number.isFinite(value) ? value : Number.NaN
}
