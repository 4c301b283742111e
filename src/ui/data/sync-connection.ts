/**
 * Wires the sync engine to the app: reads the stored space, starts the engine with the browser's
 * online/visibility events, Web Locks (one syncing tab), the server's live channel (SSE over fetch) and
 * Dexie's write notifications, and offers create/join/leave for the Settings screen. All network
 * calls happen outside transactions.
 */
import { Dexie } from 'dexie'
import { useLiveQuery } from 'dexie-react-hooks'
import { useStore } from 'zustand'
import { db } from '../../db/instance'
import type { OnlineSource, SyncEngine, SyncLock } from '../../sync/engine'
import type { openLiveChannel as OpenLiveChannel } from '../../sync/live-channel'
import { syncStatusStore, type SyncStatus } from '../../sync/status-store'
import type { SyncNotice } from '../../sync/notices'
import {
  clearSyncConfig,
  defaultDeviceName,
  readDeviceName,
  readSyncConfig,
  writeDeviceName,
  writeOwnCredential,
  writeSyncConfig,
  type SyncConfig,
} from '../../sync/sync-state'
import { joinLink } from '../../sync/join-link'
import { createHttpTransport } from '../../sync/transport'
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  createSpaceResponseSchema,
  deviceNameSchema,
  type DeviceInfo,
  wireErrorSchema,
} from '../../sync/wire'
import { useToastStore } from '../stores/toast-store'
import { describeNotices } from '../sync-notice-text'

let engine: SyncEngine | null = null
/** Bumped by every start and leave, so a start that was still loading the engine gives way. */
let generation = 0

const browserOnline: OnlineSource = {
  isOnline: () => navigator.onLine,
  subscribe: (listener) => {
    window.addEventListener('online', listener)
    window.addEventListener('offline', listener)
    return () => {
      window.removeEventListener('online', listener)
      window.removeEventListener('offline', listener)
    }
  },
}

const webLock: SyncLock = async (fn) => {
  if (!('locks' in navigator)) return fn()
  let result: Awaited<ReturnType<typeof fn>> | undefined
  await navigator.locks.request('bake-tracker-sync', { ifAvailable: true }, async (lock) => {
    if (lock) result = await fn()
  })
  return result
}

function liveChannel(config: SyncConfig, openLiveChannel: typeof OpenLiveChannel) {
  return (onRemoteChange: () => void) =>
    openLiveChannel(
      {
        ...config,
        wake: (listener) =>
          browserOnline.subscribe(() => {
            if (browserOnline.isOnline()) listener()
          }),
      },
      onRemoteChange,
    )
}

function localWrites(onLocalWrite: () => void): () => void {
  const listener = (parts: Record<string, unknown>) => {
    // Only writes to the change log matter: every domain write adds one (db/mutate.ts).
    if (Object.keys(parts).some((key) => key.includes(`/${db.name}/changes/`))) onLocalWrite()
  }
  Dexie.on('storagemutated', listener)
  return () => Dexie.on('storagemutated').unsubscribe(listener)
}

function onVisible(listener: () => void): () => void {
  const handler = () => {
    if (document.visibilityState === 'visible') listener()
  }
  document.addEventListener('visibilitychange', handler)
  return () => document.removeEventListener('visibilitychange', handler)
}

/** Long enough to read a sentence naming a package and a tablet. */
const NOTICE_DURATION_MS = 15_000

function showNotices(notices: SyncNotice[], deviceNames: ReadonlyMap<string, string>): void {
  const message = describeNotices(notices, deviceNames)
  if (message) useToastStore.getState().show({ message, durationMs: NOTICE_DURATION_MS })
}

/** Give this device a readable name the first time it syncs ("Android tablet 3F2A"). */
async function ensureDeviceName(): Promise<void> {
  if ((await readDeviceName(db)) !== undefined) return
  await db.open()
  await writeDeviceName(db, defaultDeviceName(navigator.userAgent, db.clock.node))
}

/**
 * A tablet of an older space still holds the space's shared secret: trade it for this tablet's
 * own credential (best effort; offline, it is tried at the next start).
 */
async function ensureOwnCredential(config: SyncConfig): Promise<SyncConfig> {
  if (config.ownCredential) return config
  const name = await readDeviceName(db)
  const traded = await createHttpTransport(config).tradeCredential?.(db.clock.node, name)
  if (!traded) return config
  if (traded.ok) {
    const credential = `${traded.value.spaceId}.${traded.value.token}`
    await writeOwnCredential(db, credential)
    return { ...config, credential, ownCredential: true }
  }
  return config
}

/** Start (or restart) syncing with the stored space; does nothing when none is configured. */
export async function startSync(): Promise<void> {
  engine?.stop()
  engine = null
  const mine = ++generation
  const stored = await readSyncConfig(db)
  if (!stored) return
  await ensureDeviceName()
  const config = await ensureOwnCredential(stored)
  // The engine and the live channel are their own chunk: the first screen never waits for them.
  const [{ SyncEngine }, { openLiveChannel }] = await Promise.all([
    import('../../sync/engine'),
    import('../../sync/live-channel'),
  ])
  if (mine !== generation) return
  engine = new SyncEngine({
    db,
    transport: createHttpTransport(config),
    status: syncStatusStore,
    online: browserOnline,
    lock: webLock,
    liveChannel: liveChannel(config, openLiveChannel),
    localWrites,
    visibility: onVisible,
    onNotices: showNotices,
  })
  engine.start()
}

export function syncNow(): void {
  void engine?.syncNow()
}

export type ConnectResult = { ok: true } | { ok: false; message: string }

async function describeFailure(response: Response): Promise<string> {
  try {
    const error = wireErrorSchema.safeParse(await response.json())
    if (error.success) return error.data.message
  } catch {
    // fall through to the status text
  }
  return `The server answered ${response.status}.`
}

/**
 * POST this tablet's request (with its device id and name) to `path` on the server; null when the
 * server could not be reached.
 */
async function postAsThisTablet(
  serverUrl: string,
  path: string,
  body: Record<string, unknown>,
): Promise<Response | null> {
  await ensureDeviceName()
  const deviceName = await readDeviceName(db)
  try {
    return await fetch(`${serverUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({
        ...body,
        deviceId: db.clock.node,
        ...(deviceName === undefined ? {} : { deviceName }),
      }),
    })
  } catch {
    return null
  }
}

/** Create a new space on the server and join it with this tablet's own credential. */
export async function createSpace(serverUrl: string, spaceName: string): Promise<ConnectResult> {
  const response = await postAsThisTablet(
    serverUrl,
    '/api/spaces',
    spaceName ? { name: spaceName } : {},
  )
  if (!response)
    return {
      ok: false,
      message: 'Could not reach the server. Check the address and that this tablet is online.',
    }
  if (!response.ok) return { ok: false, message: await describeFailure(response) }
  const parsed = createSpaceResponseSchema.safeParse(await response.json())
  if (!parsed.success)
    return { ok: false, message: 'That address does not look like a Bake Tracker server.' }
  await writeSyncConfig(db, {
    serverUrl,
    credential: `${parsed.data.spaceId}.${parsed.data.token}`,
    ...(spaceName ? { spaceName } : {}),
    ownCredential: true,
  })
  await startSync()
  return { ok: true }
}

/** Trade a one-time invitation for this tablet's own credential and join the space. */
async function joinWithInvitation(serverUrl: string, invitation: string): Promise<ConnectResult> {
  const response = await postAsThisTablet(serverUrl, '/api/join', { invitation })
  if (!response)
    return { ok: false, message: 'Could not reach the server. Check that this tablet is online.' }
  if (!response.ok) {
    const reason = await describeFailure(response)
    return {
      ok: false,
      message:
        response.status === 401
          ? `${reason}. Ask a tablet in the space for a new invitation (Settings › Invite a tablet).`
          : reason,
    }
  }
  const parsed = createSpaceResponseSchema.safeParse(await response.json())
  if (!parsed.success)
    return { ok: false, message: 'That address does not look like a Bake Tracker server.' }
  await writeSyncConfig(db, {
    serverUrl,
    credential: `${parsed.data.spaceId}.${parsed.data.token}`,
    ownCredential: true,
  })
  await startSync()
  return { ok: true }
}

/**
 * Join an existing space from a join link or code: an invitation is traded for this tablet's own
 * credential; an older link's space secret is checked first (and traded at the first sync).
 */
export async function joinSpace(
  serverUrl: string,
  credential: string,
  invitation = false,
): Promise<ConnectResult> {
  if (invitation) return joinWithInvitation(serverUrl, credential)
  const transport = createHttpTransport({ serverUrl, credential })
  const check = await transport.pull(Number.MAX_SAFE_INTEGER, 1)
  if (!check.ok) {
    return {
      ok: false,
      message:
        check.reason === 'unauthorized'
          ? 'That join code is not valid for this server.'
          : check.reason === 'offline'
            ? 'Could not reach the server. Check that this tablet is online.'
            : `The server refused: ${check.detail}`,
    }
  }
  await writeSyncConfig(db, { serverUrl, credential })
  await startSync()
  return { ok: true }
}

/** Stop syncing; this tablet keeps all its data. */
export async function leaveSpace(): Promise<void> {
  generation++
  engine?.stop()
  engine = null
  await clearSyncConfig(db)
  syncStatusStore.setState({
    phase: 'disabled',
    reason: null,
    detail: null,
    waiting: 0,
    lastSuccessAt: null,
  })
}

export function useSyncStatus(): SyncStatus {
  return useStore(syncStatusStore)
}

/** The stored space configuration (null when not syncing); live. */
export function useSyncConfig(): SyncConfig | null | undefined {
  return useLiveQuery(() => readSyncConfig(db), [])
}

/** This device's name as other tablets' notices show it; live. */
export function useDeviceName(): string | undefined {
  return useLiveQuery(() => readDeviceName(db), [])
}

/** Rename this device; the name travels with its next push. */
export async function saveDeviceName(name: string): Promise<ConnectResult> {
  const parsed = deviceNameSchema.safeParse(name)
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? 'Give this tablet a name' }
  await writeDeviceName(db, parsed.data)
  const config = await readSyncConfig(db)
  // Best effort: when this fails the name still travels with the next push.
  if (config) void createHttpTransport(config).registerDevice?.(db.clock.node, parsed.data)
  return { ok: true }
}

export type InviteResult =
  { ok: true; link: string; expiresAt: string } | { ok: false; message: string }

/** Ask the server for a one-time invitation and make the join link that carries it. */
export async function inviteTablet(appUrl: string): Promise<InviteResult> {
  const config = await readSyncConfig(db)
  if (!config) return { ok: false, message: 'This tablet is not in a space.' }
  const result = await createHttpTransport(config).invite?.()
  if (!result?.ok) return { ok: false, message: 'Could not get an invitation from the server.' }
  return {
    ok: true,
    link: joinLink(appUrl, {
      serverUrl: config.serverUrl,
      credential: result.value.invitation,
      invitation: true,
    }),
    expiresAt: result.value.expiresAt,
  }
}

export type DevicesResult =
  { ok: true; devices: DeviceInfo[]; thisDevice: string } | { ok: false; message: string }

function devicesFailure(reason: string): { ok: false; message: string } {
  return {
    ok: false,
    message:
      reason === 'offline'
        ? 'The server cannot be reached, so the list of tablets is not shown.'
        : reason === 'device-removed'
          ? 'This tablet was removed from the space.'
          : 'Could not read the list of tablets from the server.',
  }
}

/** The space's tablets (name, last seen), and which one is this tablet. */
export async function listSpaceDevices(): Promise<DevicesResult> {
  const config = await readSyncConfig(db)
  if (!config) return { ok: false, message: 'This tablet is not in a space.' }
  await db.open()
  const result = await createHttpTransport(config).devices?.()
  if (!result) return devicesFailure('rejected')
  return result.ok
    ? { ok: true, devices: result.value.devices, thisDevice: db.clock.node }
    : devicesFailure(result.reason)
}

/** Remove a tablet from the space: the server refuses its next request and closes its live channel. */
export async function removeSpaceDevice(deviceId: string): Promise<DevicesResult> {
  const config = await readSyncConfig(db)
  if (!config) return { ok: false, message: 'This tablet is not in a space.' }
  const result = await createHttpTransport(config).removeDevice?.(deviceId)
  if (!result) return devicesFailure('rejected')
  if (result.ok) void engine?.syncNow()
  return result.ok
    ? { ok: true, devices: result.value.devices, thisDevice: db.clock.node }
    : devicesFailure(result.reason)
}
