import { expect, type Locator, type Page } from '@playwright/test';

/** The Instances page as a user sees it. */
export class InstancesPage {
  readonly grid: Locator;
  readonly checklist: Locator;
  readonly launchForm: Locator;
  readonly detail: Locator;
  /** The Sync now bar above the grid, and the panel with the sync's live output. */
  readonly selection: Locator;
  readonly syncPanel: Locator;

  constructor(readonly page: Page) {
    this.grid = page.getByRole('grid', { name: 'Instances' });
    this.checklist = page.getByRole('list', { name: 'Pre-flight checks' });
    this.launchForm = page.getByRole('region', { name: 'Launch instances' });
    this.detail = page.locator('.instance-detail');
    this.selection = page.getByRole('toolbar', { name: 'Selected instances' });
    this.syncPanel = page.getByRole('region', { name: 'Sync now' });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Instances' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  }

  async fillLaunch(fields: {
    project?: string;
    gitUser: string;
    branch: string;
    count?: number | string;
    ttl?: string;
    region?: string;
    image?: string;
    keyPair?: string;
    securityGroup?: string;
    env?: string;
  }) {
    const form = this.launchForm;
    if (fields.project) await form.getByLabel('Project').selectOption({ label: fields.project });
    await form.getByLabel('GitHub user').fill(fields.gitUser);
    await form.getByLabel('Branch').fill(fields.branch);
    if (fields.count !== undefined) await form.getByLabel('Count').fill(String(fields.count));
    if (fields.image !== undefined) await form.getByLabel('Image (optional)').fill(fields.image);
    if (fields.ttl !== undefined) await form.getByLabel('Time to live').fill(fields.ttl);
    if (fields.region !== undefined) await form.getByLabel('Region').fill(fields.region);
    if (fields.keyPair !== undefined) await form.getByLabel('Key pair').fill(fields.keyPair);
    if (fields.securityGroup !== undefined) await form.getByLabel('Security group').fill(fields.securityGroup);
    if (fields.env !== undefined) await form.getByLabel(/Env vars/).fill(fields.env);
  }

  check() {
    return this.launchForm.getByRole('button', { name: 'Check' }).click();
  }

  /** A launch form field by its label. */
  field(label: string): Locator {
    return this.launchForm.getByLabel(label, { exact: true });
  }

  /** The list of the form's input problems, one item each ("Region: …"). */
  problems(): Locator {
    return this.launchForm.getByRole('alert').getByRole('listitem');
  }

  launch() {
    return this.launchForm.getByRole('button', { name: 'Launch' }).click();
  }

  checkItem(label: string): Locator {
    return this.checklist.getByRole('listitem', { name: new RegExp(`^${label}:`) });
  }

  row(text: string): Locator {
    return this.grid.getByRole('row').filter({ hasText: text });
  }

  /** The "Expires in" cell of a row, as seconds (e.g. "3h 59m" → 14 340). */
  async expiresInSeconds(row: Locator): Promise<number> {
    const text = (await row.locator('[role="gridcell"][data-col="expires"]').innerText()).trim();
    let total = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(n) * { d: 86400, h: 3600, m: 60, s: 1 }[unit as 'd']!;
    return total;
  }

  /** Ticks a row's box (for Sync now). */
  tick(row: Locator): Promise<void> {
    return row.getByRole('checkbox').check();
  }

  syncNow(): Promise<void> {
    return this.selection.getByRole('button', { name: 'Sync now' }).click();
  }

  /** One instance in the Sync panel: its heading (label, id, status) and body. */
  syncItem(text: string): Locator {
    return this.syncPanel.getByRole('listitem').filter({ hasText: text });
  }

  /** The live log of an instance in the Sync panel ("Output of shop/main (i-…)"), by its id. */
  syncLog(instanceId: string): Locator {
    return this.syncPanel.getByRole('log', { name: `(${instanceId})` });
  }

  readyBanner(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'is ready' });
  }

  async confirm(name: string): Promise<void> {
    await this.page.getByRole('alertdialog').getByRole('button', { name }).click();
  }
}
