/**
 * A new tablet joins a kitchen with more upcoming events than its first screen shows: Today comes
 * with the soonest events' bars, and an event whose rows the first sync still brings says so in
 * words (no bars with partial numbers) until they are in, then shows its bars without a reload.
 * The server's answer for those rows is held until the test has seen the words: no timing.
 */
import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import {
  createSpace,
  inviteLink,
  MULTI_TABLET_TEST_TIMEOUT,
  SYNC_TIMEOUT,
} from './pages/sync-waits'

/** More than the first sync's current stage takes (FIRST_EVENTS, src/sync/first-sync.ts). */
const EVENTS = 7

test("a new tablet's Today says which events are still arriving, then shows their bars", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(MULTI_TABLET_TEST_TIMEOUT)
  const year = new Date().getFullYear() + 1
  const contextA = await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 } })
  const tabletA = await new KitchenApp(await contextA.newPage()).open()
  await tabletA.startEmpty()
  // The last one by date is beyond the first screen's events: it comes in the upcoming stage.
  for (let index = 1; index <= EVENTS; index += 1)
    await tabletA.createEvent(
      index === EVENTS ? 'Late bake' : `Bake ${index}`,
      `${year}-03-${String(10 + index)}`,
    )
  await tabletA.goTo('Settings')
  await createSpace(tabletA.page)
  const link = await inviteLink(tabletA.page)

  // Tablet B: no service worker, so every request of its first sync passes the route below.
  const contextB = await browser.newContext({
    baseURL,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    isMobile: true,
    serviceWorkers: 'block',
  })
  const pageB = await contextB.newPage()
  let release: () => void = () => undefined
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let eventPages = 0
  await pageB.route('**/api/sync/rows?*', async (route) => {
    const scope = new URL(route.request().url()).searchParams.get('scope')
    // The first events page is the current stage's; the second the other upcoming events'.
    if (scope === 'events' && (eventPages += 1) === 2) await released
    await route.continue()
  })
  const tabletB = new KitchenApp(pageB)
  await pageB.goto(link)
  const joinForm = pageB.getByRole('form', { name: 'Join a space' })
  await expect(joinForm.getByLabel('Join link or code')).not.toHaveValue('')
  await joinForm.getByRole('button', { name: 'Join' }).tap()
  await tabletB.goTo('Today')

  const late = tabletB.eventCard('Late bake')
  await expect(late).toContainText('still arriving from the other tablets', {
    timeout: SYNC_TIMEOUT,
  })
  await expect(late).toHaveAttribute('aria-busy', 'true')
  await expect(late.getByRole('progressbar')).toHaveCount(0)
  // The soonest events came before the tablet was usable: their bars are there.
  const first = tabletB.eventCard('Bake 1')
  await expect(first.getByRole('progressbar')).toHaveCount(3)
  await expect(first).not.toHaveAttribute('aria-busy', 'true')

  for (const [name, width, height] of [
    ['landscape', 1024, 768],
    ['portrait', 768, 1024],
    ['phone', 390, 844],
  ] as const) {
    await pageB.setViewportSize({ width, height })
    // The first screen as the cook sees it, and the arriving card.
    await pageB.evaluate(() => window.scrollTo(0, 0))
    await pageB.screenshot({ path: test.info().outputPath(`today-${name}.png`) })
    await late.scrollIntoViewIfNeeded()
    await pageB.screenshot({ path: test.info().outputPath(`arriving-${name}.png`) })
  }

  release()
  await expect(late.getByRole('progressbar')).toHaveCount(3, { timeout: SYNC_TIMEOUT })
  await expect(late).not.toHaveAttribute('aria-busy', 'true')
  await expect(late).not.toContainText('still arriving')
  await contextA.close()
  await contextB.close()
})
