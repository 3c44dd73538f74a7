import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { InstancesPage } from '../../pages/instances-page';
import { GROUP, KEY } from './instances-fixture';
import { expect, test, type SsmSynced } from './sync-ssm-fixture';

/**
 * Opens the page, launches one Shop instance and waits until it runs, makes it an SSM instance
 * running `agent`, then ticks it and presses Sync now.
 */
async function syncOneOverSsm(page: Page, ssmSynced: SsmSynced, branch: string, agent: 'real' | 'slow') {
  const instances = new InstancesPage(page);
  await instances.open(ssmSynced.url);
  await instances.fillLaunch({ project: 'Shop', gitUser: 'octocat', branch, ttl: '4h', region: 'us-east-1', keyPair: KEY, securityGroup: GROUP });
  await instances.check();
  await expect(page.getByText('All checks passed')).toBeVisible();
  await instances.launch();
  const row = instances.row(branch);
  await expect(row).toContainText(/Running/, { timeout: 10_000 });
  const id = (await row.getAttribute('data-id'))!;
  ssmSynced.registerSsm(id, agent);
  await instances.tick(row);
  await instances.syncNow();
  return { id, panel: instances.syncPanel, item: instances.syncItem(id), log: instances.syncLog(id) };
}

test('sync now over SSM: the real agent syncs the revision from the bucket, its output in the panel, exit 0', async ({ page, ssmSynced }) => {
  test.setTimeout(60_000);
  const { id, panel, item, log } = await syncOneOverSsm(page, ssmSynced, 'feature/ssm', 'real');
  await expect(panel.getByRole('code')).toHaveText('flotilla-agent sync');
  await expect(item).toContainText(`SSM ${id}`);
  await expect(item.getByRole('heading')).toContainText('Done (exit 0)', { timeout: 20_000 });
  await expect(panel.getByRole('status')).toHaveText('Finished: 1 succeeded, 0 failed');
  await expect(log).toContainText(`site: current ${ssmSynced.revision}`);
  await expect(panel.getByRole('alert')).toHaveCount(0);

  // The agent really ran on "the instance": the revision is unpacked under FTL_ROOT.
  expect(await readFile(path.join(ssmSynced.root, 'site', 'current', 'index.html'), 'utf8')).toBe('synced over ssm');
  expect(ssmSynced.ssm.ran(id)).toEqual(['flotilla-agent sync']);
  const send = ssmSynced.ssm.calls.find((c) => c.operation === 'SendCommand')!;
  expect(send.body).toMatchObject({ DocumentName: 'AWS-RunShellScript', InstanceIds: [id], Parameters: { commands: ['flotilla-agent sync'] } });
});

test('sync now over SSM: Cancel stops a slow command with CancelCommand and the instance ends cancelled', async ({ page, ssmSynced }) => {
  test.setTimeout(60_000);
  const { id, panel, item } = await syncOneOverSsm(page, ssmSynced, 'feature/slow', 'slow');
  await expect(item.getByRole('heading')).toContainText('Running');
  await expect(item).toContainText(`SSM ${id}`);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expect(item.getByRole('heading')).toContainText('Cancelled', { timeout: 15_000 });
  await expect(item).toContainText('SSM cancelled the command');
  await expect(panel.getByRole('status')).toHaveText('Finished: 0 succeeded, 0 failed, 1 cancelled');
  expect(ssmSynced.ssm.calls.filter((c) => c.operation === 'CancelCommand').map((c) => c.body)).toEqual([{ CommandId: expect.any(String), InstanceIds: [id] }]);
});
