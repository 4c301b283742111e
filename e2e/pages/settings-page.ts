/**
 * Page object for Settings: this tablet's name, the space's tablets (invite, list, remove), backup
 * export and import, and the storage figures.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test'
import { inviteLink } from './sync-waits'

export class SettingsPage {
  readonly heading: Locator
  readonly backup: Locator
  readonly storage: Locator
  readonly exportButton: Locator
  readonly importInput: Locator
  readonly backupMessage: Locator
  readonly backupError: Locator
  readonly replaceDialog: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Settings', level: 1 })
    this.backup = page.getByRole('region', { name: 'Backup' })
    this.storage = page.getByRole('region', { name: 'Storage on this tablet' })
    this.exportButton = this.backup.getByRole('button', { name: 'Export backup' })
    this.importInput = this.backup.getByLabel('Import backup')
    this.backupMessage = this.backup.getByRole('status')
    this.backupError = this.backup.getByRole('alert')
    this.replaceDialog = page.getByRole('alertdialog', { name: 'Replace all data on this tablet?' })
  }

  /** From anywhere in the app: the main navigation's Settings. */
  async open(): Promise<this> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Settings' })
      .tap()
    await expect(this.heading).toBeVisible()
    return this
  }

  /** Name this tablet (other tablets' sync notices say "on <name>"). */
  async nameThisTablet(name: string): Promise<void> {
    const form = this.page.getByRole('form', { name: "This tablet's name" })
    await form.getByLabel("This tablet's name").fill(name)
    await form.getByRole('button', { name: 'Save name' }).tap()
    await expect(form.getByRole('status')).toHaveText('Saved')
  }

  /** Ask for a one-time invitation and return the join link that carries it. */
  async inviteTablet(): Promise<string> {
    return inviteLink(this.page)
  }

  /** The list of the space's tablets (read from the server when Settings opens). */
  devices(): Locator {
    return this.page.getByRole('list', { name: 'Tablets in this space' })
  }

  /** Remove a tablet from the space, confirming in the dialog that asks first. */
  async removeTablet(name: string): Promise<void> {
    await this.devices()
      .getByRole('button', { name: `Remove ${name}` })
      .tap()
    const dialog = this.page.getByRole('alertdialog', { name: `Remove ${name}?` })
    await dialog.getByRole('button', { name: 'Remove tablet' }).tap()
    await expect(dialog).toBeHidden()
    await expect(this.devices().getByText(name)).toHaveCount(0)
  }

  /** Tap "Export backup" and return the downloaded file's path and name. */
  async exportBackup(): Promise<{ path: string; name: string }> {
    const downloaded: Promise<Download> = this.page.waitForEvent('download')
    await this.exportButton.tap()
    const download = await downloaded
    return { path: await download.path(), name: download.suggestedFilename() }
  }

  /** Choose a file to import; a valid backup then asks before replacing anything. */
  async chooseBackupFile(file: string | { name: string; mimeType: string; buffer: Buffer }) {
    await this.importInput.setInputFiles(file)
  }

  async confirmReplace(): Promise<void> {
    await this.replaceDialog.getByRole('button', { name: 'Replace data' }).tap()
    await expect(this.replaceDialog).toBeHidden()
  }

  async cancelReplace(): Promise<void> {
    await this.replaceDialog.getByRole('button', { name: 'Cancel' }).tap()
    await expect(this.replaceDialog).toBeHidden()
  }
}
