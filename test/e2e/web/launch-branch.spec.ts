import { InstancesPage } from '../../pages/instances-page';
import { expect, GROUP, KEY, repoRoot, test } from './instances-fixture';
import path from 'node:path';

test('launch a branch: check, launch, watch it become ready, extend, terminate', async ({ page, mocked }) => {
  test.setTimeout(60_000);
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);
  await expect(page.getByRole('heading', { name: 'No instances running' })).toBeVisible();

  await instances.fillLaunch({ project: 'Shop', gitUser: 'octocat', branch: 'feature/cart', ttl: '4h', region: 'us-east-1', keyPair: KEY, securityGroup: GROUP, env: 'DEBUG=1' });
  await instances.check();
  await expect(page.getByText('All checks passed')).toBeVisible();
  for (const label of ['Template', 'Branch', 'Image', 'Key pair', 'Security group']) {
    await expect(instances.checklist.getByRole('listitem').filter({ hasText: label }).first()).toContainText('Passed');
  }
  await expect(instances.checklist.getByRole('listitem').filter({ hasText: 'Failed' })).toHaveCount(0);
  await page.screenshot({ path: path.join(repoRoot, '.tmp', 'e2e', 'instances-checklist.png'), fullPage: true });

  await instances.launch();
  await expect(page.getByRole('status', { name: 'Launch result' })).toContainText('Started 1 of 1');
  const row = instances.row('feature/cart');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Pending');
  await expect(row).toContainText(/Running/, { timeout: 10_000 });
  await expect(row).toContainText('Ready', { timeout: 15_000 });
  await expect(row).toContainText(/http:\/\/localhost:\d+\/health/);
  await expect(instances.readyBanner()).toContainText('shop/feature/cart is ready');
  await expect(instances.readyBanner().getByRole('button', { name: 'Open' })).toBeVisible();
  await page.screenshot({ path: path.join(repoRoot, '.tmp', 'e2e', 'instances-ready.png'), fullPage: true });

  const before = await instances.expiresInSeconds(row);
  expect(before).toBeGreaterThan(3 * 3600);
  await row.click();
  await instances.detail.getByRole('button', { name: 'Extend by 4h' }).click();
  await expect.poll(() => instances.expiresInSeconds(row)).toBeGreaterThan(before + 3 * 3600);

  await instances.detail.getByRole('button', { name: 'Terminate' }).click();
  await instances.confirm('Terminate');
  await expect(row).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'No instances running' })).toBeVisible();
});
