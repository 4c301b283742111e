/**
 * Recipients from a CSV file (DOMAIN §10): column guesses, rows as the file has them, a check that
 * words every bad row ("row 14: the name is empty") and finds likely duplicates (same name and
 * household, case-insensitive), and the import itself. Invariant: `importRecipients` checks EVERY
 * row before it writes any, and writes in the caller's one transaction, so a file is saved whole
 * or not at all; duplicates are skipped only when the cook lists them in `skipRows`.
 */
import { z } from 'zod'
import { ALLERGENS, type Allergen } from '../db/schema'
import type { Tx } from '../db/tx'
import { cellOf, guessColumns, rowNumberOf, type ColumnMapping, type CsvTable } from './csv-columns'
import { CsvRowsError, type CsvRowIssue } from './errors'
import {
  createRecipients,
  createRecipientInputSchema,
  type CreateRecipientInput,
} from './recipients'
import { cookIssueMessage, parseInput } from './validate'
import { tablesOf } from '../transactions/declared-tables'

export const RECIPIENT_COLUMNS = [
  'name',
  'firstName',
  'lastName',
  'household',
  'address',
  'route',
  'routeOrder',
  'exclusions',
  'notes',
] as const
export type RecipientColumn = (typeof RECIPIENT_COLUMNS)[number]

const RECIPIENT_SYNONYMS: Record<RecipientColumn, readonly string[]> = {
  name: ['name', 'full name', 'fullname', 'display name', 'recipient', 'contact', 'who', 'to'],
  firstName: ['first name', 'firstname', 'given name', 'first', 'vorname', 'prenom'],
  lastName: ['last name', 'lastname', 'surname', 'family name', 'last', 'nachname', 'nom'],
  household: ['household', 'family', 'house', 'group', 'haushalt', 'familie', 'famille'],
  address: ['address', 'street', 'street address', 'home address', 'adresse', 'anschrift'],
  route: ['route', 'delivery route', 'run', 'area', 'tour'],
  routeOrder: ['route order', 'order', 'stop', 'stop number', 'sequence', 'order in route'],
  exclusions: [
    'allergies',
    'allergy',
    'allergens',
    'exclusions',
    'excludes',
    'exclude',
    'avoid',
    'avoids',
    'must not get',
    'dietary',
    'diet',
    'allergien',
  ],
  notes: ['notes', 'note', 'comments', 'comment', 'remarks', 'notizen', 'bemerkung'],
}
const RECIPIENT_PREFIXES: Partial<Record<RecipientColumn, readonly string[]>> = {
  address: ['address', 'street', 'home address'],
  exclusions: ['allerg', 'no '],
  notes: ['note'],
}

/** The cook's words for each field, as row errors name them. */
const FIELD_WORDS: Record<keyof RecipientImportRow, string> = {
  rowNumber: 'the row',
  name: 'the name',
  household: 'the household',
  address: 'the address',
  notes: 'the notes',
  route: 'the route',
  routeOrder: 'the route order',
  exclusions: 'the allergies',
}

export function guessRecipientColumns(headers: readonly string[]): ColumnMapping<RecipientColumn> {
  const mapping = guessColumns(headers, RECIPIENT_SYNONYMS, RECIPIENT_PREFIXES)
  // A whole-name column wins over first + last name.
  if (mapping.name !== null) {
    mapping.firstName = null
    mapping.lastName = null
  }
  return mapping
}

export const recipientImportRowSchema = z.strictObject({
  rowNumber: z.number().int().min(1),
  name: z.string(),
  household: z.string(),
  address: z.string(),
  notes: z.string(),
  route: z.string(),
  routeOrder: z.string(),
  exclusions: z.string(),
})
/** One file row as text, before it is checked (the cells the mapping picked). */
export type RecipientImportRow = z.infer<typeof recipientImportRowSchema>

/** The file's rows through the mapping (first + last name joined when there is no name column). */
export function mapRecipientRows(
  table: CsvTable,
  mapping: ColumnMapping<RecipientColumn>,
): RecipientImportRow[] {
  return table.rows.map((row, index) => ({
    rowNumber: rowNumberOf(index),
    name:
      mapping.name !== null
        ? cellOf(row, mapping.name)
        : [cellOf(row, mapping.firstName), cellOf(row, mapping.lastName)]
            .filter((part) => part !== '')
            .join(' '),
    household: cellOf(row, mapping.household),
    address: cellOf(row, mapping.address),
    notes: cellOf(row, mapping.notes),
    route: cellOf(row, mapping.route),
    routeOrder: cellOf(row, mapping.routeOrder),
    exclusions: cellOf(row, mapping.exclusions),
  }))
}

/** Words a spreadsheet uses for allergens → the law's allergens. "nuts" excludes both kinds. */
const ALLERGEN_WORDS: Record<string, readonly Allergen[]> = {
  ...Object.fromEntries(ALLERGENS.map((allergen) => [allergen, [allergen]])),
  wheat: ['gluten'],
  coeliac: ['gluten'],
  celiac: ['gluten'],
  crustacean: ['crustaceans'],
  prawns: ['crustaceans'],
  shrimp: ['crustaceans'],
  egg: ['eggs'],
  peanut: ['peanuts'],
  groundnuts: ['peanuts'],
  soy: ['soybeans'],
  soya: ['soybeans'],
  soybean: ['soybeans'],
  dairy: ['milk'],
  lactose: ['milk'],
  nut: ['tree nuts', 'peanuts'],
  nuts: ['tree nuts', 'peanuts'],
  'tree nut': ['tree nuts'],
  almonds: ['tree nuts'],
  hazelnuts: ['tree nuts'],
  walnuts: ['tree nuts'],
  sulfites: ['sulphites'],
  sulphite: ['sulphites'],
  sulfite: ['sulphites'],
  lupine: ['lupin'],
  mollusc: ['molluscs'],
  mollusks: ['molluscs'],
  mollusk: ['molluscs'],
}
const NO_ALLERGENS = new Set(['', 'none', 'no', 'n a', 'na', 'nothing', '-'])

/**
 * "No nuts, gluten-free / dairy" → the allergens, or the first word that is not one (to be worded
 * as a row error). Pure.
 */
export function allergensFromWords(
  text: string,
): { ok: true; allergens: Allergen[] } | { ok: false; word: string } {
  const found = new Set<Allergen>()
  for (const raw of text.split(/[,;/+&\n]|\band\b/i)) {
    const word = raw
      .toLocaleLowerCase('en')
      .replace(/[^a-z ]+/g, ' ')
      .replace(/\b(no|without|allergy|allergic to|intolerance|free)\b/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    if (NO_ALLERGENS.has(word)) continue
    const allergens = ALLERGEN_WORDS[word]
    if (!allergens) return { ok: false, word: raw.trim() }
    for (const allergen of allergens) found.add(allergen)
  }
  return { ok: true, allergens: ALLERGENS.filter((allergen) => found.has(allergen)) }
}

/** A file row as `createRecipient` input, or the row's problems in words. */
function toRecipientInput(
  row: RecipientImportRow,
): { ok: true; input: CreateRecipientInput } | { ok: false; issues: CsvRowIssue[] } {
  const issues: CsvRowIssue[] = []
  const issue = (field: keyof RecipientImportRow, message: string) =>
    issues.push({ rowNumber: row.rowNumber, field, message })
  if (row.name.trim() === '') issue('name', 'the name is empty')
  let routeOrder: number | undefined
  if (row.routeOrder !== '') {
    if (/^\d+$/.test(row.routeOrder)) routeOrder = Number(row.routeOrder)
    else issue('routeOrder', `the route order "${row.routeOrder}" is not a whole number`)
  }
  const allergens = allergensFromWords(row.exclusions)
  if (!allergens.ok) issue('exclusions', `"${allergens.word}" is not one of the 14 allergens`)
  if (issues.length > 0) return { ok: false, issues }
  const input: CreateRecipientInput = {
    name: row.name,
    household: row.household,
    address: row.address,
    notes: row.notes,
    ...(row.route ? { route: row.route } : {}),
    ...(routeOrder !== undefined ? { routeOrder } : {}),
    ...(allergens.ok && allergens.allergens.length ? { exclusions: allergens.allergens } : {}),
  }
  const result = createRecipientInputSchema.safeParse(input, { error: cookIssueMessage })
  if (result.success) return { ok: true, input }
  return {
    ok: false,
    issues: result.error.issues.map((zodIssue) => {
      const field = String(zodIssue.path[0] ?? 'name') as keyof RecipientImportRow
      return {
        rowNumber: row.rowNumber,
        field,
        message: `${FIELD_WORDS[field] ?? field}: ${zodIssue.message}`,
      }
    }),
  }
}

/** A likely duplicate: same name and household as a saved recipient or an earlier file row. */
export type RecipientDuplicate = {
  rowNumber: number
  name: string
  household: string
  /** The saved recipient it matches, or null when it matches an earlier row of the file. */
  existingRecipientId: string | null
  /** The earlier file row it matches, or null when it matches a saved recipient. */
  sameAsRow: number | null
}

export type RecipientImportCheck = {
  rows: number
  issues: CsvRowIssue[]
  duplicates: RecipientDuplicate[]
}

function duplicateKey(name: string, household: string): string {
  const fold = (text: string) => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en')
  return `${fold(name)}\u0000${fold(household)}`
}

export const checkRecipientImportInputSchema = z.strictObject({
  rows: z.array(recipientImportRowSchema).max(50_000, 'That file has more than 50,000 rows'),
})
export type CheckRecipientImportInput = z.input<typeof checkRecipientImportInputSchema>

/**
 * Every problem of every row (all rows are looked at, not just up to the first bad one) and the
 * likely duplicates, against the live recipients and earlier rows of the file.
 * Tables: recipients (read).
 */
export async function checkRecipientImport(
  tx: Tx,
  input: CheckRecipientImportInput,
): Promise<RecipientImportCheck> {
  const { rows } = parseInput(checkRecipientImportInputSchema, input)
  const saved = await tx.recipients.toArray()
  const known = new Map<string, { recipientId: string | null; rowNumber: number | null }>()
  for (const recipient of saved) {
    if (recipient.deletedAt !== null) continue
    known.set(duplicateKey(recipient.name, recipient.household), {
      recipientId: recipient.id,
      rowNumber: null,
    })
  }
  const issues: CsvRowIssue[] = []
  const duplicates: RecipientDuplicate[] = []
  for (const row of rows) {
    const checked = toRecipientInput(row)
    if (!checked.ok) {
      issues.push(...checked.issues)
      continue
    }
    const key = duplicateKey(row.name, row.household)
    const match = known.get(key)
    if (match) {
      duplicates.push({
        rowNumber: row.rowNumber,
        name: row.name,
        household: row.household,
        existingRecipientId: match.recipientId,
        sameAsRow: match.rowNumber,
      })
    } else {
      known.set(key, { recipientId: null, rowNumber: row.rowNumber })
    }
  }
  return { rows: rows.length, issues, duplicates }
}
checkRecipientImport.tables = tablesOf('recipients')

export const importRecipientsInputSchema = checkRecipientImportInputSchema.extend({
  /** Row numbers the cook chose to leave out (usually the likely duplicates). */
  skipRows: z.array(z.number().int()).default([]),
})
export type ImportRecipientsInput = z.input<typeof importRecipientsInputSchema>

export type RecipientImportResult = {
  created: number
  /** Row numbers left out, as asked. */
  skipped: number[]
  /** Ids of the recipients created, in file order (for Undo). */
  createdIds: string[]
}

/**
 * Import the rows as new recipients, all or nothing: every row not in `skipRows` is checked
 * first, and any bad row refuses the whole file before anything is written. Duplicates are
 * imported unless skipped. Rows are written in one bulk write through `createRecipients`.
 * @throws CsvRowsError listing every bad row (row number, field, words); nothing is written.
 * Tables: recipients. Offline: new rows with fresh ids, synced like any other change.
 */
export async function importRecipients(
  tx: Tx,
  input: ImportRecipientsInput,
): Promise<RecipientImportResult> {
  const { rows, skipRows } = parseInput(importRecipientsInputSchema, input)
  const skip = new Set(skipRows)
  const inputs: CreateRecipientInput[] = []
  const issues: CsvRowIssue[] = []
  for (const row of rows) {
    if (skip.has(row.rowNumber)) continue
    const checked = toRecipientInput(row)
    if (checked.ok) inputs.push(checked.input)
    else issues.push(...checked.issues)
  }
  if (issues.length > 0) throw new CsvRowsError(issues)
  const createdIds = (await createRecipients(tx, inputs)).map((recipient) => recipient.id)
  return {
    created: inputs.length,
    skipped: rows.filter((row) => skip.has(row.rowNumber)).map((row) => row.rowNumber),
    createdIds,
  }
}
importRecipients.tables = tablesOf(createRecipients)
