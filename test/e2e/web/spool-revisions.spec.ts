import { GetObjectCommand } from '@aws-sdk/client-s3';
import { test as base, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startS3rver, testS3Client, TEST_CREDENTIALS, type S3rverHandle } from '../../support/s3rver';
import { RevisionsPage } from '../../pages/revisions-page';
import { SettingsPage } from '../../pages/settings-page';
import { expect, startServe, type Served } from './serve-fixture';

/**
 * Browser mode against a real S3 protocol server: the bucket is chosen in Settings, a folder is
 * spooled by typing its path, then blessed. EC2 points at a closed port, so the fleet is empty
 * and the drift view says the instances could not be listed.
 */
const test = base.extend<{ s3: S3rverHandle; served: Served; release: string }>({
  s3: async ({}, use) => {
    const server = await startS3rver({ bucket: 'flotilla-e2e-releases' });
    await use(server);
    await server.close();
  },
  served: async ({ s3 }, use) => {
    const served = await startServe([], {
      env: {
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:9',
        AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    await use(served);
    await served.stop();
  },
  release: async ({}, use) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-e2e-release-'));
    const site = path.join(dir, 'site');
    mkdirSync(path.join(site, 'assets'), { recursive: true });
    writeFileSync(path.join(site, 'index.html'), '<h1>release</h1>\n');
    writeFileSync(path.join(site, 'assets', 'blob.bin'), randomBytes(3 << 20));
    await use(site);
    rmSync(dir, { recursive: true, force: true });
  },
});

async function chooseBucket(page: Page, served: Served, s3: S3rverHandle): Promise<void> {
  const settings = new SettingsPage(page);
  await settings.open(served.url);
  await settings.setField('Revisions bucket', s3.bucket);
  await settings.save();
  await expect(page.getByText('Settings saved.')).toBeVisible();
}

test('spools a folder by its path, sees it done and listed, and blesses it', async ({ page, served, s3, release }) => {
  await chooseBucket(page, served, s3);

  const revisions = new RevisionsPage(page);
  await revisions.show();
  await expect(page.getByText('The bucket holds no revisions yet.')).toBeVisible();

  // A relative path is refused at once, saying what to type instead.
  await revisions.spool('site');
  await expect(page.getByRole('alert')).toContainText("'site' is a relative path");
  await expect(revisions.pathField).toHaveAttribute('aria-invalid', 'true');

  await revisions.spool(release);
  const spool = revisions.spoolOf('site');
  await expect(spool).toContainText(/Spooled site\.\d{13}[0-9A-Za-z_]{2}/, { timeout: 20_000 });
  await expect(spool.getByRole('progressbar')).toHaveCount(0);
  const name = (await spool.locator('code').textContent())!;
  await expect(page.getByRole('status').filter({ hasText: `Spooled ${name}` })).toHaveCount(1);

  // Its package is shown with the new revision, not current yet.
  await expect(revisions.packages.getByRole('row', { name: /site/ })).toBeVisible();
  const row = revisions.revisionsOf('site').getByRole('row', { name: new RegExp(name.replace('.', '\\.')) });
  await expect(row).toContainText('MiB');
  await expect(row).not.toContainText('current');
  await page.screenshot({ path: test.info().outputPath('spooled.png'), fullPage: true });

  await revisions.bless(name);
  await expect(page.getByText(`site is now at ${name}.`)).toBeVisible();
  await expect(row).toContainText('current');
  const client = testS3Client(s3.endpoint);
  try {
    const pointer = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'site.current' }));
    expect((await pointer.Body!.transformToString()).trim()).toBe(name);
  } finally {
    client.destroy();
  }

  // Drift: no fleet here (EC2 is unreachable), and no server has reported yet.
  await expect(page.getByRole('note')).toContainText('Not every live instance could be listed', { timeout: 20_000 });
  await expect(page.getByText('No live instance and no report for site yet.')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('blessed.png'), fullPage: true });
});

const shots = process.env.FLOTILLA_SHOTS_DIR;

test('browser mode types paths only; FTL-style package names; newest first; finished spools in one list; disabled Roll back looks disabled', async ({ page, served, s3, release }) => {
  await chooseBucket(page, served, s3);
  const revisions = new RevisionsPage(page);
  await revisions.show();
  // Browser mode cannot read a dropped or chosen file's location: the intro offers typing only.
  await expect(page.getByRole('group', { name: 'Release to spool' })).toHaveAccessibleDescription(/^Type the path of a file or a folder on the machine running Flotilla\./);
  await expect(page.getByRole('button', { name: /^Choose/ })).toHaveCount(0);

  // A folder whose name is no FTL-style package is refused, saying how to rename it.
  const odd = path.join(path.dirname(release), 'odd name;$(x)');
  mkdirSync(odd);
  writeFileSync(path.join(odd, 'index.html'), 'x');
  await revisions.spool(odd);
  await expect(page.getByRole('alert')).toContainText("the package name 'odd name;$(x)' holds a space, ';', '$', '(', ')'");
  await expect(page.getByRole('alert')).toContainText('Rename it, e.g. odd_name_x.');
  await expect(revisions.spools).toHaveCount(0);

  // Two spools of the package: they end up as two lines of one list, and the newest revision is listed first.
  const names: string[] = [];
  for (const n of [1, 2]) {
    writeFileSync(path.join(release, 'index.html'), `<h1>release ${n}</h1>\n`);
    await revisions.spool(release);
    const line = page.getByRole('list', { name: 'Finished spools' }).getByRole('listitem').first();
    await expect(line).toContainText(names.length ? new RegExp(`Spooled (?!${names[0]!.replace('.', '\\.')})`) : /Spooled site\./, { timeout: 20_000 });
    names.push((await line.locator('code').textContent())!);
    await page.waitForTimeout(1100); // revs are named by the second
  }
  await expect(page.getByRole('list', { name: 'Finished spools' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('list', { name: 'Spools', exact: true })).toHaveCount(0);
  await expect.poll(() => revisions.revisionNames('site')).toEqual([names[1], names[0]]);

  // Nothing is current yet, so Roll back is off: grey and dashed in both themes, not a paler red.
  const rollBack = page.getByRole('button', { name: 'Roll back' });
  await expect(rollBack).toBeDisabled();
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const look = () =>
      rollBack.evaluate((el) => {
        const style = getComputedStyle(el);
        const root = getComputedStyle(document.documentElement);
        const probe = document.createElement('div');
        document.body.append(probe);
        const colour = (v: string) => ((probe.style.color = root.getPropertyValue(v)), getComputedStyle(probe).color);
        const out = { disabledColour: style.backgroundColor === colour('--disabled-bg'), red: style.backgroundColor === colour('--error'), border: style.borderStyle, opacity: style.opacity };
        probe.remove();
        return out;
      });
    await expect.poll(look).toEqual({ disabledColour: true, red: false, border: 'dashed', opacity: '1' });
    for (const [width, height] of [[1280, 800], [900, 700]] as const) {
      await page.setViewportSize({ width, height });
      if (shots) await page.screenshot({ path: path.join(shots, `revisions-${width}-${theme}.png`), fullPage: true });
    }
  }
});
