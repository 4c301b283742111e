/**
 * The sync protocol's wire schemas, shared by the app and the server (server/ imports only this
 * module from src). Every request and response body is parsed with these before anything else
 * happens. Limits keep one request small enough for a tablet on a weak connection and a small
 * server; unknown tables are refused by the table enum, unknown or malformed fields by the
 * table's row schema, each with a reason.
 */
import { z } from 'zod'
import { ROW_SCHEMAS } from '../db/tables'
import { parseHlc } from '../crdt/hlc'
import { changeRecordSchema, type ChangeRecord } from '../db/change-record'

// What the server shares with the app besides the wire schemas: the change record and the app's
// merge policy (it merges rows and compacts snapshots exactly as every tablet does).
export {
  SYNCED_TABLES,
  changeRecordSchema,
  syncedTableSchema,
  type ChangeRecord,
  type SyncedTable,
} from '../db/change-record'
export { MERGE_POLICY, compactChanges, mergeRow } from '../db/merge-policy'
export { GLOBAL_SCOPE, eventScope, foldRow, rowScope } from './row-scope'

/** Bumped only for incompatible changes; the schema otherwise only grows. */
export const PROTOCOL_VERSION = 1
export const PROTOCOL_HEADER = 'x-bake-protocol'
export const MAX_PUSH_BATCH = 500
export const MAX_PULL_LIMIT = 1000
export const MAX_BODY_BYTES = 2 * 1024 * 1024
/** The largest JSON size of one change's fields. */
export const MAX_CHANGE_FIELDS_BYTES = 16 * 1024
/**
 * How far ahead of the server's clock a change may be stamped (docs/decisions.md): further, and
 * the whole push is refused with `clock-ahead`, so a tablet with a wrong clock cannot win every
 * last-writer-wins conflict.
 */
export const CLOCK_TOLERANCE_MS = 5 * 60_000
/** Every API answer carries the server's clock (ms since the epoch) in this header. */
export const SERVER_TIME_HEADER = 'x-bake-server-time'
export const serverTimeSchema = z.coerce.number().int().positive()
/**
 * Push, pull and snapshot answers carry the space log's generation id (a restore changes it)
 * and its end (the last seq), in headers so that apps which do not know them are unaffected.
 * A tablet that synced with another generation, or whose cursor is beyond the end, heals.
 */
export const GENERATION_HEADER = 'x-bake-generation'
export const LOG_END_HEADER = 'x-bake-log-end'
export const generationSchema = z.string().min(1).max(100)
export const logEndSchema = z.coerce.number().int().nonnegative()

/** How far the most future-stamped change is ahead of `serverTime` (≤ 0 when none is). */
export function clockAheadBy(changes: readonly ChangeRecord[], serverTime: number): number {
  let newest = Number.NEGATIVE_INFINITY
  for (const change of changes) newest = Math.max(newest, parseHlc(change.hlc).wall)
  return newest - serverTime
}

const encoder = new TextEncoder()
function utf8Length(text: string): number {
  return encoder.encode(text).length
}

/**
 * An upper bound of `value`'s JSON size in UTF-8 bytes, without building the JSON: a UTF-16 unit
 * takes at most 6 bytes (a `\u` escape), a number at most 25 characters.
 */
function jsonBytesAtMost(value: unknown): number {
  if (typeof value === 'string') return 6 * value.length + 2
  if (typeof value === 'number') return 25
  if (typeof value === 'boolean' || value === null || value === undefined) return 5
  if (Array.isArray(value)) {
    let bytes = 2
    for (const item of value) bytes += jsonBytesAtMost(item) + 1
    return bytes
  }
  if (typeof value === 'object') {
    let bytes = 2
    for (const [key, item] of Object.entries(value))
      bytes += 6 * key.length + 4 + jsonBytesAtMost(item)
    return bytes
  }
  return Number.POSITIVE_INFINITY
}

/**
 * Per table, ONE schema for a change's fields (every row field optional, `id` not among them):
 * a change is checked by one parse instead of one per field. Built on first use.
 */
const fieldsSchemas = new Map<string, z.ZodType>()
function fieldsSchemaOf(table: ChangeRecord['table']): z.ZodType {
  let schema = fieldsSchemas.get(table)
  if (!schema) {
    const shape = { ...(ROW_SCHEMAS[table].shape as Record<string, z.ZodType>) }
    delete shape.id
    schema = z.object(shape).partial()
    fieldsSchemas.set(table, schema)
  }
  return schema
}

/**
 * The fast check of a change's fields: every field known (an own member of the row schema's
 * shape, not `id`), a size bound under the limit, and one parse. False sends the change to the
 * field-by-field check, which finds the reason.
 */
function fieldsPlainlyFit(change: ChangeRecord): boolean {
  const shape = ROW_SCHEMAS[change.table].shape as Record<string, z.ZodType>
  let bytes = 2
  for (const [field, value] of Object.entries(change.fields)) {
    if (field === 'id' || !Object.hasOwn(shape, field) || value === undefined) return false
    bytes += 6 * field.length + 4 + jsonBytesAtMost(value)
  }
  return (
    bytes <= MAX_CHANGE_FIELDS_BYTES &&
    fieldsSchemaOf(change.table).safeParse(change.fields).success
  )
}

/** Checks a change's fields against its table's row schema: known fields, valid values. */
export function checkChangeFields(change: ChangeRecord): string | null {
  if (fieldsPlainlyFit(change)) return null
  const schema = ROW_SCHEMAS[change.table]
  const shape = schema.shape as Record<string, z.ZodType>
  if (utf8Length(JSON.stringify(change.fields)) > MAX_CHANGE_FIELDS_BYTES) {
    return `change ${change.id}: fields larger than ${MAX_CHANGE_FIELDS_BYTES} bytes`
  }
  for (const [field, value] of Object.entries(change.fields)) {
    // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
    const fieldSchema = field !== 'id' && Object.hasOwn(shape, field) ? shape[field] : undefined
    if (!fieldSchema)
      return `change ${change.id}: unknown field "${field}" for table ${change.table}`
    const result = fieldSchema.safeParse(value)
    if (!result.success) {
      return `change ${change.id}: invalid ${change.table}.${field}: ${result.error.issues[0]?.message ?? 'invalid'}`
    }
  }
  return null
}

/**
 * Refuses a field named `__proto__` before the record schema sees it: JSON.parse keeps it as an
 * own key, but a parsed record would drop it without a word (other inherited names such as
 * `constructor` reach checkChangeFields, which refuses them as unknown).
 */
function refuseProtoField(
  raw: unknown,
  context: z.RefinementCtx,
  path: (string | number)[] = [],
): unknown {
  if (typeof raw !== 'object' || raw === null || !('fields' in raw)) return raw
  const fields = raw.fields
  if (typeof fields === 'object' && fields !== null && Object.hasOwn(fields, '__proto__'))
    context.addIssue({
      code: 'custom',
      message: 'unknown field "__proto__"',
      path: [...path, 'fields'],
    })
  return raw
}

function refineFields(change: ChangeRecord, context: z.RefinementCtx): void {
  const problem = checkChangeFields(change)
  if (problem) context.addIssue({ code: 'custom', message: problem, path: ['fields'] })
}

/** A change as a device pushes it: a change record whose fields fit its table's row schema. */
export const wireChangeSchema = z.preprocess(
  refuseProtoField,
  changeRecordSchema.superRefine(refineFields),
)

/**
 * A push's changes, checked as wireChangeSchema checks each, in one pass over the batch: the
 * `__proto__` check before the records are parsed, the fields of every change after (the issues
 * keep their paths: `<index>.fields`). Per-change wrappers cost zod a context per change.
 */
const wireChangesSchema = z.preprocess(
  (raw: unknown, context) => {
    if (Array.isArray(raw))
      raw.forEach((change: unknown, index) => refuseProtoField(change, context, [index]))
    return raw
  },
  z
    .array(changeRecordSchema)
    .min(1)
    .max(MAX_PUSH_BATCH)
    .superRefine((changes, context) => {
      changes.forEach((change, index) => {
        const problem = checkChangeFields(change)
        if (problem) context.addIssue({ code: 'custom', message: problem, path: [index, 'fields'] })
      })
    }),
)

/** What a cook calls a device ("Kitchen iPad"), set in Settings; notices name devices by it. */
export const deviceNameSchema = z
  .string()
  .trim()
  .min(1, 'Give this tablet a name')
  .max(60, 'Keep the name under 60 characters')

export const pushRequestSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  deviceId: z.string().min(1).max(100),
  /** Optional: apps before device names send none, and the registry keeps the last one given. */
  deviceName: deviceNameSchema.optional(),
  changes: wireChangesSchema,
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export const pushResponseSchema = z.strictObject({
  /** Every change id of the request, stored now or before: the client marks them pushed. */
  acknowledged: z.array(z.string()),
  /** How many of them were new to the server. */
  stored: z.number().int().nonnegative(),
})
export type PushResponse = z.infer<typeof pushResponseSchema>

/** A device of the space's registry (`GET /api/sync/devices`). */
export const deviceInfoSchema = z.strictObject({
  deviceId: z.string(),
  name: z.string().nullable(),
  /** ISO 8601: the device's last push. */
  lastSeenAt: z.string(),
})
export type DeviceInfo = z.infer<typeof deviceInfoSchema>
export const devicesResponseSchema = z.strictObject({ devices: z.array(deviceInfoSchema) })
/** `POST /api/sync/devices`: a device names itself without waiting for its next push. */
export const registerDeviceRequestSchema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  deviceId: z.string().min(1).max(100),
  deviceName: deviceNameSchema,
})
export type DevicesResponse = z.infer<typeof devicesResponseSchema>

export const pullQuerySchema = z.strictObject({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(MAX_PULL_LIMIT),
})

export const pulledChangeSchema = changeRecordSchema.extend({ seq: z.number().int().positive() })
export type PulledChange = z.infer<typeof pulledChangeSchema>

/** A numbered change checked as a push checks it (server backups). */
export const checkedPulledChangeSchema = z.preprocess(
  refuseProtoField,
  pulledChangeSchema.superRefine(refineFields),
)

export const pullResponseSchema = z.strictObject({
  changes: z.array(pulledChangeSchema),
  /** The sequence number to ask after next time. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
})
export type PullResponse = z.infer<typeof pullResponseSchema>

/** The most log entries one snapshot page covers (bounded memory and time per request). */
export const MAX_SNAPSHOT_LIMIT = 5000

/** `after`: the cursor of the previous page (0 first). A client that sends it gets `hasMore`. */
export const snapshotQuerySchema = z.strictObject({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_SNAPSHOT_LIMIT).default(MAX_SNAPSHOT_LIMIT),
})

export const snapshotResponseSchema = z.strictObject({
  /** The compacted changes (merge/compactChanges) of the log entries after `after` up to `cursor`. */
  changes: z.array(changeRecordSchema),
  cursor: z.number().int().nonnegative(),
  /**
   * More of the log follows `cursor` (only when the request sent `after`: older apps, whose
   * schema has no such member, get one bounded page and go on with pull from its cursor).
   */
  hasMore: z.boolean().optional(),
})
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>

/**
 * The current-rows snapshot (`GET /api/sync/rows`, issue 18): a new tablet's first sync pages the
 * server's current rows by key, one scope at a time — `global` (catalogue, recipients, events),
 * `events` (the rows of the listed events) and `rest` (every other event's rows) — then pulls the
 * log after `seq`. Older apps keep using `/api/sync/snapshot`.
 */
export const ROWS_SCOPES = ['global', 'events', 'rest'] as const
export type RowsScope = (typeof ROWS_SCOPES)[number]
/** Rows per page by default and at most (a page's body stays well under a few MB). */
export const DEFAULT_ROWS_LIMIT = 1000
export const MAX_ROWS_LIMIT = 2000
/** The most events one `events`/`rest` request may list. */
export const MAX_SCOPE_EVENTS = 100

export const rowsQuerySchema = z.strictObject({
  scope: z.enum(ROWS_SCOPES),
  /** Comma-separated event ids (ids holding a comma cannot be listed: their rows come in `rest`). */
  events: z
    .string()
    .max(MAX_SCOPE_EVENTS * 201)
    .optional()
    .transform((list) => (list ? list.split(',').filter((id) => id.length > 0) : []))
    .pipe(z.array(z.string().max(200)).max(MAX_SCOPE_EVENTS)),
  /** The `cursor` of the previous page of this scope (absent for the first page). */
  cursor: z
    .string()
    .max(1200)
    .regex(/^\d{1,15}\.[A-Za-z0-9_-]+$/, 'Not a rows cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_ROWS_LIMIT).default(DEFAULT_ROWS_LIMIT),
})
export type RowsQuery = z.input<typeof rowsQuerySchema>

export const rowsResponseSchema = z.strictObject({
  /** The states (compacted changes) of this page's rows. */
  changes: z.array(changeRecordSchema),
  /** How many rows the page holds. */
  rows: z.number().int().nonnegative(),
  /** Ask with this for the next page of the scope; null when the scope is done. */
  cursor: z.string().nullable(),
  /**
   * The log position the scope's first page was read at: every row is at least that current, so
   * pulling the log after it (the pull cursor) misses nothing.
   */
  seq: z.number().int().nonnegative(),
  /** First page of the `rest` scope only: how many rows it holds (a progress figure). */
  total: z.number().int().nonnegative().optional(),
})
export type RowsResponse = z.infer<typeof rowsResponseSchema>

export const createSpaceRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  /**
   * The creating tablet: when given, the token returned is this device's own credential and the
   * space has no shared secret. Apps before device credentials send none and get the space secret.
   */
  deviceId: z.string().min(1).max(100).optional(),
  deviceName: deviceNameSchema.optional(),
})
export const createSpaceResponseSchema = z.strictObject({
  spaceId: z.string(),
  /** The secret (the device's own, or the space's); kept by the device. The server keeps its hash. */
  token: z.string(),
})
export type CreateSpaceResponse = z.infer<typeof createSpaceResponseSchema>

/**
 * `POST /api/spaces/reclaim` (Bearer: the tablet's credential): a server that does not know the
 * space (rebuilt empty) re-creates it with this id and registers the credential as this device's
 * own, when its operator allows it (SPACE_RECLAIM) and within the space-creation limit. The tablet
 * then re-sends its state (sync/heal.ts).
 */
export const reclaimSpaceRequestSchema = z.strictObject({
  deviceId: z.string().min(1).max(100),
  deviceName: deviceNameSchema.optional(),
  name: z.string().trim().min(1).max(100).optional(),
})
export const reclaimSpaceResponseSchema = z.strictObject({ spaceId: z.string() })
export type ReclaimSpaceResponse = z.infer<typeof reclaimSpaceResponseSchema>

/** How long an invitation can be spent (one time) after it was made. */
export const INVITATION_TTL_MS = 24 * 60 * 60 * 1000
/** `POST /api/sync/invitations`: a one-time invitation code `<spaceId>.<code>` for a join link. */
export const invitationResponseSchema = z.strictObject({
  invitation: z.string(),
  /** ISO 8601. */
  expiresAt: z.string(),
})
export type InvitationResponse = z.infer<typeof invitationResponseSchema>
/** `POST /api/join`: a tablet trades an invitation for its own credential (in the body, never a URL). */
export const joinRequestSchema = z.strictObject({
  invitation: z.lazy(() => spaceCredentialSchema),
  deviceId: z.string().min(1).max(100),
  deviceName: deviceNameSchema.optional(),
})
/** `POST /api/sync/devices/remove`: removes a device from the space (it is locked out at once). */
export const removeDeviceRequestSchema = z.strictObject({ deviceId: z.string().min(1).max(100) })
/** `POST /api/sync/credential`: a tablet on the shared space secret trades it for its own. */
export const tradeCredentialRequestSchema = z.strictObject({
  deviceId: z.string().min(1).max(100),
  deviceName: deviceNameSchema.optional(),
})

export const WIRE_ERROR_CODES = [
  'bad-request',
  'unauthorized',
  'payload-too-large',
  'unsupported-protocol',
  'not-found',
  'rate-limited',
  'internal',
  'clock-ahead',
  /** 401: this device was removed from the space; its local data stays, it may rejoin. */
  'device-removed',
  /** 401: the invitation is unknown, expired or already spent. */
  'invitation-invalid',
] as const
export const wireErrorSchema = z.strictObject({
  code: z.enum(WIRE_ERROR_CODES),
  message: z.string(),
  details: z.array(z.string()).optional(),
  /** `clock-ahead` only: the server's clock and how far the push's newest stamp was ahead of it. */
  serverTime: z.number().int().positive().optional(),
  aheadByMs: z.number().int().positive().optional(),
})
export type WireError = z.infer<typeof wireErrorSchema>

/** The refusal of a push stamped more than CLOCK_TOLERANCE_MS ahead (HTTP 409); nothing stored. */
export const clockAheadErrorSchema = wireErrorSchema.extend({
  code: z.literal('clock-ahead'),
  serverTime: z.number().int().positive(),
  aheadByMs: z.number().int().positive(),
})
export type ClockAheadError = z.infer<typeof clockAheadErrorSchema>

/** A space credential as a device stores it and a join code carries it: `<spaceId>.<token>`. */
export const spaceCredentialSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}\.[A-Za-z0-9_-]{16,128}$/, 'Not a valid join code')
export function splitCredential(credential: string): { spaceId: string; token: string } {
  const [spaceId = '', token = ''] = credential.split('.')
  return { spaceId, token }
}
