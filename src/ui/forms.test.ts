import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import * as services from '../services'
import { ValidationError } from '../services/errors'
import { parseInput } from '../services/validate'
import { messageFor } from './error-messages'
import { checkForm } from './forms'

/** zod's own English: none of it may reach a cook. */
const RAW_SCHEMA_WORDS =
  /Invalid input|expected .* received|Too small|Too big|Invalid option|Unrecognized key|Invalid ISO|>=|<=|NaN|\bint\b/

const BAD_VALUES: unknown[] = [undefined, '', Number.NaN, -1, 0, 1.5, 'abc', 1e12, [], {}]

/** Every service input schema the UI can reach, from the services' public surface. */
const INPUT_SCHEMAS: [string, z.ZodType][] = Object.entries(services as Record<string, unknown>)
  .filter(([name, value]) => name.endsWith('InputSchema') && isSchema(value))
  .map(([name, value]) => [name, value as z.ZodType])

function isSchema(value: unknown): boolean {
  return typeof (value as { safeParse?: unknown } | null)?.safeParse === 'function'
}

/** A plausible valid input to spoil one field at a time: the keys of the object schema. */
function fieldsOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape
  return shape ? Object.keys(shape) : []
}

describe('checkForm and parseInput', () => {
  it('word every issue of every service input schema in the cook’s words', () => {
    expect(INPUT_SCHEMAS.length).toBeGreaterThan(20)
    const raw: string[] = []
    for (const [name, schema] of INPUT_SCHEMAS) {
      const inputs: unknown[] = [undefined, {}, ...BAD_VALUES]
      for (const field of fieldsOf(schema))
        for (const bad of BAD_VALUES) inputs.push({ [field]: bad, [`${field}Extra`]: 1 })
      for (const input of inputs) {
        const check = checkForm(schema, input)
        if (!check.ok)
          for (const message of Object.values(check.errors))
            if (RAW_SCHEMA_WORDS.test(message)) raw.push(`${name} form: ${message}`)
        try {
          parseInput(schema, input)
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error
          const text = messageFor(error)
          if (RAW_SCHEMA_WORDS.test(text)) raw.push(`${name} service: ${text}`)
        }
      }
    }
    expect(raw).toEqual([])
  })

  it('says "Enter a whole number" for a target of 1.5, "Enter a number" for an empty one', () => {
    const schema = services.setAssemblyTargetInputSchema
    const base = { eventId: 'e', finishedGoodId: 'g' }
    expect(checkForm(schema, { ...base, targetQuantity: 1.5 })).toEqual({
      ok: false,
      errors: { targetQuantity: 'Enter a whole number' },
    })
    expect(checkForm(schema, { ...base, targetQuantity: undefined })).toEqual({
      ok: false,
      errors: { targetQuantity: 'Enter a number' },
    })
  })

  it('names the field in words in a service refusal: "Please check line 2, the quantity"', () => {
    const error = new ValidationError('ingredients.1.quantity', [
      { path: 'ingredients.1.quantity', message: 'Enter a number above 0' },
    ])
    expect(messageFor(error)).toBe('Please check line 2, the quantity: Enter a number above 0.')
  })
})
