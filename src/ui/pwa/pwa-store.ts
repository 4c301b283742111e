/**
 * What the app shell knows about its own version: a new version is waiting (service worker in
 * prompt mode), another tab upgraded the database schema, or a reload is under way. UI state only.
 */
import { create } from 'zustand'

export type PwaState = {
  /** A new version is installed and waits for the baker's "Reload". */
  updateReady: boolean
  /** Another tab opened a newer database schema; this tab closed its connection. */
  otherTabUpgraded: boolean
  /** The app shell is cached: it opens without a network from now on. */
  offlineReady: boolean
  /** "Reload" was tapped; waiting for running actions to finish. */
  reloading: boolean
  setUpdateReady: () => void
  setOtherTabUpgraded: () => void
  setOfflineReady: () => void
  setReloading: (reloading: boolean) => void
}

export const usePwaStore = create<PwaState>()((set) => ({
  updateReady: false,
  otherTabUpgraded: false,
  offlineReady: false,
  reloading: false,
  setUpdateReady: () => set({ updateReady: true }),
  setOtherTabUpgraded: () => set({ otherTabUpgraded: true }),
  setOfflineReady: () => set({ offlineReady: true }),
  setReloading: (reloading) => set({ reloading }),
}))
