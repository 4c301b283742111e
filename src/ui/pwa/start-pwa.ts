/**
 * The PWA shell's start-up: register the service worker in prompt mode, ask for persistent
 * storage, and watch for schema upgrades from other tabs. A new version never reloads the page
 * under the baker: the banner offers "Reload", and the reload waits until no action is running.
 */
import { registerSW } from 'virtual:pwa-register'
import { watchOtherTabUpgrades } from '../data/database-lifecycle'
import { countActionsInFlight } from '../data/run-action'
import { usePwaStore } from './pwa-store'
import { requestPersistentStorage } from './storage'
import { waitForIdle } from './wait-for-idle'

/** A kitchen tablet keeps the app open for days: look for a new version this often too. */
const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

let started = false
let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | undefined

function checkForUpdates(registration: ServiceWorkerRegistration): void {
  // Offline, or the server is down: try again at the next check.
  registration.update().catch(() => undefined)
}

/** Start the PWA shell once (main.tsx). Safe to call again; later calls do nothing. */
export function startPwa(): void {
  if (started) return
  started = true
  const store = usePwaStore.getState()
  void requestPersistentStorage()
  watchOtherTabUpgrades(() => store.setOtherTabUpgraded())

  if (!('serviceWorker' in navigator)) return
  updateServiceWorker = registerSW({
    immediate: true,
    onNeedRefresh: () => store.setUpdateReady(),
    onOfflineReady: () => store.setOfflineReady(),
    // The new version took control. If this tab asked for it, reload now (actions are idle);
    // if another tab did, offer the reload here too instead of reloading under the baker.
    onNeedReload: () => {
      if (usePwaStore.getState().reloading) window.location.reload()
      else store.setOtherTabUpgraded()
    },
    onRegisteredSW: (_url, registration) => {
      if (!registration) return
      setInterval(() => checkForUpdates(registration), UPDATE_CHECK_INTERVAL_MS)
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') checkForUpdates(registration)
      })
    },
    onRegisterError: (error: unknown) => {
      console.error('Service worker registration failed; the app works online only', error)
    },
  })
}

/**
 * "Reload" on the banner: wait until no action is running, then activate the waiting version
 * (which reloads the page once it controls it) or, without one, simply reload.
 */
export async function reloadWhenIdle(): Promise<void> {
  const store = usePwaStore.getState()
  if (store.reloading) return
  store.setReloading(true)
  await waitForIdle(countActionsInFlight)
  if (store.updateReady && updateServiceWorker) {
    await updateServiceWorker(true)
  } else {
    window.location.reload()
  }
}
