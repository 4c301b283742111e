/**
 * Page object for the spreadsheet import panel (Recipients, Ingredients) and the event's
 * "Same as last year" dialog: pick a file as a person does, read what the panel says, import.
 */
import { expect, type Locator, type Page } from '@playwright/test'

export class CsvImportPage {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByRole('region', { name: /^Import / })
  }

  async openRecipientImport(): Promise<void> {
    await this.page.getByRole('button', { name: 'Import CSV' }).tap()
    await expect(this.panel).toBeVisible()
  }

  /** Choose a file on the panel's file input (UTF-8 text, as a spreadsheet saves it). */
  async pickFile(name: string, text: string): Promise<void> {
    await this.panel.getByLabel('CSV file').setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(text, 'utf8'),
    })
  }

  problems(): Locator {
    return this.panel.getByRole('list', { name: 'Problems in the file' }).getByRole('listitem')
  }

  importButton(): Locator {
    return this.panel.getByRole('button', { name: /^Import \d+/ })
  }

  alert(): Locator {
    return this.panel.getByRole('alert')
  }

  duplicate(rowNumber: number): Locator {
    return this.panel.getByRole('checkbox', { name: new RegExp(`^Skip row ${rowNumber}:`) })
  }

  recipientNames(): Locator {
    return this.page.getByRole('list', { name: 'Recipients' }).locator('.card-title')
  }

  sameAsLastYearDialog(): Locator {
    return this.page.getByRole('dialog', { name: 'Same as last year' })
  }
}
