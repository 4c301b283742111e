/**
 * Tablets that sync, for the multi-tablet specs: open one, create a space, join by link, and wait
 * for sync. A wait for sync waits for the sync to have happened — Settings says "Up to date",
 * tapping "Sync now" as a cook would while it does not — with a timeout sized for a loaded
 * 2-core machine running two workers; it never counts on a timer (a back-off) firing soon.
 */
import { expect, type Browser, type Page } from '@playwright/test'

/** The longest a change may take to reach another tablet on a loaded machine. */
export const SYNC_TIMEOUT = 60_000
/** A test on two or three tablets: its setup syncs each tablet, and each step may wait a sync. */
export const MULTI_TABLET_TEST_TIMEOUT = 300_000

/** A fresh tablet: its own browser context (its own IndexedDB), a landscape touch screen. */
export async function openTablet(browser: Browser, baseURL: string | undefined): Promise<Page> {
  if (!baseURL) throw new Error('baseURL is not set')
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    isMobile: true,
  })
  return context.newPage()
}

/** Settings' sync status ("Up to date", "Syncing…", "Sync problem", …). */
export function syncSummary(page: Page) {
  return page.locator('.sync-summary')
}

/**
 * On Settings, once the tablet syncs: until the status says "Up to date", tap "Sync now" and
 * wait a little, as a cook would after the server was slow to answer (each failure otherwise
 * waits out a growing back-off).
 */
export async function syncUntilUpToDate(page: Page, timeout = SYNC_TIMEOUT): Promise<void> {
  const summary = syncSummary(page)
  await expect(summary).toBeVisible({ timeout })
  await expect(async () => {
    if ((await summary.textContent()) !== 'Up to date')
      await page.getByRole('button', { name: 'Sync now' }).tap({ timeout: 5_000 })
    await expect(summary).toHaveText('Up to date', { timeout: 10_000 })
  }).toPass({ timeout, intervals: [0] })
}

/** On Settings of a tablet not syncing yet: create a space and wait until it is up to date. */
export async function createSpace(page: Page): Promise<void> {
  await page
    .getByRole('form', { name: 'Start syncing' })
    .getByRole('button', { name: 'Create a space' })
    .tap()
  await syncUntilUpToDate(page)
}

/** On Settings of a syncing tablet: a one-time invitation's join link. */
export async function inviteLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Invite a tablet' }).tap({ timeout: SYNC_TIMEOUT })
  const link = page.getByLabel('Join link')
  await expect(link).toHaveValue(/#join=/, { timeout: SYNC_TIMEOUT })
  return link.inputValue()
}

/** Open a join link (Settings, the code filled in), tap Join, and wait until fully synced. */
export async function joinByLink(page: Page, link: string): Promise<void> {
  await page.goto(link)
  const joinForm = page.getByRole('form', { name: 'Join a space' })
  await expect(joinForm.getByLabel('Join link or code')).not.toHaveValue('')
  await joinForm.getByRole('button', { name: 'Join' }).tap()
  await syncUntilUpToDate(page)
}
