/** Page object for Settings › Appearance: colours, text size and currency symbol. */
import { expect, type Locator, type Page } from '@playwright/test'

export class AppearancePage {
  readonly section: Locator

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Appearance' })
  }

  async chooseColours(label: 'Like this device' | 'Light' | 'Dark'): Promise<void> {
    await this.section.getByRole('radio', { name: label }).tap()
    await expect(this.section.getByRole('radio', { name: label })).toBeChecked()
  }

  async chooseTextSize(percent: 100 | 125 | 150): Promise<void> {
    await this.section.getByRole('radio', { name: `${percent} %` }).tap()
  }

  async chooseCurrency(symbol: string): Promise<void> {
    await this.section.getByLabel('Currency symbol').selectOption(symbol)
  }

  /** The colour scheme the page shows: 'light' or 'dark'. */
  shownTheme(): Promise<string | null> {
    return this.page.evaluate(() => document.documentElement.dataset.theme ?? null)
  }
}
