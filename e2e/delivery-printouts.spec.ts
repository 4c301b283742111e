/**
 * Delivery day on paper: the run sheet (routes in order, allergen flags), packing labels ("Box 2
 * of 3", a QR code that opens the package's card) and the shopping list, rendered with print
 * media in all three sizes, under the shell's CSP, and again with no network.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from './fixtures'
import { DeliverPage } from './pages/deliver-page'
import { KitchenApp } from './pages/kitchen-app'
import { PrintPage } from './pages/print-page'

declare global {
  interface Window {
    cspViolations?: string[]
  }
}

const SIZES = [
  { key: 'landscape', width: 1024, height: 768 },
  { key: 'portrait', width: 768, height: 1024 },
  { key: 'phone', width: 390, height: 844 },
] as const

/**
 * Screenshots of the printout at `page`'s address, as paper (print media) and as the screen shows
 * it, in all three sizes: each in a page of its own, so the zoom a phone-sized mobile viewport
 * leaves behind never reaches the test's page.
 */
async function shoot(page: Page, name: string, readme = false): Promise<void> {
  const print = async (size: { width: number; height: number }, media: 'screen' | 'print') => {
    const shot = await page.context().newPage()
    await shot.setViewportSize(size)
    await shot.emulateMedia({ media })
    await shot.goto(page.url())
    const printout = new PrintPage(shot)
    await expect(printout.sheet).toBeVisible()
    await expect(printout.sheet.getByText('Loading…')).toHaveCount(0)
    await expect(printout.undrawnQrCodes).toHaveCount(0)
    return shot
  }
  for (const size of SIZES) {
    for (const media of ['screen', 'print'] as const) {
      const shot = await print(size, media)
      if (media === 'screen') {
        const { violations } = await new AxeBuilder({ page: shot }).analyze()
        const serious = violations.filter(
          (violation) => violation.impact === 'serious' || violation.impact === 'critical',
        )
        expect(serious.map((violation) => `${name} ${size.key}: ${violation.help}`)).toEqual([])
      }
      await shot.screenshot({
        path: test.info().outputPath(`${name}-${size.key}-${media}.png`),
        fullPage: media === 'print',
      })
      await shot.close()
    }
  }
  if (readme && process.env.UPDATE_README_SCREENSHOTS === '1') {
    const shot = await print({ width: 1024, height: 768 }, 'print')
    await shot.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: true })
    await shot.close()
  }
}

test('prints a run sheet by route, labels Box n of m whose QR opens the card, and a shopping list', async ({
  page,
}) => {
  test.setTimeout(360_000)
  await page.addInitScript(() => {
    window.cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      window.cspViolations?.push(`${event.violatedDirective}: ${event.blockedURI}`)
    })
  })
  const kitchen = await new KitchenApp(page).open()
  const deliver = new DeliverPage(page)
  const print = new PrintPage(page)
  await kitchen.createSampleEvent()
  const event = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim()
  // Ana gets three office boxes (assigned before she excludes milk, so no warning is asked).
  await kitchen.assign('Ana Okafor', 'Office share box', 3)
  await print.setIngredientAllergens('Butter', ['milk'])
  await print.setExclusions('Ana Okafor', ['milk'])
  await kitchen.goTo('Recipients')
  await deliver.setDelivery('Ana Okafor', { route: 'North', order: '2' })
  await deliver.setDelivery('Chloe Aziz', { route: 'North', order: '1' })
  await deliver.setDelivery('Ben Sato', { route: 'South', order: '1' })
  await kitchen.openEvent(event)

  // The run sheet: routes in delivery order, the flag where Ana must not get milk.
  await print.openPrintout('Delivery run sheet')
  await expect(print.routeHeadings).toHaveText(['Route: North', 'Route: South', 'No route'])
  const anaBoxes = print.runSheetRow('Ana Okafor', 'Office share box × 3')
  await expect(anaBoxes).toContainText('Ana Okafor must not get milk')
  await expect(anaBoxes).toContainText('Contains milk')
  await page.emulateMedia({ media: 'print' })
  await expect(print.toolbar).toBeHidden()
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
  await expect(print.sheet).toBeVisible()
  const pdf = await page.pdf({ format: 'A4' })
  expect(pdf.byteLength).toBeGreaterThan(10_000)
  await page.emulateMedia({ media: 'screen' })
  await shoot(page, 'print-run-sheet', true)

  // Labels: one per box, flagged, on the chosen grid.
  await print.switchTo('Labels')
  await print.chooseGrid('3 × 7 (21 per sheet)')
  await expect(print.labels('Ana Okafor', 'Office share box')).toHaveCount(3)
  const second = print.label('Ana Okafor', 'Office share box', 2, 3)
  await expect(second).toContainText('Box 2 of 3')
  await expect(second).toContainText('Must not get milk')
  await expect(second).toContainText('2 × Cookie tin')
  // 10 sample packages (one of them ×2) + Ana's 3 boxes = 14 labels: one sheet of 21.
  await expect(print.labelSheets).toHaveCount(1)
  await print.chooseGrid('2 × 5 (10 per sheet)')
  await expect(print.labelSheets).toHaveCount(2)
  await expect(page).toHaveURL(/grid=2x5/)
  await print.chooseGrid('3 × 7 (21 per sheet)')
  await page.emulateMedia({ media: 'print' })
  await expect(print.toolbar).toBeHidden()
  await page.emulateMedia({ media: 'screen' })
  await shoot(page, 'print-labels', true)
  const target = await print.qrTarget(second)

  // The shopping list prints with a box to tick per ingredient.
  await print.switchTo('Shopping list')
  await expect(print.sheet.getByRole('table')).toContainText('Total')
  await shoot(page, 'print-shopping')
  expect(await page.evaluate(() => window.cspViolations)).toEqual([])

  // The label's QR code opens Ana's card for those boxes on the Deliver tab.
  await page.goto(target)
  const card = kitchen.packageCard('Ana Okafor', 'Office share box')
  await expect(card).toBeFocused()
  await expect(card).toContainText('Okafor household')
  await expect(card).toContainText('Contains milk: Ana Okafor avoids it')

  // Ana's hamper is ready: the neighbour takes it.
  await print.deliverTakenBy('Ana Okafor', 'Family hamper', 'Mrs Patel next door')
  await expect(kitchen.packageCard('Ana Okafor', 'Family hamper')).toContainText(
    'taken by Mrs Patel next door',
  )
  await print.openTakenBy('Ben Sato', 'Family hamper')
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.screenshot({ path: test.info().outputPath(`deliver-taken-by-${size.key}.png`) })
  }
  await kitchen.openTab('Plan')
  await print.openPrintMenu()
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.screenshot({ path: test.info().outputPath(`event-print-menu-${size.key}.png`) })
  }
})

test('the printouts open and print with no network', async ({ page, context }) => {
  test.setTimeout(120_000)
  const kitchen = await new KitchenApp(page).open()
  const print = new PrintPage(page)
  await kitchen.createSampleEvent()
  await print.openPrintout('Packing labels')
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  const address = page.url()
  await context.setOffline(true)
  await page.reload()
  await expect(print.label('Ana Okafor', 'Family hamper', 1, 1)).toBeVisible()
  await expect(print.qrTarget(print.label('Ana Okafor', 'Family hamper', 1, 1))).resolves.toContain(
    '/deliver?assignment=',
  )
  await print.switchTo('Run sheet')
  await expect(print.routeHeadings).toHaveText(['No route'])
  expect(page.url()).not.toBe(address)
  await context.setOffline(false)
})
