import { RunInstancesCommand, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { test as base } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startS3rver, TEST_CREDENTIALS, type S3rverHandle } from '../../support/s3rver';
import { InstancesPage } from '../../pages/instances-page';
import { RevisionsPage } from '../../pages/revisions-page';
import { SettingsPage } from '../../pages/settings-page';
import { expect, GROUP, KEY, startMockedServe } from './instances-fixture';
import { misfits } from './misfits';

/**
 * Issue 15 in browser mode: a template that deploys the package `site` with a typed option and an
 * env file (one plain value, one SSM reference); two revisions spooled to a real S3 protocol server
 * (s3rver), the second blessed. EC2, IAM and SSM are mocked as AWS answers (instances-fixture.ts).
 */
const SITE_TEMPLATE = [
  '#!/bin/bash',
  '# fleeting-meta:name = Site',
  '# fleeting-meta:repo = acme/site',
  '# fleeting-meta:image-id = ami-0123456789abcdef0',
  '# fleeting-meta:instance-type = t3.small',
  '# fleeting-meta:ready-url = http://localhost:$APP_PORT$/health',
  '# fleeting-meta:package = site',
  '# fleeting-meta:iam-instance-profile = site-app',
  '# fleeting-meta:option.workers = int(1..8) 2 "web workers"',
  'set -euo pipefail',
  'echo deploy {{ REVISION | shq }} from {{ REVISION_URL | shq }} sha {{ REVISION_SHA256 | shq }}',
  'echo workers={{ OPTIONS.workers | shq }}',
  '',
].join('\n');
const SITE_ENV = ['# Runtime configuration of the site', 'GREETING=hello from the file', 'DB_PASSWORD=ssm:/site/db-password', ''].join('\n');

type Mocked = Awaited<ReturnType<typeof startMockedServe>>;

const test = base.extend<{ s3: S3rverHandle; mocked: Mocked; revisions: { previous: string; current: string } }>({
  s3: async ({}, use) => {
    const server = await startS3rver({ bucket: 'flotilla-e2e-apps' });
    await use(server);
    await server.close();
  },
  mocked: async ({ s3 }, use) => {
    const served = await startMockedServe({
      s3: { endpoint: s3.endpoint, bucket: s3.bucket, credentials: TEST_CREDENTIALS },
      extraProjects: { 'site.sh': SITE_TEMPLATE, 'site.env': SITE_ENV },
    });
    await use(served);
    await served.stop();
  },
  // Two revisions of `site`, spooled by the real core; the newer is blessed (current), the older is previous.
  revisions: async ({ mocked }, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-e2e-site-'));
    const site = path.join(dir, 'site');
    mkdirSync(site);
    const names: string[] = [];
    for (const body of ['<h1>one</h1>\n', '<h1>two</h1>\n']) {
      writeFileSync(path.join(site, 'index.html'), body);
      await mocked.core.api.revisions.spool({ path: site });
      await expect
        .poll(async () => (await mocked.core.api.revisions.revisions({ package: 'site' })).length, { timeout: 20_000 })
        .toBe(names.length + 1);
      const listed = await mocked.core.api.revisions.revisions({ package: 'site' });
      names.push(listed.map((r) => r.name).find((name) => !names.includes(name))!);
      await mocked.core.api.revisions.jump({ revision: names.at(-1)! });
    }
    await use({ previous: names[0]!, current: names[1]! });
    rmSync(dir, { recursive: true, force: true });
  },
});

function launches(mocked: Mocked): RunInstancesCommandInput[] {
  return mocked.ec2.commandCalls(RunInstancesCommand).map((call) => call.args[0].input).filter((input) => !input.DryRun);
}

test('launch the current revision with workers=4 and the env file plus one override', async ({ page, mocked, revisions }) => {
  test.setTimeout(60_000);
  const instances = new InstancesPage(page);
  await instances.open(mocked.url);
  await instances.fillLaunch({ project: 'Site', gitUser: 'octocat', branch: 'feature/x', region: 'us-east-1', keyPair: KEY, securityGroup: GROUP, env: 'GREETING=override' });

  // The picker: current first and chosen, then previous.
  const picker = instances.launchForm.getByLabel('Revision', { exact: true });
  await expect(picker.locator('option')).toHaveCount(2);
  await expect(picker.locator('option').first()).toContainText(revisions.current);
  await expect(picker.locator('option').first()).toContainText('current');
  await expect(picker.locator('option').nth(1)).toContainText(revisions.previous);
  await expect(picker).toHaveValue('current');

  const options = instances.launchForm.getByRole('group', { name: 'Template options' });
  await expect(options.getByLabel('workers')).toHaveValue('2');
  await options.getByLabel('workers').fill('4');

  // Where each variable comes from, never a value.
  const env = instances.launchForm.getByRole('list', { name: 'Environment variables' });
  await expect(env.getByRole('listitem').filter({ hasText: 'GREETING' })).toContainText(/as entered/);
  await expect(env.getByRole('listitem').filter({ hasText: 'DB_PASSWORD' })).toContainText('/site/db-password');
  await expect(instances.launchForm).not.toContainText('hello from the file');

  await instances.check();
  await expect(page.getByText('All checks passed')).toBeVisible({ timeout: 15_000 });
  await expect(instances.checkItem('Revision can be fetched')).toContainText('Passed');
  await expect(instances.checkItem('Instance profile')).toContainText('Passed');
  await expect(instances.checkItem('Runtime configuration')).toContainText('Passed');
  await expect(instances.launchForm).toContainText(`Deploys ${revisions.current}`);
  await picker.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('launch-revision-form.png') });
  // The revision picker, the option fields and the environment list fit a narrow window in both themes.
  for (const scheme of ['light', 'dark'] as const) {
    await page.setViewportSize({ width: 900, height: 700 });
    await page.emulateMedia({ colorScheme: scheme });
    expect(await misfits(page), `launch form at 900 px, ${scheme}`).toEqual([]);
    if (process.env.FLOTILLA_SHOTS_DIR) await page.screenshot({ path: path.join(process.env.FLOTILLA_SHOTS_DIR, `launch-revision-900-${scheme}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  await instances.launch();
  await expect(page.getByRole('status', { name: 'Launch result' })).toContainText('Started 1 of 1');
  const [request] = launches(mocked);
  expect(request).toBeDefined();
  expect(request!.IamInstanceProfile).toEqual({ Name: 'site-app' });
  const tags = request!.TagSpecifications!.find((t) => t.ResourceType === 'instance')!.Tags!;
  expect(tags).toContainEqual({ Key: 'flotilla:revision', Value: revisions.current });
  const userData = Buffer.from(request!.UserData!, 'base64').toString('utf8');
  expect(userData).toContain(`echo deploy '${revisions.current}' from 'http`);
  expect(userData).toContain('echo workers=');
  expect(userData).toMatch(/echo workers='4'/);
  // The reference is read on the instance; the plain value is written by the prelude, the override winning.
  expect(userData).toContain("--name '/site/db-password'");
  expect(userData).toContain('GREETING=');
  expect(userData).toContain('override');
  expect(userData).not.toContain('hello from the file');

  // The presigned URL in the user-data really fetches the blessed revision from the bucket.
  const url = /from '(http[^']+)'/.exec(userData)![1]!;
  const answer = await fetch(url);
  expect(answer.status).toBe(200);
  expect(Buffer.from(await answer.arrayBuffer()).length).toBeGreaterThan(0);

  // The fleet says what it was launched with.
  const row = instances.row('feature/x');
  await expect(row).toHaveCount(1);
  await row.click();
  await expect(instances.detail).toContainText(revisions.current);
});

test('Revisions → Launch… opens the form with the project, branch and that revision chosen', async ({ page, mocked, revisions }) => {
  const pages = new RevisionsPage(page);
  await page.goto(mocked.url);
  await pages.show();
  await pages.packages.getByRole('button', { name: 'site', exact: true }).click();
  await expect(pages.revisionsOf('site')).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: `Launch ${revisions.previous}` }).click();
  const dialog = page.getByRole('dialog', { name: `Launch ${revisions.previous}` });
  await page.setViewportSize({ width: 900, height: 700 });
  expect(await misfits(page), 'the Launch dialog at 900 px').toEqual([]);
  if (process.env.FLOTILLA_SHOTS_DIR) await page.screenshot({ path: path.join(process.env.FLOTILLA_SHOTS_DIR, 'launch-revision-dialog-900.png') });
  await dialog.getByLabel('Project').selectOption({ label: 'Site' });
  await dialog.getByLabel('GitHub user').fill('octocat');
  await dialog.getByLabel('Branch').fill('feature/rollback');
  await dialog.getByRole('button', { name: 'Open the launch form' }).click();

  const instances = new InstancesPage(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Instances' })).toBeVisible();
  await expect(instances.launchForm.getByLabel('Branch', { exact: true })).toHaveValue('feature/rollback');
  const picker = instances.launchForm.getByLabel('Revision', { exact: true });
  await expect(picker).toHaveValue(revisions.previous);
  await expect(picker).toBeFocused();
});

test('Settings → Launch defaults holds option values; the launch form then starts from them', async ({ page, mocked }) => {
  const settings = new SettingsPage(page);
  await settings.open(mocked.url);
  const group = page.getByRole('group', { name: 'Site (site)' });
  await expect(group.getByLabel('workers')).toBeVisible();
  await group.getByLabel('workers').fill('6');
  await page.getByRole('button', { name: 'Save the option values of site' }).click();
  await expect(group.getByRole('status')).toContainText('Saved');
  for (const scheme of ['light', 'dark'] as const) {
    await page.setViewportSize({ width: 900, height: 700 });
    await page.emulateMedia({ colorScheme: scheme });
    await group.scrollIntoViewIfNeeded();
    expect(await misfits(page), `Settings → Template options at 900 px, ${scheme}`).toEqual([]);
    if (process.env.FLOTILLA_SHOTS_DIR) await page.screenshot({ path: path.join(process.env.FLOTILLA_SHOTS_DIR, `launch-defaults-options-900-${scheme}.png`) });
  }

  const instances = new InstancesPage(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Instances' }).click();
  await instances.launchForm.getByLabel('Project').selectOption({ label: 'Site' });
  const workers = instances.launchForm.getByRole('group', { name: 'Template options' }).getByLabel('workers');
  await expect(workers).toHaveValue('6');
  await expect(workers).toHaveAccessibleDescription(/launch defaults/);
});
