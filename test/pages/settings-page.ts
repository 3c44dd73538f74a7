import { expect, type Locator, type Page } from '@playwright/test';

/** The Settings page as a user sees it; specs talk to this, not to selectors. */
export class SettingsPage {
  readonly nav: Locator;
  readonly accounts: Locator;
  readonly saveButton: Locator;
  readonly keyForm: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.accounts = page.getByRole('table', { name: 'AWS accounts' });
    this.saveButton = page.getByRole('button', { name: 'Save settings' });
    this.keyForm = page.getByRole('form', { name: 'Add an access key' });
  }

  /** Opens the app at `url` and goes to Settings. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.nav.getByRole('button', { name: 'Settings' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(this.accounts).toBeVisible();
    await expect(this.saveButton).toBeVisible();
  }

  account(name: string): Locator {
    return this.accounts.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async setField(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  async save(): Promise<void> {
    await this.saveButton.click();
  }

  alert(): Locator {
    return this.page.getByRole('alert');
  }

  async saveKey(name: string, accessKeyId: string, secret: string): Promise<void> {
    await this.keyForm.getByLabel('Name').fill(name);
    await this.keyForm.getByLabel('Access key id').fill(accessKeyId);
    await this.keyForm.getByLabel('Secret access key').fill(secret);
    await this.keyForm.getByRole('button', { name: 'Save key' }).click();
  }
}
