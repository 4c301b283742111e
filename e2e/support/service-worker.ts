/** Helpers for tests that need the service worker in charge of the page. */
import { expect, type Page } from '@playwright/test'

/**
 * After the first load, wait until the service worker is installed and active, then reload so it
 * controls the page (prompt mode does not claim open pages on first install).
 */
export async function loadUnderServiceWorker(page: Page): Promise<string> {
  const scriptUrl = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    return registration.active?.scriptURL ?? ''
  })
  expect(scriptUrl).toMatch(/\/sw\.js$/)
  await page.reload()
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null))
    .toMatch(/\/sw\.js$/)
  return scriptUrl
}

/** Ask the browser to look for a new service worker now (as the app does hourly and on focus). */
export async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration()
    await registration?.update()
  })
}
