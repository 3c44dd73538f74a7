/**
 * Sync now over SSM end to end: browser mode with the real core and the mocked fleet
 * (instances-fixture.ts), a fake SSM endpoint (test/support/fake-ssm.ts, AWS_ENDPOINT_URL_SSM)
 * that runs each command with bash, and s3rver holding the revisions bucket. On "the instance",
 * `flotilla-agent` is the built agent (bin/flotilla-agent.mjs, so `npm run build` first) pointed at
 * s3rver, and FTL_ROOT a scratch folder: a sync that succeeds has really put the revision there.
 */
import { test as base } from '@playwright/test';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFakeSsm } from '../../support/fake-ssm';
import { startS3rver, TEST_CREDENTIALS, testS3Env } from '../../support/s3rver';
import { tgzBytes } from '../../../main/core/revisions/revisions.test-helpers';
import { repoRoot, startMockedServe } from './instances-fixture';

const run = promisify(execFile);

export async function startSsmSyncServe() {
  const scratch = mkdtempSync(path.join(tmpdir(), 'flotilla-e2e-ssm-'));
  const [ssm, s3] = await Promise.all([startFakeSsm(), startS3rver()]);
  const root = path.join(scratch, 'srv');
  mkdirSync(path.join(root, 'site'), { recursive: true });
  const agentEnv = { ...testS3Env(s3.endpoint, s3.bucket), FTL_ROOT: root };
  const agent = (...argv: string[]) => run(process.execPath, [path.join(repoRoot, 'bin', 'flotilla-agent.mjs'), ...argv], { env: { ...process.env, ...agentEnv } });

  // A published revision of `site`, current in the bucket.
  const tgz = path.join(scratch, 'site.tgz');
  writeFileSync(tgz, tgzBytes([{ path: 'index.html', body: 'synced over ssm' }]));
  const revision = (await agent('spool', '--quiet', tgz)).stdout.trim();
  await agent('jump', '--master', revision);

  /** A PATH whose `flotilla-agent` runs `script`. */
  const binWith = (name: string, script: string) => {
    const bin = path.join(scratch, name);
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'flotilla-agent'), `#!/bin/sh\n${script}\n`);
    chmodSync(path.join(bin, 'flotilla-agent'), 0o755);
    return `${bin}:/usr/bin:/bin`;
  };
  const realPath = binWith('real', `exec "${process.execPath}" "${path.join(repoRoot, 'bin', 'flotilla-agent.mjs')}" "$@"`);
  const slowPath = binWith('slow', 'echo "fetching site…"\nsleep 60\necho "never printed"');

  const served = await startMockedServe({ ssmEndpoint: ssm.endpoint, s3: { endpoint: s3.endpoint, bucket: s3.bucket, credentials: TEST_CREDENTIALS } });
  return {
    ...served,
    ssm,
    revision,
    root,
    /**
     * Makes an instance of the fleet an SSM one: its `flotilla:access` tag (which a launch with
     * access = ssm sets) and its SSM agent online in the fake, running the real agent or a slow one.
     */
    registerSsm(id: string, agentKind: 'real' | 'slow') {
      served.fleet.get(id)!.tags.set('flotilla:access', 'ssm');
      ssm.instances.set(id, { env: { ...agentEnv, FTL_STATUS_ID: id, PATH: agentKind === 'real' ? realPath : slowPath } });
    },
    stop: async () => {
      await served.stop();
      await Promise.all([ssm.close(), s3.close()]);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export type SsmSynced = Awaited<ReturnType<typeof startSsmSyncServe>>;

export const test = base.extend<{ ssmSynced: SsmSynced }>({
  ssmSynced: async ({}, use) => {
    const served = await startSsmSyncServe();
    await use(served);
    await served.stop();
  },
});

export { expect } from '@playwright/test';
