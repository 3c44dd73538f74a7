/**
 * Sync now over SSM through the real SDK and a fake SSM endpoint (test/support/fake-ssm.ts) that
 * runs the command with bash: for the instance, `flotilla-agent` is the real agent (bundled),
 * pointed at s3rver, so a sync that succeeds has really put the revision in place.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ref, useAgentsHarness } from '../../../test/support/agents-harness';
import { startFakeSsm, type FakeSsm } from '../../../test/support/fake-ssm';
import { startS3rver, TEST_CREDENTIALS, testS3Client, testS3Env, type S3rverHandle } from '../../../test/support/s3rver';
import { bundleAgent, type BundledAgent } from '../../agent/agent.test-helpers';
import { tgzBytes } from '../revisions/revisions.test-helpers';

const h = useAgentsHarness();
const ID = 'i-0550000000000a1f';

describe.skipIf(process.platform === 'win32')('Sync now over SSM (fake SSM endpoint running the real agent against s3rver)', () => {
  let s3: S3rverHandle;
  let agent: BundledAgent;
  let ssm: FakeSsm;
  let revision = '';

  beforeAll(async () => {
    [s3, agent] = await Promise.all([startS3rver(), bundleAgent()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([s3?.close(), agent?.close()]);
  });
  beforeEach(async () => {
    // With OutputS3BucketName, SSM also puts the whole output to S3 (here s3rver).
    const putter = testS3Client(s3.endpoint);
    ssm = await startFakeSsm({ registerDelayMs: 100, s3: putter });
    h.track(async () => {
      await ssm.close();
      putter.destroy();
    });
  });

  /** The instance: its FTL_ROOT, and a PATH whose `flotilla-agent` is `script` (default: the real agent). */
  function instance(script?: string) {
    const root = path.join(h.dir, 'srv');
    mkdirSync(path.join(root, 'site'), { recursive: true });
    const file = path.join(h.bin, 'flotilla-agent');
    writeFileSync(file, `#!/bin/sh\n${script ?? `exec "${process.execPath}" "${agent.runner}" "$@"`}\n`);
    chmodSync(file, 0o755);
    const env = { ...testS3Env(s3.endpoint, s3.bucket), FTL_ROOT: root, FTL_STATUS_ID: ID, PATH: `${h.bin}:/usr/bin:/bin` };
    ssm.instances.set(ID, { env });
    return { root, env };
  }

  const service = (timings = {}, inflightFile?: string) =>
    h.setup({}, { ssmPollMs: 30, ...timings }, {
      access: async () => 'ssm',
      ssm: (region) => new SSMClient({ region, endpoint: ssm.endpoint, credentials: TEST_CREDENTIALS }),
      ...(inflightFile ? { inflightFile } : {}),
    });

  test('a published revision is synced on the instance; the agent output and exit code reach the panel events', async () => {
    const { root, env } = instance();
    if (!revision) {
      const tgz = path.join(h.dir, 'site.tgz');
      writeFileSync(tgz, tgzBytes([{ path: 'index.html', body: 'over ssm' }]));
      const spooled = agent.start(['spool', '--quiet', tgz], env);
      expect((await spooled.exit).code).toBe(0);
      revision = spooled.output().trim();
      expect((await agent.start(['jump', '--master', revision], env).exit).code).toBe(0);
    }
    const t = service();
    await t.service.api.syncNow({ instances: [ref(ID)], jobId: 'ssm-job1' });
    await t.waitDone([ID]);
    expect(t.doneOf(ID)).toMatchObject({ exitCode: 0 });
    expect(t.doneOf(ID)!.error).toBeUndefined();
    expect(t.textOf(ID, 'stdout')).toContain(`site: current ${revision}`);
    expect(readFileSync(path.join(root, 'site', 'current', 'index.html'), 'utf8')).toBe('over ssm');
    expect(ssm.ran(ID)).toEqual(['flotilla-agent sync']);
    const running = t.of('agents.status', ID).find((s) => s.phase === 'running')!;
    expect(running).toMatchObject({ target: `SSM ${ID}`, commandId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    // A reloaded page sees the command id and the output in the job records.
    const [job] = await t.service.api.jobs({});
    expect(job!.instances[0]).toMatchObject({ phase: 'done', exitCode: 0, commandId: running.commandId, output: expect.stringContaining(revision) });
    expect(ssm.calls.map((c) => c.operation).filter((o, i, all) => all.indexOf(o) === i)).toEqual(['SendCommand', 'GetCommandInvocation']);
  });

  test('cancel sends CancelCommand, SSM kills the command, and the instance ends `cancelled` when SSM says so', async () => {
    const marker = path.join(h.dir, 'finished');
    instance(`echo started\nsleep 30\ntouch "${marker}"`);
    const t = service();
    await t.service.api.syncNow({ instances: [ref(ID)], jobId: 'ssm-job2' });
    await vi.waitFor(() => expect(t.of('agents.status', ID).some((s) => s.phase === 'running')).toBe(true), { timeout: 5_000 });
    expect(await t.service.api.cancel({ jobId: 'ssm-job2' })).toEqual({ jobId: 'ssm-job2', cancelled: 1 });
    // Not reported before SSM confirms.
    expect(t.doneOf(ID)).toBeUndefined();
    await t.waitDone([ID]);
    expect(t.doneOf(ID)).toMatchObject({ exitCode: null, error: { kind: 'cancelled', message: expect.stringMatching(/SSM cancelled the command/) } });
    expect(ssm.calls.filter((c) => c.operation === 'CancelCommand')).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  test('Flotilla closes while a command runs: it is not cancelled, and the next start follows it to its end', async () => {
    instance('echo started\nsleep 1\necho finished');
    const file = path.join(h.dir, 'config', 'sync-ssm-commands.json');
    const first = service({}, file);
    await first.service.api.syncNow({ instances: [ref(ID)], jobId: 'ssm-job3' });
    await vi.waitFor(() => expect(first.of('agents.status', ID).some((s) => s.phase === 'running')).toBe(true), { timeout: 5_000 });
    await first.service.close();
    expect(first.doneOf(ID)).toMatchObject({ exitCode: null, error: { kind: 'cancelled', message: expect.stringMatching(/goes on on the instance/) } });
    expect(ssm.calls.filter((c) => c.operation === 'CancelCommand')).toHaveLength(0);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { commands: Array<{ jobId: string; instanceId: string; commandId: string }> };
    expect(saved.commands).toEqual([expect.objectContaining({ jobId: 'ssm-job3', instanceId: ID, region: 'us-east-1' })]);

    const second = service({}, file);
    await second.service.start();
    const [job] = await second.service.api.jobs({});
    expect(job).toMatchObject({ jobId: 'ssm-job3', finishedAt: null, instances: [{ id: ID, region: 'us-east-1' }] });
    await second.waitDone([ID]);
    expect(second.doneOf(ID)).toMatchObject({ jobId: 'ssm-job3', exitCode: 0 });
    expect(second.textOf(ID, 'stdout')).toBe('started\nfinished\n');
    expect(second.of('agents.status', ID).find((s) => s.phase === 'running')!.commandId).toBe(saved.commands[0]!.commandId);
    expect(ssm.calls.filter((c) => c.operation === 'SendCommand')).toHaveLength(1);
    await vi.waitFor(() => expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, commands: [] }));
  });

  test('an instance whose SSM agent is not online fails saying so and how to fix it', async () => {
    const t = service();
    await t.service.api.syncNow({ instances: [ref('i-0offline00000001')] });
    await t.waitDone(['i-0offline00000001']);
    expect(t.doneOf('i-0offline00000001')).toMatchObject({ exitCode: null, error: { kind: 'unreachable', message: expect.stringMatching(/not online in Systems Manager.*AmazonSSMManagedInstanceCore/) } });
  });

  test('no flotilla-agent on the instance: exit 127 with how to install it', async () => {
    instance('echo "flotilla-agent: not found" >&2; exit 127');
    const t = service();
    await t.service.api.syncNow({ instances: [ref(ID)] });
    await t.waitDone([ID]);
    expect(t.doneOf(ID)).toMatchObject({ exitCode: 127, error: { kind: 'not-installed', message: expect.stringMatching(/SSM agent's shell/) } });
  });

  test('revisions.ssmOutputPrefix: output past SSM\'s 24 000 characters arrives whole, read back from the revisions bucket', async () => {
    // 5 000 numbered lines on stdout (about 80 000 characters), and a short stderr.
    instance('i=0; while [ $i -lt 5000 ]; do echo "synced file $i of 5000"; i=$((i+1)); done; echo "slow bucket" >&2');
    const reader = testS3Client(s3.endpoint);
    h.track(async () => reader.destroy());
    const t = h.setup({}, { ssmPollMs: 30 }, {
      access: async () => 'ssm',
      ssm: (region) => new SSMClient({ region, endpoint: ssm.endpoint, credentials: TEST_CREDENTIALS }),
      ssmOutput: () => ({ bucket: s3.bucket, prefix: 'flotilla-ssm-output/', s3: reader }),
    });
    await t.service.api.syncNow({ instances: [ref(ID)], jobId: 'ssm-whole' });
    await t.waitDone([ID]);
    expect(t.doneOf(ID)).toMatchObject({ exitCode: 0 });
    const expected = Array.from({ length: 5000 }, (_, i) => `synced file ${i} of 5000\n`).join('');
    expect(expected.length).toBeGreaterThan(24_000);
    expect(t.textOf(ID, 'stdout')).toBe(expected);
    expect(t.textOf(ID, 'stderr')).toBe('slow bucket\n');
    expect(ssm.calls.find((c) => c.operation === 'SendCommand')!.body).toMatchObject({ OutputS3BucketName: s3.bucket, OutputS3KeyPrefix: 'flotilla-ssm-output/' });
  });
});
