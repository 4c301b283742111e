/**
 * Issue 16, in the three sizes a kitchen uses (tablet landscape and portrait, phone): a count
 * typed after Backspace is recorded as typed, removing a delivered package asks and can be
 * undone, and no form ever shows a developer's validation message, whatever is typed into it.
 */
import { expect, test, type Locator, type Page } from './fixtures'
import { KitchenApp } from './pages/kitchen-app'

const SIZES = [
  { name: 'tablet landscape', width: 1024, height: 768 },
  { name: 'tablet portrait', width: 768, height: 1024 },
  { name: 'phone', width: 390, height: 844 },
] as const

/** zod's own English (and friends): none of it may reach a cook. */
const RAW_SCHEMA_WORDS =
  /Invalid input|expected \w+, received|Too small|Too big|Invalid option|Unrecognized key|Invalid ISO|>=|<=|NaN/

const BAD_TEXT = ['', '0', '-1', '1.5', 'abc', '   ', '99999999999']

async function expectNoRawMessages(page: Page, where: string): Promise<void> {
  const text = await page.locator('body').innerText()
  expect(RAW_SCHEMA_WORDS.exec(text)?.[0] ?? null, `raw schema text in ${where}`).toBeNull()
}

/**
 * Type every bad value into every textbox of the form, submitting after each round. A round whose
 * values happen to be valid ("0" is a fine name) saves, and the form closes: the sweep ends there.
 */
async function sweep(app: KitchenApp, form: Locator, where: string): Promise<void> {
  for (const bad of BAD_TEXT) {
    if ((await form.count()) === 0) return
    const boxes = app.textboxes(form)
    try {
      const count = await boxes.count()
      for (let index = 0; index < count; index += 1)
        await boxes.nth(index).fill(bad, { timeout: 15_000 })
      await app.submitButton(form).tap({ timeout: 15_000 })
    } catch (error) {
      // The previous round saved and closed the form (it may close while we type).
      if ((await form.count()) === 0) return
      throw error
    }
    await expectNoRawMessages(app.page, `${where} with "${bad}"`)
  }
}

for (const size of SIZES) {
  test.describe(size.name, () => {
    test.use({ viewport: { width: size.width, height: size.height } })

    test('Backspace then 12 records 12 batches, never 112', async ({ page }) => {
      const app = await new KitchenApp(page).open()
      await app.createSampleEvent()
      await app.openTab('Make')
      await app.recordBakingTyped('Sugar cookies', '12')
      await expect(app.toast('Recorded 12 batches of Sugar cookies')).toBeVisible()
      await expect(
        page.getByRole('list', { name: 'Recorded runs' }).getByText('12 batches of Sugar cookies'),
      ).toBeVisible()
    })

    test('removing a delivered package asks first and Undo brings it back', async ({ page }) => {
      const app = await new KitchenApp(page).open()
      await app.createSampleEvent()
      await app.openTab('Deliver')
      await app.showOnly('Ready')
      const ready = page.getByRole('button', { name: /^Mark delivered: / }).first()
      const label = (await ready.getAttribute('aria-label')) ?? ''
      const [recipient = '', pkg = ''] = label.replace('Mark delivered: ', '').split(', ')
      await ready.tap()
      await expect(app.toast(`${recipient}: ${pkg} delivered`)).toBeVisible()

      await app.openTab('Plan')
      await expect(app.assignmentRow(recipient, pkg)).toContainText('Delivered')
      await app.removeAssignment(recipient, pkg)
      const dialog = page.getByRole('alertdialog', { name: 'Remove a delivered package?' })
      await expect(dialog).toBeVisible()
      await dialog.getByRole('button', { name: 'Cancel' }).tap()
      await expect(app.assignmentRow(recipient, pkg)).toHaveCount(1)

      await app.removeAssignment(recipient, pkg)
      await dialog.getByRole('button', { name: 'Remove' }).tap()
      await expect(app.assignmentRow(recipient, pkg)).toHaveCount(0)
      await app.toast(`Removed ${pkg} for ${recipient}`).getByRole('button', { name: 'Undo' }).tap()
      await expect(app.assignmentRow(recipient, pkg)).toContainText('Delivered')
    })

    test('no form shows a raw validation message, whatever is typed', async ({ page }) => {
      test.setTimeout(360_000)
      const app = await new KitchenApp(page).open()
      await app.createSampleEvent()

      // The event's own forms.
      await page.getByRole('button', { name: 'Edit event' }).tap()
      await sweep(app, app.form('Edit event'), 'Edit event')
      if ((await app.form('Edit event').count()) > 0)
        await app.form('Edit event').getByRole('button', { name: 'Cancel' }).tap()
      await app.openTab('Plan')
      await sweep(app, app.form('Assign a package'), 'Assign a package')
      const target = page.getByRole('textbox', { name: /^Target batches for / }).first()
      for (const bad of BAD_TEXT) {
        await target.fill(bad)
        await target.press('Enter')
        await expectNoRawMessages(page, `a baking target with "${bad}"`)
      }
      await app.openTab('Make')
      await app.form('Record baking').getByLabel('Recipe').selectOption({ index: 1 })
      await sweep(app, app.form('Record baking'), 'Record baking')
      await sweep(app, app.form('Record assembly'), 'Record assembly')

      // New event.
      await app.goTo('Today')
      await page.getByRole('button', { name: 'New event' }).tap()
      await sweep(app, app.form('New event'), 'New event')

      // Every catalogue form, with one line added where a form has lines.
      const catalogue: { tab: string; noun: string; line?: string }[] = [
        { tab: 'Ingredients', noun: 'ingredient' },
        { tab: 'Recipes', noun: 'recipe', line: 'Add ingredient' },
        { tab: 'Baked items', noun: 'baked item' },
        { tab: 'Finished goods', noun: 'finished good', line: 'Add item' },
        { tab: 'Packages', noun: 'package', line: 'Add finished good' },
      ]
      for (const { tab, noun, line } of catalogue) {
        await app.goTo('Catalogue')
        await app.openTab(tab)
        await page.getByRole('button', { name: `New ${noun}` }).tap()
        const form = app.form(`New ${noun}`)
        if (line) await form.getByRole('button', { name: line, exact: true }).tap()
        await sweep(app, form, `New ${noun}`)
        if ((await form.count()) > 0) await form.getByRole('button', { name: 'Cancel' }).tap()
      }

      // Recipients and Settings.
      await app.goTo('Recipients')
      await page.getByRole('button', { name: 'New recipient' }).tap()
      await sweep(app, app.form('New recipient'), 'New recipient')
      await app.goTo('Settings')
      await sweep(app, app.form('Join a space'), 'Join a space')
    })
  })
}
