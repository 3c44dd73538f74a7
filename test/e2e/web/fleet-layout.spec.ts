import path from 'node:path';
import { InstancesPage } from '../../pages/instances-page';
import { seedFleet, type Seed } from './fleet-seed';
import { expect, test } from './instances-fixture';

const team: Seed[] = [
  { project: 'storefront-admin', branch: 'feature/checkout-redesign-with-long-name', owner: 'margaret.hamilton', ready: true, readyUrl: 'http://localhost:3000/storefront/health/check' },
  { project: 'shop', branch: 'main', ready: true },
  { project: 'billing-service', branch: 'fix/invoice-rounding', owner: 'grace', ready: false },
];
const shots = process.env.SHOTS_DIR;

test('shots', async ({ page, mocked }) => {
  test.skip(!shots, 'SHOTS_DIR not set');
  seedFleet(mocked, team);
  const instances = new InstancesPage(page);
  for (const [w, h] of [[1280, 800], [900, 700]] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.emulateMedia({ colorScheme: scheme });
      await instances.open(mocked.url);
      await expect(instances.grid).toBeVisible();
      await instances.grid.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots!, `grid-${w}-${scheme}.png`) });
      await instances.row('storefront').click();
      await page.screenshot({ path: path.join(shots!, `detail-${w}-${scheme}.png`) });
      await instances.detail.getByRole('button', { name: 'Diagnose' }).click();
      await expect(instances.detail.getByRole('list', { name: 'Diagnosis' })).toBeVisible();
      await instances.detail.getByRole('list', { name: 'Diagnosis' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots!, `diagnose-${w}-${scheme}.png`) });
    }
  }
});
