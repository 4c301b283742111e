/**
 * The sync server's storage interface (DESIGN §4): spaces with a hashed token, their devices
 * (each with a hashed credential, or removed) and one-time invitations, and per space an
 * append-only change log numbered 1, 2, 3… in arrival order. Appending is idempotent by change
 * id, so a retried push stores nothing twice, and numbers have no gaps, so a cursor (the last
 * seq a client applied) never skips or repeats a change. Each append also folds its changes into
 * the space's current rows in the same transaction, so snapshots page rows, not history. Backends: PGlite (embedded, default)
 * and PostgreSQL (DATABASE_URL), both running the same SQL (sql.ts) through `SqlStorage`.
 */
import type { ChangeRecord } from '../../src/sync/wire'

/** A change as the server keeps it: the wire record plus its number in the space's log. */
export type LoggedChange = ChangeRecord & { seq: number }

export type SpaceRecord = {
  spaceId: string
  /** Hex SHA-256 of the space's secret token; the token itself is never stored. */
  tokenHash: string
  name: string | null
  /** ISO 8601. */
  createdAt: string
}

export type AppendResult = {
  /** Ids stored now, in log order. */
  accepted: string[]
  /** Ids already in the log (or repeated within the batch): acknowledged, not stored again. */
  duplicates: string[]
  /** The space's last seq after the append. */
  latestSeq: number
  /** The log's generation the append went into (read under the space lock), when known. */
  generation?: string
}

/** A device as a backup keeps it: its registry row with its credential's hash. */
export type DeviceBackup = {
  deviceId: string
  name: string | null
  firstSeenAt: string
  lastSeenAt: string
  tokenHash: string | null
  revokedAt: string | null
}

/**
 * One space of a restore: its record, its log in seq order and (backups from version 3 on) its
 * device registry, already validated.
 */
export type SpaceRestore = {
  space: SpaceRecord
  changes: readonly ChangeRecord[]
  devices?: readonly DeviceBackup[]
}

export type RestoredSpace = {
  spaceId: string
  createdSpace: boolean
  stored: number
  duplicates: number
}

/**
 * Which log a tablet is syncing with: `generation` changes whenever the log may have been
 * renumbered (a restore, the operator's --new-generation), and `latestSeq` is its end, so a
 * tablet whose cursor is beyond it knows the log was cut short.
 */
export type SpaceLog = { generation: string; latestSeq: number }

export type PullResult = {
  changes: LoggedChange[]
  /** The seq to ask after next time: the last returned, or `after` when nothing came back. */
  cursor: number
  hasMore: boolean
}

export type SnapshotSource = {
  /** Every change with seq ≤ cursor, in seq order. */
  changes: ChangeRecord[]
  cursor: number
}

/**
 * Which current rows a snapshot page holds, by scope (src/sync/row-scope.ts): `only` these scopes
 * (all when absent), `except` these.
 */
export type RowsFilter = { only?: readonly string[]; except?: readonly string[] }

/** A row's key: the order snapshot pages follow (table, then row id). */
export type RowKey = { table: string; rowId: string }

export type RowsPage = {
  /** Current rows in key order, each as its state (the compacted changes of the row). */
  rows: { table: string; rowId: string; changes: ChangeRecord[] }[]
  /** The key to page after next; null when this page was the last. */
  last: RowKey | null
}

/**
 * A device of a space, as its pushes or its joining introduce it. A device that joined has its own
 * credential (only its hash is stored); a removed one keeps its row with `revokedAt` set.
 */
export type DeviceRecord = {
  deviceId: string
  name: string | null
  /** ISO 8601. */
  firstSeenAt: string
  lastSeenAt: string
  /** ISO 8601 when the device was removed from the space; null while it belongs. */
  revokedAt: string | null
}

/** Why an invitation could not be spent; `ok` when it was (and the device got its credential). */
export type RedeemResult = 'ok' | 'unknown' | 'expired' | 'spent'

/** Hears that a space's log grew to `latestSeq`; `resync` after the feed may have missed some. */
export type ChangeFeedListener = {
  changed(spaceId: string, latestSeq: number): void
  resync(): void
}

/**
 * Announcements of appends made by any server process sharing the storage (PostgreSQL
 * LISTEN/NOTIFY). A storage without one is owned by a single process, which announces its own.
 */
export interface ChangeFeed {
  subscribe(listener: ChangeFeedListener): () => void
}

export interface SyncStorage {
  /** Present when other processes may append to the same storage; see ChangeFeed. */
  readonly changeFeed?: ChangeFeed | undefined
  /** @throws SpaceExistsError when the id is taken. */
  createSpace(space: SpaceRecord): Promise<void>
  /** The token hash of a space, or null when there is no such space. */
  getSpaceTokenHash(spaceId: string): Promise<string | null>
  listSpaces(): Promise<(SpaceRecord & { latestSeq: number })[]>
  /**
   * Appends the changes not yet in the space's log, in the given order, atomically.
   * @throws SpaceNotFoundError
   */
  appendChanges(spaceId: string, changes: readonly ChangeRecord[]): Promise<AppendResult>
  /**
   * Restores spaces in ONE transaction (all or nothing): creates each missing space with its
   * token hash and appends the changes its log lacks, in order (idempotent by change id), adds
   * the backed-up devices it does not know (a device it knows keeps its row as it is), and
   * starts a new generation of each restored space's log (its numbering may differ from what
   * tablets saw).
   * @throws SpaceTokenMismatchError when a space exists with another token (nothing restored)
   */
  restore(spaces: readonly SpaceRestore[]): Promise<RestoredSpace[]>
  /** Up to `limit` changes with seq > after, in seq order. */
  pull(spaceId: string, after: number, limit: number): Promise<PullResult>
  /** The whole log up to a consistent cursor, for compaction into a snapshot. */
  snapshot(spaceId: string): Promise<SnapshotSource>
  /**
   * Up to `limit` current rows matching `filter` with keys after `after`, in key order. Each
   * state holds every logged change of its row committed before the read (it may hold later ones).
   */
  rowsPage(
    spaceId: string,
    filter: RowsFilter,
    after: RowKey | null,
    limit: number,
  ): Promise<RowsPage>
  /** How many current rows match `filter` (a progress figure's total). */
  countRows(spaceId: string, filter: RowsFilter): Promise<number>
  latestSeq(spaceId: string): Promise<number>
  /** The log's generation and end, or null when there is no such space. */
  spaceLog(spaceId: string): Promise<SpaceLog | null>
  /**
   * Starts a new generation of every space's log (after the operator put back an older copy of
   * the database by other means than --restore). Returns how many spaces there are.
   */
  renewGenerations(): Promise<number>
  /**
   * Registers a device of the space or refreshes it: `lastSeenAt` moves on, a name replaces the
   * stored one, a null name keeps it.
   */
  recordDevice(
    spaceId: string,
    device: { deviceId: string; name: string | null; seenAt: string },
  ): Promise<void>
  /** The space's devices (removed ones too), most recently seen first. */
  listDevices(spaceId: string): Promise<DeviceRecord[]>
  /** The space's devices with their credentials' hashes, for a backup. */
  deviceBackups(spaceId: string): Promise<DeviceBackup[]>
  /**
   * Gives a device its own credential (registering it, or clearing an earlier removal).
   * @throws SpaceNotFoundError
   */
  setDeviceCredential(
    spaceId: string,
    device: { deviceId: string; name: string | null; tokenHash: string; seenAt: string },
  ): Promise<void>
  /** The device whose credential has this hash, or null. */
  deviceByTokenHash(
    spaceId: string,
    tokenHash: string,
  ): Promise<{ deviceId: string; revokedAt: string | null } | null>
  /**
   * Removes a device, and in the same transaction replaces the space secret's hash (so tablets
   * still on the shared secret are locked out too). False when there was no such device to remove.
   */
  revokeDevice(
    spaceId: string,
    deviceId: string,
    at: string,
    newSpaceTokenHash: string,
  ): Promise<boolean>
  createInvitation(
    spaceId: string,
    invitation: {
      codeHash: string
      createdBy: string | null
      createdAt: string
      expiresAt: string
    },
  ): Promise<void>
  /**
   * Spends an unused, unexpired invitation and gives the device its credential, in one
   * transaction; an invitation is spent at most once even when two tablets race for it.
   */
  redeemInvitation(
    spaceId: string,
    codeHash: string,
    device: { deviceId: string; name: string | null; tokenHash: string; seenAt: string },
  ): Promise<RedeemResult>
  /** Throws when the storage cannot answer (health check). */
  ping(): Promise<void>
  close(): Promise<void>
}

export class SpaceExistsError extends Error {
  override readonly name = 'SpaceExistsError'
  constructor(readonly spaceId: string) {
    super(`Space ${spaceId} already exists`)
  }
}

export class SpaceTokenMismatchError extends Error {
  override readonly name = 'SpaceTokenMismatchError'
  constructor(readonly spaceId: string) {
    super(`Space ${spaceId} exists here with a different token; not restoring it`)
  }
}

export class SpaceNotFoundError extends Error {
  override readonly name = 'SpaceNotFoundError'
  constructor(readonly spaceId: string) {
    super(`Space ${spaceId} does not exist`)
  }
}
