/**
 * Domain errors in words a cook understands. The switch is exhaustive over `code`: adding an error
 * code without a message is a type error.
 */
import {
  DomainError,
  CsvFormatError,
  CsvRowsError,
  CycleError,
  DuplicateAssignmentError,
  DuplicateNameError,
  EventHasAssignmentsError,
  InUseError,
  IncompleteProductionError,
  InvalidTransitionError,
  NotFoundError,
  UnitConversionError,
  ValidationError,
} from '../services/errors'
import { isStorageFullError, StorageFullError } from './data/run-action'
import { STATUS_WORD } from './status-words'

/**
 * Text for anything an action can end with: a domain error (`messageFor`), a full disk (the
 * transaction rolled back, so nothing was half-saved), or an unexpected failure.
 */
export function messageForFailure(error: unknown): string {
  if (error instanceof DomainError) return messageFor(error)
  if (isStorageFullError(error)) return new StorageFullError(error).message
  return 'Something went wrong, and that step was not saved. Please try again.'
}

/** Field paths as a cook would name them; anything else is spelled out from its camelCase. */
const FIELD_WORDS: Record<string, string> = {
  name: 'the name',
  date: 'the date',
  notes: 'the notes',
  quantity: 'the quantity',
  batches: 'the batches',
  actualYield: 'the good items',
  lossReason: 'what happened',
  targetBatches: 'the target',
  targetQuantity: 'the target',
  itemsPerBatch: 'items per batch',
  unitCost: 'the cost',
  unit: 'the unit',
  density: 'the density',
  ingredients: 'the ingredients',
  components: 'the contents',
  contents: 'the contents',
  recipeId: 'the recipe',
  finishedUnitId: 'what the batch makes',
  finishedGoodId: 'the finished good',
  recipientId: 'the recipient',
  packageId: 'the package',
  eventId: 'the event',
}

/** "ingredients.1.quantity" → "line 2, the quantity"; "routeOrder" → "route order". */
export function fieldWords(path: string): string {
  const parts = path.split('.').filter((part) => part !== '(input)' && part !== '')
  const words: string[] = []
  for (const part of parts) {
    if (/^\d+$/.test(part)) words.push(`line ${Number(part) + 1}`)
    else words.push(FIELD_WORDS[part] ?? part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
  }
  return words.length > 0 ? words.slice(-2).join(', ') : 'what you entered'
}

function assertNever(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`)
}

export function messageFor(error: DomainError): string {
  const code = error.code
  switch (code) {
    case 'VALIDATION':
      return error instanceof ValidationError
        ? `Please check ${fieldWords(error.field)}: ${error.issues[0]?.message ?? 'it is not valid'}.`
        : 'Please check what you entered.'
    case 'NOT_FOUND':
      return error instanceof NotFoundError
        ? `That ${error.entity} no longer exists. It may have been deleted on another device.`
        : 'That item no longer exists.'
    case 'INVALID_TRANSITION':
      return error instanceof InvalidTransitionError
        ? `This package can't go from "${STATUS_WORD[error.from]}" to "${STATUS_WORD[error.to]}".`
        : 'That step is not possible.'
    case 'INCOMPLETE_PRODUCTION':
      return error instanceof IncompleteProductionError
        ? `Not everything is baked yet: ${error.missingRecipes
            .map(
              (recipe) =>
                `${recipe.recipeName} needs ${recipe.batchesMissing} more batch${recipe.batchesMissing === 1 ? '' : 'es'}`,
            )
            .join(', ')}.`
        : 'Not everything is baked yet.'
    case 'DUPLICATE_ASSIGNMENT':
      return error instanceof DuplicateAssignmentError
        ? 'This recipient already gets that package for this event. Change the quantity instead.'
        : 'That package is already assigned.'
    case 'EVENT_HAS_ASSIGNMENTS':
      return error instanceof EventHasAssignmentsError
        ? `This event still has ${error.assignmentCount} package${error.assignmentCount === 1 ? '' : 's'} assigned. Delete them too?`
        : 'This event still has packages assigned.'
    case 'IN_USE':
      return error instanceof InUseError
        ? `Can't delete: it is used by ${error.usedBy.map((user) => `"${user.name}"`).join(', ')}.`
        : "Can't delete: it is still in use."
    case 'CYCLE':
      return error instanceof CycleError
        ? 'A finished good cannot contain itself, not even through another finished good.'
        : 'That would make a finished good contain itself.'
    case 'DUPLICATE_NAME':
      return error instanceof DuplicateNameError
        ? `There is already one called "${error.nameValue}".`
        : 'That name is already taken.'
    case 'UNIT_CONVERSION':
      return error instanceof UnitConversionError
        ? `Can't convert ${error.fromUnit} to ${error.toUnit} for this ingredient. Add its density (grams per ml) or use a matching unit.`
        : "Those units don't convert."
    case 'CSV_FORMAT':
      return error instanceof CsvFormatError
        ? csvFormatWords(error)
        : 'That file could not be read as a spreadsheet (CSV).'
    case 'CSV_ROWS':
      return error instanceof CsvRowsError
        ? `Nothing was imported. ${csvRowsWords(error)}`
        : 'Nothing was imported: some rows need fixing.'
    default:
      return assertNever(code)
  }
}

function csvFormatWords(error: CsvFormatError): string {
  switch (error.problem) {
    case 'empty':
      return 'That file is empty.'
    case 'no-rows':
      return 'That file has a header row but nothing under it.'
    case 'unclosed-quote':
      return `That file could not be read: a quote opened on row ${error.rowNumber ?? '?'} is never closed.`
  }
}

/** "Row 14: the name is empty. Row 20: …" (the first five, then how many more). */
export function csvRowsWords(error: CsvRowsError): string {
  const shown = error.issues.slice(0, 5).map((issue) => `Row ${issue.rowNumber}: ${issue.message}.`)
  const more = error.issues.length - shown.length
  return [...shown, ...(more > 0 ? [`And ${more} more.`] : [])].join(' ')
}
