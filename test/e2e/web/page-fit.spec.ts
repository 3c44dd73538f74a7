/**
 * Issue 14, "done when": every page at 1280×800 and 900×700, light and dark, with no control cut
 * off and nothing that scrolls sideways. With FLOTILLA_SHOTS_DIR set, each view is also saved as a
 * PNG there (CI uploads the folder as an artifact; it is git-ignored).
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AppShell } from '../../pages/app-shell';
import { InstancesPage } from '../../pages/instances-page';
import { seedFleet, type Seed } from './fleet-seed';
import { misfits } from './misfits';
import { expect, test } from './instances-fixture';

const shots = process.env.FLOTILLA_SHOTS_DIR;

/** Long names, as a team's fleet has them. */
const team: Seed[] = [
  { project: 'storefront-admin', branch: 'feature/checkout-redesign-with-a-rather-long-name', owner: 'margaret', ready: true, readyUrl: 'http://localhost:3000/storefront/health/check' },
  { project: 'shop', branch: 'main', ready: true },
  { project: 'billing-service', branch: 'fix/invoice-rounding', owner: 'grace' },
];

/** Checks the view, then saves it (top, and the end when the content area scrolls). */
async function fits(page: Page, view: string): Promise<void> {
  expect(await misfits(page), view).toEqual([]);
  if (!shots) return;
  const main = page.locator('main');
  await main.evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${view}.png`) });
  if (await main.evaluate((el) => el.scrollHeight > el.clientHeight + 1)) {
    await main.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: path.join(shots, `${view}-end.png`) });
    await main.evaluate((el) => el.scrollTo(0, 0));
  }
}

test('every page fits at 1280×800 and 900×700, light and dark: no control cut off, no sideways scroll', async ({ page, mocked }) => {
  test.setTimeout(120_000);
  seedFleet(mocked, team);
  const shell = new AppShell(page);
  const instances = new InstancesPage(page);
  for (const [width, height] of [[1280, 800], [900, 700]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      const at = `${width}-${scheme}`;

      await instances.open(mocked.url);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await expect(instances.row('storefront-admin')).toHaveCount(1);
      await fits(page, `instances-${at}`);
      await instances.row('storefront-admin').click();
      await expect(instances.detail).toBeVisible();
      await fits(page, `instance-detail-${at}`);

      for (const name of ['Projects', 'Revisions', 'Settings'] as const) {
        await shell.go(name);
        await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
        await fits(page, `${name.toLowerCase()}-${at}`);
      }
    }
  }
});
