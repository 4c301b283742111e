/**
 * The cold start's floor, shared by bench/run.ts and bench/profile-coldstart.ts: what the browser
 * alone needs to open the app's database and answer Today's first read in a new browser process,
 * with the page served by the app's own service worker but no app code run.
 */
import type { BrowserContext } from '@playwright/test'
import { APP_DATABASE_NAME } from '../src/db/instance'

/** ms since navigation start: open asked, open answered, Today's read answered; events read. */
export type FloorMarks = { asked: number; opened: number; read: number; events: number }

/**
 * The cold start's floor (issue 17 item 7): runs at document start of a navigation to the app's
 * address, served by the same service worker, and stops the document before any app code loads;
 * then opens the app's database with plain IndexedDB (no version, so no Dexie schema check) and
 * reads Today's first data: the `deviceId` meta row and the events from today on by the `date`
 * index, in one transaction. `window.benchFloor` resolves with when the open was answered and when
 * the read was (ms since navigation start). Only on the app's origin (not on about:blank).
 */
export const FLOOR_SCRIPT = (origin: string, today: string): string => `
if (location.origin === ${JSON.stringify(origin)}) {
  window.stop()
  window.benchFloor = new Promise((resolve, reject) => {
    const asked = performance.now()
    const request = indexedDB.open(${JSON.stringify(APP_DATABASE_NAME)})
    request.onerror = () => reject(request.error)
    request.onsuccess = () => {
      const opened = performance.now()
      const db = request.result
      const tx = db.transaction(['meta', 'events'], 'readonly')
      tx.objectStore('meta').get('deviceId')
      const events = tx.objectStore('events').index('date').getAll(IDBKeyRange.lowerBound(${JSON.stringify(today)}))
      events.onsuccess = () => {
        resolve({ asked, opened, read: performance.now(), events: events.result.length })
        db.close()
      }
      events.onerror = () => reject(events.error)
    }
  })
}`

/** One floor start in `context` (a new browser process): marks, and whether the SW served it. */
export async function floorStart(
  context: BrowserContext,
  baseUrl: string,
  today: string,
): Promise<FloorMarks & { fromServiceWorker: boolean }> {
  await context.addInitScript({ content: FLOOR_SCRIPT(new URL(baseUrl).origin, today) })
  const page = await context.newPage()
  const response = await page.goto(baseUrl, { waitUntil: 'commit' })
  await page.waitForFunction(() => 'benchFloor' in window)
  const marks = await page.evaluate(
    () => (window as unknown as { benchFloor: Promise<FloorMarks> }).benchFloor,
  )
  return { ...marks, fromServiceWorker: response?.fromServiceWorker() ?? false }
}
