/**
 * Persistent storage: ask the browser once at start not to evict this origin's data under storage
 * pressure (Safari and Chrome may otherwise clear IndexedDB of a site not used for a while), and
 * report how much space the app uses. Browsers without the Storage API report "unknown".
 */
import { useEffect, useState } from 'react'

export type StorageStatus = {
  /** Whether the browser promised to keep the data; null when the browser cannot say. */
  persisted: boolean | null
  /** Bytes used by this origin (IndexedDB, caches), when known. */
  usage: number | null
  /** Bytes this origin may use, when known. */
  quota: number | null
}

type StorageLike = Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>

function storageManager(): StorageLike | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.storage
}

let persistRequest: Promise<boolean | null> | undefined

/**
 * Ask for persistent storage once per page load; later calls get the same answer. Never throws:
 * a refusal only means the browser keeps its default eviction policy.
 */
export function requestPersistentStorage(
  storage: StorageLike | undefined = storageManager(),
): Promise<boolean | null> {
  persistRequest ??= (async () => {
    if (!storage?.persist) return null
    try {
      if (await storage.persisted()) return true
      return await storage.persist()
    } catch {
      return null
    }
  })()
  return persistRequest
}

/** The current storage figures; never throws. */
export async function readStorageStatus(
  storage: StorageLike | undefined = storageManager(),
): Promise<StorageStatus> {
  const status: StorageStatus = { persisted: null, usage: null, quota: null }
  if (!storage) return status
  try {
    status.persisted = await storage.persisted()
  } catch {
    // Unknown: keep null.
  }
  try {
    const estimate = await storage.estimate()
    status.usage = estimate.usage ?? null
    status.quota = estimate.quota ?? null
  } catch {
    // Unknown: keep null.
  }
  return status
}

/** Storage figures for Settings; `undefined` while loading. `refresh()` reads them again. */
export function useStorageStatus(): { status: StorageStatus | undefined; refresh: () => void } {
  const [status, setStatus] = useState<StorageStatus | undefined>()
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    let active = true
    void readStorageStatus().then((next) => {
      if (active) setStatus(next)
    })
    return () => {
      active = false
    }
  }, [generation])
  return { status, refresh: () => setGeneration((value) => value + 1) }
}

/** "1.2 MB", "340 KB": sizes a cook can read. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** Ask again (the "Keep data on this tablet" button); the answer may change once installed. */
export async function askForPersistentStorage(
  storage: StorageLike | undefined = storageManager(),
): Promise<boolean | null> {
  if (!storage?.persist) return null
  try {
    return await storage.persist()
  } catch {
    return null
  }
}
