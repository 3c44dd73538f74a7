import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFakeImds, type FakeImds } from '../../../test/support/fake-imds';
import { expiryGuardProgram, withExpiryGuard } from './expiry-guard';
import { TAG } from './tags';

const realCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
const hasGnuDate = spawnSync('date', ['-d', '2025-06-01T12:00:00Z', '+%s']).status === 0;
const ID = 'i-0123456789abcdef0';
const NOTICE = '{"action": "terminate", "time": "2025-06-01T12:02:00Z"}';

/**
 * `flotilla-expiry-guard spot` with the real curl against a fake IMDSv2 (test/support/fake-imds.ts) and
 * an `aws` stand-in on PATH that records its arguments, one per line. Linux (GNU date) only.
 */
describe.skipIf(process.platform === 'win32' || !realCurl || !hasGnuDate)('the Spot interruption watch (real curl, fake IMDSv2)', () => {
  let dir: string;
  let imds: FakeImds;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-spot-'));
    imds = await startFakeImds();
    imds.metadata.set('instance-life-cycle', 'spot');
    imds.metadata.set('instance-id', ID);
    imds.metadata.set('placement/region', 'eu-west-1');
    writeFileSync(path.join(dir, 'aws'), `#!/bin/sh\nprintf '%s\\n' "$@" >> "${dir}/aws-called"\necho --- >> "${dir}/aws-called"\n`);
    writeFileSync(path.join(dir, 'curl'), imds.curlTo(realCurl));
    for (const name of ['aws', 'curl']) chmodSync(path.join(dir, name), 0o755);
    writeFileSync(path.join(dir, 'guard'), expiryGuardProgram({ spot: true }));
  });
  afterEach(async () => {
    await imds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the watch until it exits, or `limitMs` (then it is stopped: it was still polling). */
  async function watch(limitMs = 3000): Promise<{ exited: boolean; aws: string[][] }> {
    const exited = await promisify(execFile)('sh', [path.join(dir, 'guard'), 'spot'], {
      env: { PATH: `${dir}:${process.env.PATH}`, FLOTILLA_STATE_DIR: dir, FLOTILLA_SPOT_POLL: '0.1' },
      timeout: limitMs,
    }).then(() => true, () => false);
    const called = existsSync(path.join(dir, 'aws-called')) ? readFileSync(path.join(dir, 'aws-called'), 'utf8') : '';
    return { exited, aws: called.split('---\n').filter(Boolean).map((call) => call.trimEnd().split('\n')) };
  }

  test('on an instance that is not Spot it asks only its lifecycle, and stops', async () => {
    imds.metadata.set('instance-life-cycle', 'on-demand');
    expect(await watch()).toEqual({ exited: true, aws: [] });
    expect(imds.requests.map((r) => [r.method, r.path, r.ttl ?? r.token === [...imds.tokens][0]])).toEqual([
      ['PUT', '/latest/api/token', '300'],
      ['GET', '/latest/meta-data/instance-life-cycle', true],
    ]);
  });

  test('polls spot/instance-action until EC2 gives a notice, then tags the instance with its time, once', async () => {
    setTimeout(() => imds.metadata.set('spot/instance-action', NOTICE), 400);
    const result = await watch();
    expect(result.exited).toBe(true);
    expect(result.aws).toEqual([['ec2', 'create-tags', '--region', 'eu-west-1', '--resources', ID, '--tags', `Key=${TAG.interruption},Value=2025-06-01T12:02:00Z`]]);
    const polls = imds.requests.filter((r) => r.path === '/latest/meta-data/spot/instance-action');
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((r) => r.token && imds.tokens.has(r.token))).toBe(true);
  });

  test('keeps trying while the tag cannot be set (no CLI, or the role may not), and stops once it is', async () => {
    imds.metadata.set('spot/instance-action', NOTICE);
    writeFileSync(path.join(dir, 'aws'), `#!/bin/sh\necho x >> "${dir}/tries"\n[ "$(wc -l < "${dir}/tries")" -ge 3 ]\n`);
    expect((await watch()).exited).toBe(true);
    expect(readFileSync(path.join(dir, 'tries'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  test.each([
    ['a command in the time', '{"action": "terminate", "time": "2025-06-01T12:02:00Z$(touch PWNED)"}'],
    ['a time that is no date', '{"action": "terminate", "time": "2025-19-39T29:59:59Z"}'],
    ['quotes and newlines', '{"time": "2025-06-01T12:02:00Z\\"\n; touch PWNED"}'],
    ['no JSON at all', '<html>`touch PWNED`</html>'],
    ['a huge answer', `{"time": "${'9'.repeat(100_000)}"}`],
  ])('a hostile instance-action (%s) is never tagged or run', async (_what, body) => {
    imds.metadata.set('spot/instance-action', body);
    const result = await watch(1200);
    expect(result).toEqual({ exited: false, aws: [] });
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
  });

  test.each([
    ['instance-id', 'i-0123456789abcdef0 --profile x'],
    ['instance-id', 'i-$(touch PWNED)'],
    ['placement/region', 'eu-west-1;touch PWNED'],
    ['placement/region', ''],
  ])('a hostile %s (%s) stops the watch before it polls', async (key, value) => {
    imds.metadata.set(key, value);
    imds.metadata.set('spot/instance-action', NOTICE);
    expect(await watch()).toEqual({ exited: true, aws: [] });
    expect(imds.requests.some((r) => r.path.endsWith('spot/instance-action'))).toBe(false);
    expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
  });
});

describe.skipIf(process.platform === 'win32')('the guarded user-data starts the Spot watch', () => {
  test('for a Spot market only: in the background, once, before the project script runs, in under 1 KB more', () => {
    expect(withExpiryGuard('#!/bin/sh\n', 'never')).not.toContain('spot');
    const userData = withExpiryGuard('#!/bin/sh\necho hi\n', 'never', { spot: true });
    expect(userData.length - withExpiryGuard('#!/bin/sh\necho hi\n', 'never').length).toBeLessThan(1024);
    const watchAt = userData.indexOf('nohup /usr/local/sbin/flotilla-expiry-guard spot >/dev/null 2>&1 &\n');
    expect(watchAt).toBeGreaterThan(userData.indexOf('chmod 755 /usr/local/sbin/flotilla-expiry-guard'));
    expect(watchAt).toBeLessThan(userData.indexOf('exec /var/lib/flotilla/user-script'));
    expect(spawnSync('sh', ['-n'], { input: userData }).status).toBe(0);
  });
});
