import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startFakeImds, type FakeImds } from '../../../test/support/fake-imds';
import { measureUserData } from '../projects/user-data';
import { expiryGuardProgram, userDataSizeProblem, withExpiryGuard } from './expiry-guard';
import { TAG } from './tags';

const SCRIPT = "#!/bin/bash\nset -euo pipefail\necho 'hello from the project'\n";

describe('withExpiryGuard', () => {
  test('installs the guard with the launch expiry, then execs the project script unchanged', () => {
    const userData = withExpiryGuard(SCRIPT, '2025-06-02T12:00:00Z');
    expect(userData.startsWith('#!/bin/sh\n')).toBe(true);
    expect(userData).toContain("echo '2025-06-02T12:00:00Z' > /var/lib/flotilla/expires-at.launch");
    expect(userData).toContain('systemctl enable --now flotilla-expiry.timer');
    expect(userData).toContain('OnUnitActiveSec=1min');
    expect(userData).toContain(`cat > /var/lib/flotilla/user-script <<'FLOTILLA_USER_SCRIPT_EOF'\n${SCRIPT}FLOTILLA_USER_SCRIPT_EOF\n`);
    expect(userData.trimEnd().endsWith('exec /var/lib/flotilla/user-script')).toBe(true);
  });

  test('picks another heredoc delimiter if the script contains it', () => {
    const sneaky = `#!/bin/sh\necho a\nFLOTILLA_USER_SCRIPT_EOF\necho b\n`;
    expect(withExpiryGuard(sneaky, 'never')).toContain(`<<'FLOTILLA_USER_SCRIPT_EOF_2'\n${sneaky}FLOTILLA_USER_SCRIPT_EOF_2\n`);
  });

  test('refuses a script without #!', () => {
    expect(() => withExpiryGuard('#cloud-config\nruncmd: []\n', 'never')).toThrow(/does not start with '#!'/);
  });

  // Parsed by a real sh, which Windows does not have (the user-data runs on Linux instances).
  test.skipIf(process.platform === 'win32')('is valid sh, and the guard adds under 2.5 KB', () => {
    const userData = withExpiryGuard(SCRIPT, '2025-06-02T12:00:00Z');
    expect(spawnSync('sh', ['-n'], { input: userData }).status).toBe(0);
    expect(spawnSync('sh', ['-n'], { input: expiryGuardProgram() }).status).toBe(0);
    expect(measureUserData(userData).bytes - SCRIPT.length).toBeLessThan(2500);
  });

  test('the size check counts guard and script together', () => {
    const big = `#!/bin/sh\n# ${'x'.repeat(11_000)}\n`;
    expect(userDataSizeProblem(withExpiryGuard('#!/bin/sh\n', 'never'))).toBeNull();
    expect(userDataSizeProblem(withExpiryGuard(big, 'never'))).toMatch(/is 17 \d{3} bytes once base64-encoded; EC2 allows at most 16 384/);
  });
});

/** The real curl, which the guard runs against a fake IMDS (none: the guard tests are skipped). */
const realCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
const hasGnuDate = spawnSync('date', ['-d', '2025-06-01T12:00:00Z', '+%s']).status === 0;

/**
 * Runs the guard program with the real curl, its 169.254.169.254 connected to a fake IMDS that
 * answers only IMDSv2 requests (test/support/fake-imds.ts), and stand-ins for shutdown and logger
 * on PATH. A Linux instance simulated with sh and #!/bin/sh stand-ins: Linux and macOS only.
 */
describe.skipIf(process.platform === 'win32' || !realCurl || !hasGnuDate)('the guard program on a machine (real curl, fake IMDSv2)', () => {
  let dir: string;
  let imds: FakeImds;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-guard-'));
    imds = await startFakeImds();
    writeFileSync(path.join(dir, 'shutdown'), `#!/bin/sh\necho "$@" > "${dir}/shutdown-called"\n`);
    writeFileSync(path.join(dir, 'logger'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(dir, 'shutdown'), 0o755);
    chmodSync(path.join(dir, 'logger'), 0o755);
    writeFileSync(path.join(dir, 'guard'), expiryGuardProgram());
    writeFileSync(path.join(dir, 'expires-at.launch'), '2099-01-01T00:00:00Z\n');
  });
  afterEach(async () => {
    await imds.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `tag`: the instance's expires-at tag as IMDS has it (undefined: none); null: IMDS unreachable. */
  async function runGuard(tag: string | null | undefined): Promise<{ shutdown: boolean }> {
    imds.tags.clear();
    if (typeof tag === 'string') imds.tags.set(TAG.expiresAt, tag);
    // Unreachable: curl's own exit status when nothing answers (7: could not connect).
    writeFileSync(path.join(dir, 'curl'), tag === null ? '#!/bin/sh\nexit 7\n' : imds.curlTo(realCurl));
    chmodSync(path.join(dir, 'curl'), 0o755);
    rmSync(path.join(dir, 'shutdown-called'), { force: true });
    // Not execFileSync: the fake IMDS answers from this process's event loop.
    await promisify(execFile)('sh', [path.join(dir, 'guard')], { env: { PATH: `${dir}:${process.env.PATH}`, FLOTILLA_STATE_DIR: dir } });
    return { shutdown: existsSync(path.join(dir, 'shutdown-called')) };
  }

  test('asks IMDSv2 as AWS documents it: PUT a token with a TTL, then GET the exact tag path with that token', async () => {
    await runGuard('2099-01-01T00:00:00Z');
    expect(imds.requests).toEqual([
      { method: 'PUT', host: '169.254.169.254', path: '/latest/api/token', ttl: '60' },
      { method: 'GET', host: '169.254.169.254', path: `/latest/meta-data/tags/instance/${TAG.expiresAt}`, token: [...imds.tokens][0] },
    ]);
  });

  test('shuts down once the tag has passed, and not before', async () => {
    expect((await runGuard('2099-01-01T00:00:00Z')).shutdown).toBe(false);
    expect((await runGuard('2001-01-01T00:00:00Z')).shutdown).toBe(true);
    expect(readFileSync(path.join(dir, 'shutdown-called'), 'utf8').trim()).toBe('-h now');
  });

  test('never = pinned; an unreachable IMDS uses the last value read', async () => {
    expect((await runGuard('never')).shutdown).toBe(false);
    expect((await runGuard(null)).shutdown).toBe(false);
    expect(readFileSync(path.join(dir, 'expires-at.last'), 'utf8').trim()).toBe('never');
  });

  test('with nothing read yet and IMDS unreachable, the launch expiry applies', async () => {
    writeFileSync(path.join(dir, 'expires-at.launch'), '2001-01-01T00:00:00Z\n');
    expect((await runGuard(null)).shutdown).toBe(true);
  });

  test('IMDS without the tag (404), or with tags in metadata off, counts as unreadable: the launch expiry applies', async () => {
    writeFileSync(path.join(dir, 'expires-at.launch'), '2001-01-01T00:00:00Z\n');
    expect((await runGuard(undefined)).shutdown).toBe(true);
    imds.tagsInMetadata = false;
    expect((await runGuard('2099-01-01T00:00:00Z')).shutdown).toBe(true);
    expect(existsSync(path.join(dir, 'expires-at.last'))).toBe(false);
  });

  test('a garbled answer is ignored in favour of the launch expiry', async () => {
    expect((await runGuard('<html>oops</html>')).shutdown).toBe(false);
    expect(existsSync(path.join(dir, 'expires-at.last'))).toBe(false);
  });
});

// A Linux instance simulated with sh and #!/bin/sh stand-ins on PATH: Linux and macOS only.
describe.skipIf(process.platform === 'win32')('the guarded user-data on a machine', () => {
  test('installs the guard and runs the project script byte for byte, with its own interpreter', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-userdata-'));
    try {
      for (const [name, body] of Object.entries({ systemctl: 'exit 1', nohup: `echo "$@" > "${dir}/nohup-called"` })) {
        writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
        chmodSync(path.join(dir, name), 0o755);
      }
      const script = `#!/bin/bash\nset -euo pipefail\nprintf '%s' "it's \${BASH_VERSION:+bash} $(echo ok)" > "${dir}/ran"\n`;
      const userData = withExpiryGuard(script, '2099-01-01T00:00:00Z')
        .replaceAll('/var/lib/flotilla', `${dir}/state`)
        .replaceAll('/usr/local/sbin', `${dir}/sbin`)
        .replaceAll('/etc/systemd/system', `${dir}/units`)
        .replaceAll('/run/systemd/system', `${dir}/no-systemd`);
      writeFileSync(path.join(dir, 'user-data'), userData);
      execFileSync('sh', [path.join(dir, 'user-data')], { env: { PATH: `${dir}:${process.env.PATH}` } });
      expect(readFileSync(path.join(dir, 'ran'), 'utf8')).toBe("it's bash ok");
      expect(readFileSync(path.join(dir, 'state', 'user-script'), 'utf8')).toBe(script);
      expect(readFileSync(path.join(dir, 'state', 'expires-at.launch'), 'utf8').trim()).toBe('2099-01-01T00:00:00Z');
      expect(readFileSync(path.join(dir, 'sbin', 'flotilla-expiry-guard'), 'utf8')).toBe(expiryGuardProgram().replaceAll('/var/lib/flotilla', `${dir}/state`));
      // No systemd here: the fallback loop was started.
      expect(readFileSync(path.join(dir, 'nohup-called'), 'utf8')).toContain('flotilla-expiry-guard; sleep 60');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
