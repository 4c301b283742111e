/**
 * The typed errors services throw. Throwing is how a Dexie transaction aborts, so services never
 * return error results; `runAction` catches `DomainError` and hands it to the UI, which turns each
 * `code` into words a cook understands (ui/error-messages.ts).
 */
import type { PackageStatus } from '../db/schema'

export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'INVALID_TRANSITION'
  | 'INCOMPLETE_PRODUCTION'
  | 'DUPLICATE_ASSIGNMENT'
  | 'EVENT_HAS_ASSIGNMENTS'
  | 'IN_USE'
  | 'CYCLE'
  | 'DUPLICATE_NAME'
  | 'UNIT_CONVERSION'
  | 'CSV_FORMAT'
  | 'CSV_ROWS'

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode
}

export type FieldIssue = { path: string; message: string }

/** Input that breaks a rule; `field` names the first offending field, `issues` all of them. */
export class ValidationError extends DomainError {
  override readonly name = 'ValidationError'
  readonly code = 'VALIDATION'
  constructor(
    readonly field: string,
    readonly issues: FieldIssue[] = [{ path: field, message: 'Invalid value' }],
  ) {
    super(
      `Invalid ${field}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    )
  }
}

export type EntityName =
  | 'ingredient'
  | 'recipe'
  | 'finishedUnit'
  | 'finishedGood'
  | 'package'
  | 'recipient'
  | 'event'
  | 'assignment'
  | 'productionTarget'
  | 'assemblyTarget'
  | 'productionRun'
  | 'assemblyRun'

export class NotFoundError extends DomainError {
  override readonly name = 'NotFoundError'
  readonly code = 'NOT_FOUND'
  constructor(
    readonly entity: EntityName,
    readonly id: string,
  ) {
    super(`No ${entity} with id ${id}`)
  }
}

export class InvalidTransitionError extends DomainError {
  override readonly name = 'InvalidTransitionError'
  readonly code = 'INVALID_TRANSITION'
  constructor(
    readonly from: PackageStatus,
    readonly to: PackageStatus,
    readonly id?: string,
  ) {
    super(`Cannot move ${id ? `assignment ${id} ` : ''}from ${from} to ${to}`)
  }
}

export type MissingRecipe = {
  recipeId: string
  recipeName: string
  batchesRequired: number
  batchesProduced: number
  batchesMissing: number
}

export class IncompleteProductionError extends DomainError {
  override readonly name = 'IncompleteProductionError'
  readonly code = 'INCOMPLETE_PRODUCTION'
  constructor(
    readonly assignmentId: string,
    readonly missingRecipes: MissingRecipe[],
  ) {
    super(
      `Production incomplete for assignment ${assignmentId}: ${missingRecipes
        .map((recipe) => `${recipe.recipeName} (${recipe.batchesMissing} batch(es) missing)`)
        .join(', ')}`,
    )
  }
}

export class DuplicateAssignmentError extends DomainError {
  override readonly name = 'DuplicateAssignmentError'
  readonly code = 'DUPLICATE_ASSIGNMENT'
  constructor(
    readonly eventId: string,
    readonly recipientId: string,
    readonly packageId: string,
    readonly existingAssignmentId: string,
  ) {
    super(`Recipient ${recipientId} already receives package ${packageId} in event ${eventId}`)
  }
}

export class EventHasAssignmentsError extends DomainError {
  override readonly name = 'EventHasAssignmentsError'
  readonly code = 'EVENT_HAS_ASSIGNMENTS'
  constructor(
    readonly eventId: string,
    readonly assignmentCount: number,
  ) {
    super(
      `Event ${eventId} has ${assignmentCount} assignment(s); delete with cascade to remove them`,
    )
  }
}

export type UsedBy = { entity: EntityName; id: string; name: string }

export class InUseError extends DomainError {
  override readonly name = 'InUseError'
  readonly code = 'IN_USE'
  constructor(
    readonly entity: EntityName,
    readonly id: string,
    readonly usedBy: UsedBy[],
  ) {
    super(
      `The ${entity} ${id} is used by ${usedBy.map((user) => `${user.entity} "${user.name}"`).join(', ')}`,
    )
  }
}

export class CycleError extends DomainError {
  override readonly name = 'CycleError'
  readonly code = 'CYCLE'
  /** `path` lists finished-good ids from the one being saved back to itself. */
  constructor(readonly path: string[]) {
    super(`A finished good cannot contain itself: ${path.join(' → ')}`)
  }
}

export class DuplicateNameError extends DomainError {
  override readonly name = 'DuplicateNameError'
  readonly code = 'DUPLICATE_NAME'
  constructor(
    readonly entity: EntityName,
    readonly nameValue: string,
    readonly existingId: string,
  ) {
    super(`An ${entity} named "${nameValue}" already exists`)
  }
}

export class UnitConversionError extends DomainError {
  override readonly name = 'UnitConversionError'
  readonly code = 'UNIT_CONVERSION'
  constructor(
    readonly ingredientId: string,
    readonly fromUnit: string,
    readonly toUnit: string,
  ) {
    super(
      `Cannot convert ${fromUnit} to ${toUnit} for ingredient ${ingredientId}: set its density (g per ml)`,
    )
  }
}

/** A file that is not readable as CSV (an unclosed quote, no header, no rows). */
export class CsvFormatError extends DomainError {
  override readonly name = 'CsvFormatError'
  readonly code = 'CSV_FORMAT'
  /** `rowNumber` counts as a spreadsheet does (the header is row 1), or null for the whole file. */
  constructor(
    readonly problem: 'empty' | 'no-rows' | 'unclosed-quote',
    readonly rowNumber: number | null = null,
  ) {
    super(`Not a readable CSV file: ${problem}${rowNumber === null ? '' : ` at row ${rowNumber}`}`)
  }
}

/** One row of an import that cannot be saved, in words ("the name is empty"). */
export type CsvRowIssue = { rowNumber: number; field: string; message: string }

/** An import refused as a whole: every bad row is listed, and nothing was saved. */
export class CsvRowsError extends DomainError {
  override readonly name = 'CsvRowsError'
  readonly code = 'CSV_ROWS'
  constructor(readonly issues: CsvRowIssue[]) {
    super(
      `Import refused, ${issues.length} bad row(s): ${issues
        .slice(0, 5)
        .map((issue) => `row ${issue.rowNumber}: ${issue.message}`)
        .join('; ')}`,
    )
  }
}
