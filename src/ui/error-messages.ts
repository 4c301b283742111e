/**
 * Domain errors in words a cook understands. The switch is exhaustive over `code`: adding an error
 * code without a message is a type error.
 */
import {
  DomainError,
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

function assertNever(value: never): never {
  throw new Error(`Unhandled error code: ${String(value)}`)
}

export function messageFor(error: DomainError): string {
  const code = error.code
  switch (code) {
    case 'VALIDATION':
      return error instanceof ValidationError
        ? `Please check ${error.field}: ${error.issues[0]?.message ?? 'invalid value'}.`
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
    default:
      return assertNever(code)
  }
}
