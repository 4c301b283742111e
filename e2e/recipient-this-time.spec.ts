/**
 * Recipients › History answers "what is Ana getting this year, and has it gone out?": the current
 * event's packages with their status, which follows a delivery tapped on the Deliver tab.
 */
import { expect, test } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'
import { RecipientsPage } from './pages/recipients-page'

test('a recipient’s history shows this event’s packages and whether they went out', async ({
  page,
}) => {
  const app = await new KitchenApp(page).open()
  const recipients = new RecipientsPage(page)
  await page.getByRole('button', { name: 'Create a sample holiday event' }).tap()
  await expect(page.getByRole('heading', { level: 1, name: /^Holiday gifts/ })).toBeVisible()

  await app.goTo('Recipients')
  await recipients.openHistory('Ana Okafor')
  await expect(recipients.thisTime('Ana Okafor')).toHaveText([
    /Holiday gifts 2026 .*: Family hamper Ready$/,
    /Holiday gifts 2026 .*: Neighbour treat To do$/,
  ])

  await app.openEvent('Holiday gifts')
  await app.openTab('Deliver')
  await app.tapNextStep('Mark delivered', 'Ana Okafor', 'Family hamper')
  await expect(app.deliverCount('delivered')).toHaveText('1')
  await app.goTo('Recipients')
  await recipients.openHistory('Ana Okafor')
  await expect(recipients.thisTime('Ana Okafor').first()).toHaveText(/Family hamper Delivered$/)
})
