import type { Locator, Page } from '@playwright/test';

/** What every page shows: the header's connection line and, on a new install, the first-run checklist. */
export class AppShell {
  readonly nav: Locator;
  readonly connection: Locator;
  readonly checklist: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Main' });
    this.connection = page.getByRole('group', { name: 'Connection' });
    this.checklist = page.getByRole('region', { name: 'Before your first launch' });
  }

  /** A checklist line by its label (`Key pair in us-east-1`, `Ingress`). */
  checklistLine(label: string): Locator {
    // The line's text starts with its label (a detail may name another, e.g. 'Settings → AWS regions').
    return this.checklist.getByRole('listitem').filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  /** Follows a line's link to the Settings field that fixes it. */
  async fix(label: string): Promise<void> {
    await this.checklist.getByRole('link', { name: new RegExp(`: ${label}$`) }).click();
  }

  async go(page: 'Projects' | 'Instances' | 'Revisions' | 'Settings'): Promise<void> {
    await this.nav.getByRole('button', { name: page }).click();
  }
}
