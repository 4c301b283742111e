import { expect, test } from './fixtures'
import { checkForUpdate, loadUnderServiceWorker } from './support/service-worker'
import {
  NEW_BUILD_MARKER,
  startSwitchableServer,
  type SwitchableServer,
} from './support/switchable-server'

let server: SwitchableServer

test.beforeEach(async () => {
  server = await startSwitchableServer()
})

test.afterEach(async () => {
  await server.close()
})

test('a new version reaches an open page as a prompt, and Reload switches to it', async ({
  page,
}) => {
  const buildMarker = page.locator('meta[name="bake-build"]')
  const banner = page.getByRole('status', { name: 'Update' })

  await page.goto(server.url)
  await loadUnderServiceWorker(page)
  await expect(banner).toBeHidden()
  await expect(buildMarker).toHaveCount(0)

  server.serveNewBuild()
  await checkForUpdate(page)
  await expect(banner).toContainText('Update available')
  // Prompt mode: nothing reloads under the baker until they tap.
  await expect(buildMarker).toHaveCount(0)

  await banner.getByRole('button', { name: 'Reload' }).tap()
  await expect(buildMarker).toHaveAttribute('content', NEW_BUILD_MARKER)
  await expect(banner).toBeHidden()
})

test('a version that is still waiting is offered again after a reload', async ({ page }) => {
  const banner = page.getByRole('status', { name: 'Update' })
  await page.goto(server.url)
  await loadUnderServiceWorker(page)
  server.serveNewBuild()
  await checkForUpdate(page)
  await expect(banner).toContainText('Update available')

  await page.reload()
  await expect(banner).toContainText('Update available')
  await expect(page.locator('meta[name="bake-build"]')).toHaveCount(0)
})
