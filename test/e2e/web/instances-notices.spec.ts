import { mkdirSync } from 'node:fs';
import { InstancesPage } from '../../pages/instances-page';
import { expect, GROUP, KEY, test } from './instances-fixture';

/** Screenshots for a look as a user would (not in git): FLOTILLA_SHOTS_DIR=/tmp/shots. */
const shots = process.env.FLOTILLA_SHOTS_DIR;

test('20 instances of one launch: one grouped notice; totals follow the filters; Extend on a pinned one asks, Unpin', async ({ page, mocked }) => {
  test.setTimeout(120_000);
  const instances = new InstancesPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await instances.open(mocked.url);
  await instances.fillLaunch({ project: 'Shop', gitUser: 'octocat', branch: 'feature/many', count: 20, ttl: '4h', region: 'us-east-1', keyPair: KEY, securityGroup: GROUP });
  await instances.launch();
  await expect(page.getByRole('status', { name: 'Launch result' })).toContainText('Started 20 of 20');

  // ONE notice for the launch, not 20.
  const notice = page.getByRole('status', { name: 'shop/feature/many ready' });
  await expect(notice).toContainText('shop/feature/many: 20 of 20 ready', { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'ready' })).toHaveCount(1);
  await notice.getByRole('button', { name: 'Show all 20' }).click();
  await expect(notice.getByRole('list', { name: 'Ready instances of shop/feature/many' }).getByRole('listitem')).toHaveCount(20);
  await expect(notice.getByRole('button', { name: 'Hide the list' })).toHaveAttribute('aria-expanded', 'true');

  // Totals follow the filters.
  const totals = page.getByLabel('Fleet totals');
  await expect(totals).toContainText('Per hour$0.42');
  await page.getByLabel('Search').fill('no-such-branch');
  await expect(page.getByText('0 of 20 shown', { exact: true })).toBeVisible();
  await expect(totals).toContainText('Per hour$0.00');
  await page.getByRole('button', { name: 'Clear filters' }).click();

  if (shots) {
    mkdirSync(shots, { recursive: true });
    for (const [width, height] of [[1280, 800], [900, 700]] as const) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        await notice.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/notice-${width}-${scheme}.png` });
        await totals.scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${shots}/totals-${width}-${scheme}.png` });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  // Pin one; Extend then asks before unpinning it; Unpin exists.
  const row = instances.grid.getByRole('row').nth(1);
  await row.click();
  await instances.detail.getByRole('button', { name: 'Pin' }).click();
  await instances.confirm('Pin');
  await expect(row).toContainText('Pinned');
  await expect(totals).toContainText('1 pinned: no expiry, so not in To expiry');
  await expect(totals).toContainText('Per hour$0.42');
  await expect(totals).not.toContainText('without a price');
  if (shots) {
    await instances.detail.getByRole('button', { name: 'Unpin' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/pinned-detail-1280-light.png` });
  }

  await instances.detail.getByRole('button', { name: 'Extend by 4h' }).click();
  const ask = page.getByRole('alertdialog', { name: /^Unpin i-\w+ and extend it by 4h\?$/ });
  await expect(ask).toContainText('Extending it unpins it');
  if (shots) await page.screenshot({ path: `${shots}/extend-pinned-1280-light.png` });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(row).toContainText('Pinned');

  await instances.detail.getByRole('button', { name: 'Unpin' }).click();
  await instances.confirm('Unpin');
  await expect(row).not.toContainText('Pinned');
  await expect.poll(() => instances.expiresInSeconds(row)).toBeGreaterThan(3600);
  await expect(instances.detail.getByRole('button', { name: 'Pin' })).toBeVisible();
});
