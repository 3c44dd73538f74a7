import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InstancesPage } from '../../pages/instances-page';
import { GROUP, KEY, repoRoot } from './instances-fixture';
import { EARLY_LINES, expect, LATE_LINES, test } from './sync-fixture';

const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('');

test('sync now: live output over SSH, host key accepted on first use, a reload re-attaches to the running sync', async ({ page, synced }) => {
  test.setTimeout(60_000);
  const instances = new InstancesPage(page);
  // The page scrolls inside its main area, so a full-page shot would miss the panel: bring it into view.
  const shoot = async (name: string) => {
    await instances.syncPanel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(repoRoot, '.tmp', 'e2e', name) });
  };
  await instances.open(synced.url);

  // A running instance of Shop, launched from the page.
  await instances.fillLaunch({ project: 'Shop', gitUser: 'octocat', branch: 'feature/sync', ttl: '4h', region: 'us-east-1', keyPair: KEY, securityGroup: GROUP });
  await instances.check();
  await expect(page.getByText('All checks passed')).toBeVisible();
  await instances.launch();
  await expect(page.getByRole('status', { name: 'Launch result' })).toContainText('Started 1 of 1');
  const row = instances.row('feature/sync');
  await expect(row).toContainText(/Running/, { timeout: 10_000 });
  const id = (await row.getAttribute('data-id'))!;
  expect(id).toMatch(/^i-0e2e/);

  await instances.tick(row);
  await expect(instances.selection).toContainText('1 selected');
  await instances.syncNow();

  const panel = instances.syncPanel;
  const item = instances.syncItem(id);
  const log = instances.syncLog(id);
  const fingerprint = `SHA256:${createHash('sha256').update(synced.ssh.hostKey).digest('base64').replace(/=+$/, '')}`;
  await expect(panel.getByRole('heading', { name: 'Sync now' })).toBeFocused();
  await expect(panel.getByRole('code')).toHaveText('flotilla-agent sync');
  await expect(item.getByRole('heading')).toContainText('Running');
  await expect(item).toContainText('ubuntu@127.0.0.1');
  await expect(item).toContainText(`host key ${fingerprint} was not in known_hosts; accepted on first use and added to ~/.ssh/known_hosts`);
  await expect(log).toContainText(EARLY_LINES[0]!);
  await expect(panel.getByRole('status')).toHaveText('0 of 1 finished');
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeEnabled();

  // Added once the handshake succeeded: `[host]:port keytype base64`, in the scratch HOME the core was given.
  const knownHosts = path.join(synced.home, '.ssh', 'known_hosts');
  const hostLine = `[127.0.0.1]:${synced.ssh.port} ecdsa-sha2-nistp256 ${synced.ssh.hostKey.toString('base64')}`;
  await expect.poll(() => readFile(knownHosts, 'utf8').catch(() => '')).toBe(`${hostLine}\n`);

  // Live: the rest of the early lines arrive while the command runs.
  await expect.poll(() => log.textContent()).toBe(text(EARLY_LINES));

  // Reload while the command runs (it waits for the test before printing more, and before exiting).
  // The reloaded page asks agents.jobs for the job; that request is held until the page has been
  // sent the first late line as an event, so the answer also holds it: the page must show it once.
  const sawLateLine = new Promise<void>((resolve) => {
    page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => String(payload).includes(LATE_LINES[0]!) && resolve()));
  });
  let held = false;
  await page.route('**/api/agents.jobs', async (route) => {
    held = true;
    synced.printLateLines();
    await sawLateLine;
    await route.continue();
  }, { times: 1 });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Instances' }).click();
  await expect(panel.getByRole('heading', { name: 'Sync now' })).toBeVisible();
  expect(held).toBe(true);
  await expect(log).toContainText(text(EARLY_LINES));
  await expect(item.getByRole('heading')).toContainText('shop/feature/sync');
  await expect(item).toContainText(`host key ${fingerprint} was not in known_hosts; accepted on first use`);
  // The later lines keep arriving live, after what the page had, none twice; the command still runs.
  await expect.poll(() => log.textContent()).toBe(text([...EARLY_LINES, ...LATE_LINES]));
  await expect(item.getByRole('heading')).toContainText('Running');
  await expect(panel.getByRole('status')).toHaveText('0 of 1 finished');
  await expect(panel.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await shoot('sync-now-reattached.png');

  // It exits 0: the instance's success, and nothing more in the log.
  synced.finish();
  await expect(item.getByRole('heading')).toContainText('Done (exit 0)');
  await expect(panel.getByRole('status')).toHaveText('Finished: 1 succeeded, 0 failed');
  expect(await log.textContent()).toBe(text([...EARLY_LINES, ...LATE_LINES]));
  await expect(panel.getByRole('button', { name: 'Close' })).toBeVisible();
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // The server saw one sync, as the project's ssh-user, authenticated with the region's key file only.
  expect(synced.ssh.commands).toEqual([{ username: 'ubuntu', command: 'flotilla-agent sync' }]);
  expect(synced.ssh.offeredKeys.length).toBeGreaterThan(0);
  expect(synced.ssh.offeredKeys.every((k) => k.key.equals(synced.clientKey.publicBlob) && k.accepted)).toBe(true);
  await shoot('sync-now.png');
});
