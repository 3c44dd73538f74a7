import { GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { InstancesPage } from '../../pages/instances-page';
import { seedFleet, type Seed } from './fleet-seed';
import { expect, test } from './instances-fixture';

/** A team's fleet with long names, as the walk-through had it. */
const team: Seed[] = [
  { project: 'storefront-admin', branch: 'feature/checkout-redesign-with-long-name', owner: 'margaret', ready: true, readyUrl: 'http://localhost:3000/storefront/health/check' },
  { project: 'shop', branch: 'main', ready: true },
  { project: 'billing-service', branch: 'fix/invoice-rounding', owner: 'grace' },
];

/** Text cut short inside its own box (an ellipsis), or a box running past its cell. */
async function clipped(element: Locator): Promise<boolean> {
  return element.evaluate((el) => {
    const cell = el.closest('[role="gridcell"], [role="columnheader"]')!;
    if (cell === el) return el.scrollWidth > el.clientWidth + 1;
    const box = el.getBoundingClientRect();
    const padding = Number.parseFloat(getComputedStyle(cell).paddingRight);
    return el.scrollWidth > el.clientWidth + 1 || box.right > cell.getBoundingClientRect().right - padding + 0.5;
  });
}

async function headers(instances: InstancesPage): Promise<string[]> {
  return (await instances.grid.getByRole('columnheader').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** The content area does not scroll sideways (nothing pushed past it). */
const noSidewaysScroll = (page: Page) => page.locator('main').evaluate((el) => el.scrollWidth <= el.clientWidth);

test('the fleet grid fits: every column unclipped at 1280 px; at 900 px the columns that fit, no sideways scroll', async ({ page, mocked }) => {
  seedFleet(mocked, team);
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);
  await expect(instances.row('storefront-admin')).toHaveCount(1);

  expect(await headers(instances)).toEqual(['Project', 'Branch', 'Owner', 'State', 'Ready URL', 'Launched', 'Expires in', 'Cost so far']);
  for (const seed of team) {
    const row = instances.row(seed.project);
    for (const part of [row.locator('.fleet-project'), row.locator('.fleet-id'), row.locator('[data-col="owner"]'), row.locator('[data-col="state"] .badge')]) {
      expect(await clipped(part), `${seed.project}: ${await part.innerText()}`).toBe(false);
    }
  }
  for (const header of await instances.grid.getByRole('columnheader').all()) expect(await clipped(header), await header.innerText()).toBe(false);
  expect(await instances.grid.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  await page.setViewportSize({ width: 900, height: 700 });
  await expect.poll(() => headers(instances)).toEqual(['Project', 'Branch', 'Owner', 'State', 'Expires in']);
  expect(await instances.grid.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const row = instances.row('billing-service');
  for (const part of [row.locator('.fleet-project'), row.locator('.fleet-id'), row.locator('[data-col="owner"]'), row.locator('[data-col="state"] .badge')]) {
    expect(await clipped(part)).toBe(false);
  }
  expect(await noSidewaysScroll(page)).toBe(true);
});

test('pages have URLs: reload and Back/Forward keep the page and the open instance; the details come into view; each page starts at its top', async ({ page, mocked }) => {
  const [id] = seedFleet(mocked, team);
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);
  await expect(page).toHaveURL(/#\/instances$/);

  await instances.row('storefront-admin').click();
  await expect(page).toHaveURL(new RegExp(`#/instances/${id}$`));
  // Below the launch form and the grid, yet in view once opened.
  await expect(instances.detail.getByRole('heading', { name: /storefront-admin/ })).toBeInViewport();
  // The content area scrolled, not the window (the header stays).
  expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  await expect(instances.detail.getByRole('heading', { name: /storefront-admin/ })).toBeInViewport();
  await expect(instances.row('storefront-admin')).toHaveAttribute('aria-selected', 'true');

  await page.goBack();
  await expect(page).toHaveURL(/#\/instances$/);
  await expect(instances.detail).toHaveCount(0);
  await page.goForward();
  await expect(instances.detail.getByRole('heading', { name: /storefront-admin/ })).toBeVisible();

  // The content area was scrolled down to the details; another page starts at its top.
  expect(await page.locator('main').evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  expect(await page.locator('main').evaluate((el) => el.scrollTop)).toBe(0);
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/instances/${id}$`));
  await expect(instances.detail).toBeVisible();
});

test("Diagnose's long output wraps inside the card: Close and Cost stay on screen; Extend's error is under its button", async ({ page, mocked }) => {
  seedFleet(mocked, team);
  const long = `cloud-init[1234]: ${'x'.repeat(400)} ${'/var/lib/cloud/instance/scripts/part-001: line 12: /opt/app/bin/start-with-a-very-long-path'.repeat(3)}\n`;
  mocked.ec2.on(GetConsoleOutputCommand).resolves({ Output: Buffer.from(long).toString('base64') });
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);
  await instances.row('storefront-admin').click();
  await instances.detail.getByRole('button', { name: 'Diagnose' }).click();
  await expect(instances.detail.locator('.diagnosis pre')).toContainText('x'.repeat(100));
  expect(await noSidewaysScroll(page)).toBe(true);
  const card = await page.locator('.fleet').boundingBox();
  const detail = await instances.detail.boundingBox();
  expect(detail!.x + detail!.width).toBeLessThanOrEqual(card!.x + card!.width);
  await instances.detail.getByRole('button', { name: 'Close' }).scrollIntoViewIfNeeded();
  await expect(instances.detail.getByRole('button', { name: 'Close' })).toBeInViewport({ ratio: 1 });
  await expect(instances.detail.getByText('Cost', { exact: true })).toBeInViewport({ ratio: 1 });

  // A bad duration: the error sits right under the Expiry buttons, in view, and names the input.
  await instances.detail.getByLabel('Extend by', { exact: true }).fill('soon');
  await instances.detail.getByRole('button', { name: 'Extend', exact: true }).click();
  const error = instances.detail.getByRole('alert');
  await expect(error).toBeInViewport();
  expect(await error.evaluate((el) => el.previousElementSibling?.getAttribute('aria-label'))).toBe('Expiry');
  await expect(instances.detail.getByLabel('Extend by', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('focus returns to the control that opened a dialog, and stays on +1h', async ({ page, mocked }) => {
  const [id] = seedFleet(mocked, team);
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);
  const row = instances.row('storefront-admin');
  await row.click();
  const detail = instances.detail;

  const expiry = () => Date.parse(mocked.fleet.get(id!)!.tags.get('flotilla:expires-at')!);
  const before = expiry();
  await detail.getByRole('button', { name: 'Extend by 1h' }).click();
  await expect.poll(expiry).toBeGreaterThan(before + 1800_000);
  await expect(detail.getByRole('button', { name: 'Extend by 1h' })).toBeFocused();

  await detail.getByRole('button', { name: 'Terminate' }).click();
  await page.keyboard.press('Escape');
  await expect(detail.getByRole('button', { name: 'Terminate' })).toBeFocused();

  // Pinned, its Pin button becomes Unpin (the same control): focus comes back to it, not the page.
  await detail.getByRole('button', { name: 'Pin', exact: true }).click();
  await instances.confirm('Pin');
  await expect(detail.getByRole('button', { name: 'Unpin' })).toBeEnabled();
  await expect(detail.getByRole('button', { name: 'Unpin' })).toBeFocused();

  // Closed, the panel is gone: focus goes to its row.
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(row).toBeFocused();
  await row.click();

  // Terminated, the panel is gone: focus goes to the grid's row.
  await detail.getByRole('button', { name: 'Terminate' }).click();
  await instances.confirm('Terminate');
  await expect(row).toHaveCount(0);
  await expect(instances.grid.locator('[role="row"][tabindex="0"]')).toBeFocused();
});

const shots = process.env.FLOTILLA_SHOTS_DIR;

test('screenshots at 1280 and 900 px, light and dark (FLOTILLA_SHOTS_DIR)', async ({ page, mocked }) => {
  test.skip(!shots, 'FLOTILLA_SHOTS_DIR is not set');
  test.setTimeout(120_000);
  seedFleet(mocked, team);
  const long = `cloud-init: ${'y'.repeat(300)}\n`;
  mocked.ec2.on(GetConsoleOutputCommand).resolves({ Output: Buffer.from(long).toString('base64') });
  const instances = new InstancesPage(page);
  for (const [width, height] of [[1280, 800], [900, 700]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await instances.open(mocked.url);
      await instances.grid.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots!, `grid-${width}-${scheme}.png`) });
      await instances.row('storefront-admin').click();
      await page.screenshot({ path: path.join(shots!, `detail-${width}-${scheme}.png`) });
      await instances.detail.getByRole('button', { name: 'Diagnose' }).click();
      await instances.detail.getByRole('list', { name: 'Diagnosis' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots!, `diagnose-${width}-${scheme}.png`) });
      await page.goto('about:blank');
    }
  }
});
