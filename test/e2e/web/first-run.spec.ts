/**
 * Issue 14 items 1, 2, 4, 5 and the Settings half of 9, as a new user meets them: browser mode with
 * the real core, credentials only in the environment (AWS_ACCESS_KEY_ID), EC2 and STS mocked, no
 * public IP to be found (offline), nothing set in Settings.
 */
import { test as base } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppShell } from '../../pages/app-shell';
import { SettingsPage } from '../../pages/settings-page';
import { ARN, expect, startMockedServe } from './instances-fixture';

const test = base.extend<{ mocked: Awaited<ReturnType<typeof startMockedServe>> }>({
  mocked: async ({}, use) => {
    const served = await startMockedServe({
      publicIp: async () => {
        throw new Error('Could not find your public IP address at https://checkip.amazonaws.com (offline). Set an ingress CIDR in Settings → Instances.');
      },
    });
    await use(served);
    await served.stop();
  },
});

test('a new install says where it is connected and what is left, and each line leads to its fix', async ({ page, mocked }) => {
  test.setTimeout(90_000);
  const shell = new AppShell(page);
  const settings = new SettingsPage(page);
  await page.goto(mocked.url);

  // Item 1: the header names the identity, the account, the region and the environment's credentials.
  await expect(shell.connection).toContainText(ARN);
  await expect(shell.connection).toContainText('123456789012');
  await expect(shell.connection).toContainText('Region us-east-1');
  await expect(shell.connection).toContainText('Credentials environment (AWS_ACCESS_KEY_ID AKIA…UMMY)');

  // Item 2: what works is not listed; what is left is, each with its fix.
  await expect(shell.checklist).toBeVisible();
  await expect(shell.checklistLine('AWS credentials')).toHaveCount(0);
  await expect(shell.checklistLine('Region')).toHaveCount(0);
  await expect(shell.checklistLine('Key pair in us-east-1')).toContainText('us-east-1 has ada-laptop');
  await expect(shell.checklistLine('Ingress')).toContainText('Could not find your public IP address');
  await expect(shell.checklistLine('Revisions bucket')).toContainText('(optional)');

  // Item 4: the key pair line leads to the key pair table, under AWS regions.
  await shell.fix('Key pair in us-east-1');
  const keyPair = settings.field('Key pair for us-east-1');
  await expect(keyPair).toBeFocused();
  await expect(page.getByRole('group', { name: 'AWS regions' }).getByLabel('Key pair for us-east-1')).toBeVisible();
  await keyPair.fill('ada-laptop');
  await settings.save();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  // Item 5: no key file and no ssh-agent: the command to add the key shows as code.
  await expect(shell.checklistLine('Key pair in us-east-1').locator('code')).toHaveText('ssh-add <file>');
  await expect(shell.checklistLine('Key pair in us-east-1')).not.toContainText('`');

  const keyFile = path.join(mocked.home, 'keys', 'ada-laptop.pem');
  mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, '-----BEGIN OPENSSH PRIVATE KEY-----\n-----END OPENSSH PRIVATE KEY-----\n', { mode: 0o600 });
  await settings.setField('SSH key file for us-east-1', keyFile);
  await settings.save();
  await expect(shell.checklistLine('Key pair in us-east-1')).toHaveCount(0);

  await shell.fix('Ingress');
  await expect(settings.field('Ingress CIDR')).toBeFocused();
  await settings.setField('Ingress CIDR', '203.0.113.0/24');
  await settings.save();
  // Every required line is done: the checklist goes.
  await expect(shell.checklist).toHaveCount(0);

  // Item 1 in Settings: the environment's credentials are listed, in use, and can be tested.
  await expect(settings.accounts.getByRole('radio', { name: "Use the environment's credentials" })).toBeChecked();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('region', { name: 'Connection test' })).toContainText('Connected with environment (AWS_ACCESS_KEY_ID AKIA…UMMY).');
  await expect(page.getByRole('region', { name: 'Connection test' })).toContainText(ARN);

  // Item 9 (Settings half): an unsaved edit survives a visit to another page.
  await settings.setField('Default SSH user', 'ubuntu');
  await shell.go('Projects');
  await expect(page.getByRole('heading', { level: 1, name: 'Projects' })).toBeVisible();
  await shell.go('Settings');
  await expect(settings.field('Default SSH user')).toHaveValue('ubuntu');
  await expect(page.getByText(/Unsaved changes: kept while you visit other pages/)).toBeVisible();
});
