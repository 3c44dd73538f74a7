import { expect, type Locator, type Page } from '@playwright/test';

/** The Revisions page as a user sees it; specs talk to this, not to selectors. */
export class RevisionsPage {
  readonly nav: Locator;
  readonly spoolForm: Locator;
  readonly pathField: Locator;
  readonly spools: Locator;
  readonly packages: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.spoolForm = page.getByRole('form', { name: 'Spool a release' });
    this.pathField = page.getByRole('textbox', { name: 'File or folder to spool' });
    // Running and failed spools are cards in "Spools"; finished ones are lines in "Finished spools".
    this.spools = page.getByRole('list', { name: /^(Spools|Finished spools)$/ });
    this.packages = page.getByRole('table', { name: 'Packages' });
  }

  async show(): Promise<void> {
    await this.nav.getByRole('button', { name: 'Revisions' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Revisions' })).toBeVisible();
  }

  async spool(path: string): Promise<void> {
    await this.pathField.fill(path);
    await this.spoolForm.getByRole('button', { name: 'Spool' }).click();
  }

  /** The spool of a file or folder, by its name (`site`, `site.tar.gz`). */
  spoolOf(name: string): Locator {
    return this.spools.getByRole('listitem').filter({ hasText: name });
  }

  /** The names of a package's revisions, top to bottom. */
  async revisionNames(pkg: string): Promise<string[]> {
    return this.revisionsOf(pkg).getByRole('rowheader').allTextContents();
  }

  revisionsOf(pkg: string): Locator {
    return this.page.getByRole('table', { name: `Revisions of ${pkg}` });
  }

  serversOf(pkg: string): Locator {
    return this.page.getByRole('table', { name: `Servers running ${pkg}` });
  }

  async bless(revision: string): Promise<void> {
    await this.page.getByRole('button', { name: `Bless ${revision}` }).click();
    await this.page.getByRole('alertdialog', { name: `Bless ${revision}?` }).getByRole('button', { name: 'Bless' }).click();
  }
}
