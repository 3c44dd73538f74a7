import { expect, type Locator, type Page } from '@playwright/test';

/** The Projects page as a user sees it; specs talk to this, not to selectors. */
export class ProjectsPage {
  readonly nav: Locator;
  readonly list: Locator;
  readonly gitUser: Locator;
  readonly branch: Locator;
  readonly previewButton: Locator;
  readonly userData: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.list = page.getByRole('grid', { name: 'Projects' }).or(page.getByRole('table', { name: 'Projects' })).or(page.getByRole('listbox', { name: 'Projects' }));
    this.gitUser = page.getByLabel('Git user');
    this.branch = page.getByLabel('Branch');
    this.previewButton = page.getByRole('button', { name: 'Preview', exact: true });
    this.userData = page.getByRole('region', { name: 'User-data' });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.list).toBeVisible();
  }

  row(text: string): Locator {
    return this.list.getByRole('row').filter({ hasText: text }).or(this.list.getByRole('option').filter({ hasText: text }));
  }

  async select(text: string): Promise<void> {
    await this.row(text).first().click();
    await expect(this.page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  }

  async preview(gitUser: string, branch: string): Promise<void> {
    await this.gitUser.fill(gitUser);
    await this.branch.fill(branch);
    await this.previewButton.click();
  }

  alert(): Locator {
    return this.page.getByRole('alert');
  }

  async goTo(section: 'Projects' | 'Instances' | 'Revisions' | 'Settings'): Promise<void> {
    await this.nav.getByRole('button', { name: section }).or(this.nav.getByRole('link', { name: section })).first().click();
  }
}
