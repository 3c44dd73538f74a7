import path from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { InstancesPage } from '../../pages/instances-page';
import { expect, GROUP, KEY, startMockedServe } from './instances-fixture';

/** A second project whose template gives its own TTL and region. */
const DOCS = [
  '#!/bin/bash',
  '# fleeting-meta:name = Docs',
  '# fleeting-meta:repo = acme/docs',
  '# fleeting-meta:image-id = ami-0123456789abcdef0',
  '# fleeting-meta:instance-type = t3.small',
  '# fleeting-meta:ttl = 8h',
  '# fleeting-meta:region = eu-west-1',
  '# fleeting-meta:ready-url = http://localhost:8080/health',
  'set -euo pipefail',
  'echo {{ GIT_BRANCH | shq }}',
  '',
].join('\n');

const test = base.extend<{ mocked: Awaited<ReturnType<typeof startMockedServe>> }>({
  mocked: async ({}, use) => {
    const served = await startMockedServe({ extraProjects: { 'docs.sh': DOCS } });
    await use(served);
    await served.stop();
  },
});

/** With FLOTILLA_SHOTS_DIR set, full-page screenshots at 1280×800 and 900×700, light and dark (CI artifacts, never in git). */
const shots = process.env.FLOTILLA_SHOTS_DIR;
async function shoot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  for (const [width, height] of [[1280, 800], [900, 700]] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: path.join(shots, `${name}-${width}-${colorScheme}.png`), fullPage: true });
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the launch form: defaults with their source, every problem at once, kept across pages, no stale checks', async ({ page, mocked }) => {
  test.setTimeout(60_000);
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);

  // Items 8 and 3: the template's TTL and region, else Settings', each with where it comes from.
  await instances.launchForm.getByLabel('Project').selectOption({ label: 'Docs' });
  await expect(instances.field('Time to live')).toHaveValue('8h');
  await expect(instances.field('Time to live')).toHaveAccessibleDescription("From the project's template.");
  await expect(instances.field('Region')).toHaveAccessibleDescription("Will use eu-west-1, from the project's template.");
  await instances.launchForm.getByLabel('Project').selectOption({ label: 'Shop' });
  await expect(instances.field('Time to live')).toHaveValue('24h');
  await expect(instances.field('Time to live')).toHaveAccessibleDescription("Settings' default lifetime.");
  await expect(instances.field('Region')).toHaveAccessibleDescription("Will use us-east-1, Settings' default region.");
  await expect(instances.field('Image (optional)')).toHaveAccessibleDescription("Will use ami-0123456789abcdef0, from the project's template.");
  await shoot(page, 'launch-defaults');

  // Item 7: eight bad fields, one Check, every problem named as the form labels it.
  await instances.fillLaunch({ gitUser: '', branch: 'bad..branch', count: 0, ttl: '0m', region: 'Mars', image: 'ubuntu', securityGroup: 'sg-1', env: 'lower=1' });
  await instances.check();
  await expect(instances.problems()).toHaveText([
    /^Count: must be a whole number from 1 to 20/,
    /^Env vars: Line 1: write KEY=VALUE/,
    /^GitHub user: is empty/,
    /^Branch: /,
    "Time to live: must be at least 1 minute, not '0m'",
    /^Region: 'Mars' is not an AWS region name/,
    /^Image: 'ubuntu' is not an AMI id/,
    /^Security group: 'sg-1' is not a group id/,
  ]);
  const alert = instances.launchForm.getByRole('alert');
  await expect(alert).not.toContainText(/instances\.|field '|securityGroupId|gitUser/);
  // Item 6: no checklist (and no "All checks passed") for input that never reached the checks.
  await expect(page.getByText('All checks passed')).toHaveCount(0);
  await expect(page.getByText('Could not check')).toHaveCount(0);
  await shoot(page, 'launch-problems');

  // Fixed, it checks; an image given as an AMI id is used.
  await instances.fillLaunch({ gitUser: 'octocat', branch: 'feature/form', count: 1, ttl: '3h', region: 'us-east-1', image: 'ami-0123456789abcdef0', keyPair: KEY, securityGroup: GROUP, env: '' });
  await instances.check();
  await expect(page.getByText(/^All checks passed/)).toBeVisible();
  await expect(instances.problems()).toHaveCount(0);
  await expect(instances.checkItem('Image exists in the region')).toContainText('ami-0123456789abcdef0');
  await shoot(page, 'launch-checked');

  // Item 9: a page switch keeps the form and its checks; an edit drops the stale checks.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Projects' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Instances' }).click();
  await expect(instances.field('Branch')).toHaveValue('feature/form');
  await expect(instances.field('Time to live')).toHaveValue('3h');
  await expect(instances.field('Time to live')).toHaveAccessibleDescription("Default 24h, Settings' default lifetime.");
  await expect(page.getByText(/^All checks passed/)).toBeVisible();
  await instances.field('Branch').fill('feature/form-2');
  await expect(instances.checklist).toHaveCount(0);
  await expect(page.getByText(/All checks passed/)).toHaveCount(0);
});
