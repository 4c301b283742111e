/**
 * Page object for delivery day on paper: allergens and exclusions set through the catalogue and
 * Recipients, the event's Print menu, and the printouts (run sheet, packing labels, shopping
 * list) with their toolbar.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export type Printout = 'Delivery run sheet' | 'Packing labels' | 'Shopping list'

export class PrintPage {
  constructor(readonly page: Page) {}

  /** Catalogue › Ingredients: tick the allergens an ingredient contains, and save. */
  async setIngredientAllergens(ingredient: string, allergens: string[]): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Catalogue' })
      .tap()
    await this.page.getByRole('tab', { name: /^Ingredients/ }).tap()
    await this.page.getByRole('button', { name: `Edit ${ingredient}` }).tap()
    const form = this.page.getByRole('form', { name: 'Edit ingredient' })
    const picker = form.getByRole('group', { name: 'Contains (allergens)' })
    for (const allergen of allergens) await picker.getByLabel(allergen, { exact: true }).check()
    await form.getByRole('button', { name: 'Save' }).tap()
    await expect(form).toBeHidden()
  }

  /** Recipients: tick the allergens a recipient must not get, and save. */
  async setExclusions(recipient: string, allergens: string[]): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Recipients' })
      .tap()
    await this.page.getByRole('button', { name: `Edit ${recipient}` }).tap()
    const form = this.page.getByRole('form', { name: 'Edit recipient' })
    const picker = form.getByRole('group', { name: 'Must not get (allergens)' })
    for (const allergen of allergens) await picker.getByLabel(allergen, { exact: true }).check()
    await form.getByRole('button', { name: 'Save' }).tap()
    await expect(form).toBeHidden()
  }

  /** On the event screen: open the Print menu. */
  async openPrintMenu(): Promise<void> {
    await this.page.getByText('Print', { exact: true }).tap()
    await expect(this.page.getByRole('list', { name: 'Print' })).toBeVisible()
  }

  /** On the event screen: Print › one of the printouts. */
  async openPrintout(printout: Printout): Promise<void> {
    await this.openPrintMenu()
    await this.page.getByRole('list', { name: 'Print' }).getByRole('link', { name: printout }).tap()
    await expect(this.sheet).toBeVisible()
  }

  /** From one printout to another through the toolbar. */
  async switchTo(printout: 'Run sheet' | 'Labels' | 'Shopping list'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Printouts' })
      .getByRole('link', { name: printout })
      .tap()
    await expect(
      this.page
        .getByRole('navigation', { name: 'Printouts' })
        .getByRole('link', { name: printout }),
    ).toHaveAttribute('aria-current', 'page')
  }

  async choosePaper(paper: 'A4' | 'US Letter'): Promise<void> {
    await this.toolbar.getByLabel('Paper').selectOption({ label: paper })
  }

  async chooseGrid(grid: '2 × 5 (10 per sheet)' | '3 × 7 (21 per sheet)'): Promise<void> {
    await this.toolbar.getByLabel('Labels per sheet').selectOption({ label: grid })
  }

  get toolbar(): Locator {
    return this.page.getByRole('toolbar', { name: 'Print options' })
  }

  get sheet(): Locator {
    return this.page.getByTestId('print-sheet')
  }

  /** The run sheet's route sections, in the order printed. */
  get routeHeadings(): Locator {
    return this.sheet.getByRole('heading', { level: 2 })
  }

  runSheetRow(recipient: string, pkg: string): Locator {
    return this.sheet.getByRole('row').filter({ hasText: recipient }).filter({ hasText: pkg })
  }

  /** Every label printed for a recipient's package (one per box). */
  labels(recipient: string, pkg: string): Locator {
    return this.sheet.getByRole('article', {
      name: new RegExp(`^Label: ${recipient}, ${pkg}, box`),
    })
  }

  label(recipient: string, pkg: string, box: number, of: number): Locator {
    return this.sheet.getByRole('article', {
      name: `Label: ${recipient}, ${pkg}, box ${box} of ${of}`,
    })
  }

  /** The sheets of labels (one per page of the grid). */
  get labelSheets(): Locator {
    return this.sheet.getByRole('region', { name: /^Sheet \d+ of \d+$/ })
  }

  /** QR codes not drawn yet (they are drawn after the labels). */
  get undrawnQrCodes(): Locator {
    return this.sheet
      .getByRole('img', { name: /^QR code/ })
      .and(this.page.locator('img:not([src])'))
  }

  /** The address a label's QR code encodes, once the code is drawn. */
  async qrTarget(label: Locator): Promise<string> {
    const code = label.getByRole('img', { name: /^QR code/ })
    await expect(code).toHaveAttribute('src', /^data:image\/png/)
    const target = await code.getAttribute('data-target')
    if (!target) throw new Error('the QR code names no address')
    return target
  }

  /** On the Deliver tab: open a ready package's "Taken by" field. */
  async openTakenBy(recipient: string, pkg: string): Promise<void> {
    await this.page
      .getByRole('button', { name: `Taken by someone else: ${recipient}, ${pkg}` })
      .tap()
  }

  /** On the Deliver tab: mark a ready package delivered, taken by someone else. */
  async deliverTakenBy(recipient: string, pkg: string, takenBy: string): Promise<void> {
    await this.openTakenBy(recipient, pkg)
    await this.page
      .getByRole('listitem')
      .filter({
        has: this.page.getByRole('button', { name: `Mark delivered: ${recipient}, ${pkg}` }),
      })
      .getByLabel('Taken by (optional)')
      .fill(takenBy)
    await this.page.getByRole('button', { name: `Mark delivered: ${recipient}, ${pkg}` }).tap()
  }
}
