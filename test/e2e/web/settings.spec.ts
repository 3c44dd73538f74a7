import { test as base } from '@playwright/test';
import { SettingsPage } from '../../pages/settings-page';
import { expect, startServe, type Served } from './serve-fixture';

const awsConfig = `[default]
region = us-east-1

[profile dev-sso]
sso_session = acme
sso_account_id = 123456789012
sso_role_name = Developer
region = eu-west-1

[sso-session acme]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1

[profile admin]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::123456789012:mfa/ada
region = us-west-2
`;

const awsCredentials = `[default]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

/** One browser-mode server per test, with a realistic ~/.aws/config and credentials. */
const test = base.extend<{ served: Served }>({
  served: async ({}, use) => {
    const served = await startServe([], { awsConfig, awsCredentials });
    await use(served);
    await served.stop();
  },
});

test('the Settings page lists the AWS profiles with their kind and region', async ({ page, served }) => {
  const settings = new SettingsPage(page);
  await settings.open(served.url);
  await expect(settings.account('default')).toContainText('us-east-1');
  await expect(settings.account('default')).toContainText('AKIA…MPLE');
  await expect(settings.account('dev-sso')).toContainText('SSO');
  await expect(settings.account('dev-sso')).toContainText('eu-west-1');
  await expect(settings.account('dev-sso').getByRole('button', { name: 'Sign in to dev-sso' })).toBeVisible();
  await expect(settings.account('admin')).toContainText('Role');
  await expect(settings.account('admin')).toContainText('Needs an MFA code');
  // The secret never reaches the page.
  expect(await page.content()).not.toContain('wJalrXUtnFEMI');
  expect(await page.content()).not.toContain('AKIAIOSFODNN7EXAMPLE');

  await settings.account('admin').getByRole('radio', { name: 'Use profile admin' }).click();
  await expect(page.getByText('Flotilla now uses admin.')).toBeVisible();
  await expect(settings.account('admin').getByRole('radio', { name: 'Use profile admin' })).toBeChecked();
  await page.reload();
  await settings.nav.getByRole('button', { name: 'Settings' }).click();
  await expect(settings.account('admin').getByRole('radio', { name: 'Use profile admin' })).toBeChecked();

  await page.screenshot({ path: test.info().outputPath('settings-page.png'), fullPage: true });
});

test('bad values show their message next to the field; a good value is saved and survives a reload', async ({ page, served }) => {
  const settings = new SettingsPage(page);
  await settings.open(served.url);
  const ttlDefault = settings.field('Default lifetime (minutes)');
  await expect(ttlDefault).toHaveValue('1440');

  await settings.setField('Maximum lifetime (minutes)', '60');
  await settings.save();
  await expect(settings.alert()).toContainText('The settings were not saved.');
  await expect(ttlDefault).toHaveAttribute('aria-invalid', 'true');
  await expect(ttlDefault).toHaveAccessibleDescription(/more than the maximum \(60\)/);

  await settings.setField('Maximum lifetime (minutes)', '2880');
  await settings.setField('Regions', 'us-east-1, mars-west-9');
  await settings.save();
  await expect(settings.alert()).toContainText('mars-west-9');
  await expect(ttlDefault).not.toHaveAttribute('aria-invalid');
  await expect(settings.field('Regions')).toHaveAttribute('aria-invalid', 'true');
  await expect(settings.field('Regions')).toHaveAccessibleDescription(/mars-west-9.*not a known AWS region/);
  await page.screenshot({ path: test.info().outputPath('settings-errors.png'), fullPage: true });

  await settings.setField('Regions', 'us-east-1, eu-west-1');
  await settings.setField('Default SSH user', 'ubuntu');
  await page.getByRole('radio', { name: 'Dark' }).check();
  await settings.save();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(settings.alert()).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await settings.field('Default SSH user').scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('settings-dark.png') });

  await page.reload();
  await settings.nav.getByRole('button', { name: 'Settings' }).click();
  await expect(settings.field('Maximum lifetime (minutes)')).toHaveValue('2880');
  await expect(settings.field('Regions')).toHaveValue('us-east-1, eu-west-1');
  await expect(settings.field('Default SSH user')).toHaveValue('ubuntu');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(settings.field('Key pair for eu-west-1')).toBeVisible();
});

test.describe('without an OS keychain', () => {
  // Only Linux can lack one (no Secret Service, as on a server or in CI). The server gets no way
  // to the desktop session's D-Bus (startServe: withoutSessionKeychain), so a Linux desktop is such
  // a machine too. macOS and Windows always have theirs (Keychain, Credential Manager): there the
  // save would succeed and leave a key in the runner's own keychain.
  test.skip(process.platform !== 'linux', `${process.platform} always has an OS keychain; this needs a machine without one`);

  test('saving a key without an OS keychain says how to install one and clears the secret', async ({ page, served }) => {
    const settings = new SettingsPage(page);
    await settings.open(served.url);
    await settings.saveKey('work', 'AKIAI44QH8DHBEXAMPLE', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY');
    const alert = settings.alert();
    await expect(alert).toContainText(/keychain/i);
    await expect(alert).toContainText(/install/i);
    await expect(settings.keyForm.getByLabel('Secret access key')).toHaveValue('');
    expect(await page.content()).not.toContain('je7MtGbClwBF');
  });
});
