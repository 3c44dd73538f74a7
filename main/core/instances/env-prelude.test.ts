import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LaunchEnvSource } from '../../contract/instances/launch-dto';
import { envPrelude, interpreterOf, isShellScript, withEnvPrelude } from './env-prelude';
import { mergeEnv } from './env-references';

const VALUES = {
  API_URL: "https://api.example.com/?q=it's",
  PLAIN_SECRET: 'plain-secret-value-7f3a',
  DATABASE_URL: 'ssm:/django/db-url',
  STRIPE_KEY: 'secretsmanager:arn:aws:secretsmanager:eu-central-1:123456789012:secret:stripe-AbCdEf',
};
const SOURCES: LaunchEnvSource[] = [
  { key: 'API_URL', source: 'env-file', reference: null },
  { key: 'PLAIN_SECRET', source: 'env-file', reference: null },
  { key: 'DATABASE_URL', source: 'env-file', reference: { kind: 'ssm', name: '/django/db-url' } },
  { key: 'STRIPE_KEY', source: 'launch', reference: { kind: 'secretsmanager', name: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:stripe-AbCdEf' } },
];
/** What the fake `aws` answers; reference values must never reach logs. */
const DB_URL = "postgres://app:s3cr'et@db.internal/app";
const STRIPE = 'sk_live_referenced_value_91b2';

describe('interpreterOf / isShellScript', () => {
  test.each([
    ['#!/bin/bash\n', 'bash', true],
    ['#!/bin/bash -eux\n', 'bash', true],
    ['#! /bin/sh\n', 'sh', true],
    ['#!/usr/bin/env bash\n', 'bash', true],
    ['#!/usr/bin/env python3\n', 'python3', false],
    ['#cloud-config\n', null, false],
  ])('%j → %s', (script, program, shell) => {
    expect(interpreterOf(script)).toBe(program);
    expect(isShellScript(script)).toBe(shell);
  });
});

describe('withEnvPrelude', () => {
  test('goes right after the #! line; nothing without env', () => {
    const script = '#!/bin/bash\nset -euo pipefail\necho hi\n';
    const out = withEnvPrelude(script, VALUES, SOURCES, 'eu-west-1');
    expect(out.startsWith('#!/bin/bash\n# Flotilla: the launch')).toBe(true);
    expect(out.endsWith('# Flotilla: end of the runtime environment.\nset -euo pipefail\necho hi\n')).toBe(true);
    expect(withEnvPrelude(script, {}, [], 'eu-west-1')).toBe(script);
  });

  test('references are fetched on the instance, never written in clear: only their names are in the user-data', () => {
    const out = withEnvPrelude('#!/bin/bash\n', VALUES, SOURCES, 'eu-west-1');
    expect(out).toContain("aws ssm get-parameter --with-decryption --name '/django/db-url' --query Parameter.Value --region 'eu-west-1' --output text");
    // A secret's ARN carries its region.
    expect(out).toContain("--query SecretString --region 'eu-central-1' --output text");
    expect(out).toContain('snap install aws-cli --classic');
    expect(out).not.toContain(DB_URL);
  });

  test('a script no shell runs: refused when the env has a reference, left alone with plain values', () => {
    expect(() => withEnvPrelude('#!/usr/bin/env python3\nprint(1)\n', VALUES, SOURCES, 'eu-west-1')).toThrow(
      /^DATABASE_URL, STRIPE_KEY are read from AWS at boot, which needs a shell script: the template's first line runs python3\. Start it with #!\/bin\/bash/,
    );
    const plain = mergeEnv({ envFile: null }, {}, { API_URL: 'x' });
    expect(withEnvPrelude('#!/usr/bin/env python3\n', plain.values, plain.sources, 'eu-west-1')).toBe('#!/usr/bin/env python3\n');
  });

  test('no AWS CLI install when nothing is a reference', () => {
    const plain = mergeEnv({ envFile: null }, { A: '1' }, {});
    expect(envPrelude(plain.values, plain.sources, 'eu-west-1')).not.toContain('aws');
  });
});

/** The prelude run by a real bash with a fake `aws` on PATH that records its arguments. */
describe.skipIf(process.platform === 'win32')('the prelude on a machine (bash, fake aws)', () => {
  let dir: string;
  let envFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-prelude-'));
    envFile = path.join(dir, 'etc', 'flotilla', 'env');
    const bin = path.join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    // Answers the two references; FAIL_NAME makes one fail as the real CLI does (message on stderr, exit 254).
    writeFileSync(
      path.join(bin, 'aws'),
      `#!/bin/sh
printf '%s\\n' "$*" >> "${dir}/aws-calls"
for arg in "$@"; do
  if [ "$arg" = "$FAIL_NAME" ]; then echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: " >&2; exit 254; fi
done
case "$1" in
  ssm) printf '%s\\n' ${JSON.stringify(DB_URL)} ;;
  secretsmanager) printf '%s\\n' '${STRIPE}' ;;
esac
`,
    );
    chmodSync(path.join(bin, 'aws'), 0o755);
    writeFileSync(path.join(bin, 'logger'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(bin, 'logger'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const BODY = 'set -eu\necho "db=$DATABASE_URL"\necho "api=$API_URL"\necho "stripe-length=${#STRIPE_KEY}"\necho done\n';
  function boot(shebang: string, env: Record<string, string> = {}, body = BODY) {
    const script = withEnvPrelude(`${shebang}\n${body}`, VALUES, SOURCES, 'eu-west-1', envFile);
    const file = path.join(dir, 'user-script');
    writeFileSync(file, script);
    chmodSync(file, 0o700);
    return spawnSync(file, { encoding: 'utf8', env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, ...env } });
  }

  test('writes every variable to the env file (mode 600), fetched or quoted, and the script sees them', () => {
    const run = boot('#!/bin/bash');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`db=${DB_URL}\napi=${VALUES.API_URL}\nstripe-length=${STRIPE.length}\ndone\n`);
    expect(statSync(envFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(envFile, 'utf8')).toBe(
      [
        // Double quotes: read back the same by a shell and by systemd's EnvironmentFile= (env-prelude.adversarial.test.ts).
        `API_URL="https://api.example.com/?q=it's"`,
        `PLAIN_SECRET="plain-secret-value-7f3a"`,
        `DATABASE_URL="postgres://app:s3cr'et@db.internal/app"`,
        `STRIPE_KEY="${STRIPE}"`,
        '',
      ].join('\n'),
    );
    expect(readFileSync(path.join(dir, 'aws-calls'), 'utf8').split('\n').filter(Boolean)).toEqual([
      'ssm get-parameter --with-decryption --name /django/db-url --query Parameter.Value --region eu-west-1 --output text',
      'secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:eu-central-1:123456789012:secret:stripe-AbCdEf --query SecretString --region eu-central-1 --output text',
    ]);
  });

  test('a failing fetch stops the boot, naming the key and the parameter, never a value', () => {
    const run = boot('#!/bin/bash', { FAIL_NAME: '/django/db-url' });
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('done');
    expect(run.stderr).toContain(
      "flotilla: the boot stopped: DATABASE_URL: could not read ssm:/django/db-url in eu-west-1 (the aws error is above); check that it exists there and that the instance profile's role may ssm:GetParameter",
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(STRIPE);
    expect(`${run.stdout}${run.stderr}`).not.toContain(VALUES.PLAIN_SECRET);
    // Nothing half-written is left for the script or a later boot.
    expect(spawnSync('ls', [path.dirname(envFile)], { encoding: 'utf8' }).stdout).toBe('');
  });

  test('a traced script (#!/bin/bash -x) does not print the values the prelude handles; tracing resumes after it', () => {
    // The script's own commands are traced as bash does; this one does not print the values itself.
    const run = boot("#!/bin/bash -x", {}, "test -n \"${DATABASE_URL:+set}\"\necho done\n");
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('s3cr');
    expect(run.stderr).not.toContain(STRIPE);
    expect(run.stderr).not.toContain(VALUES.PLAIN_SECRET);
    expect(run.stderr).toContain('+ echo done');
  });

  test('runs under a plain POSIX sh too', () => {
    const hasDash = spawnSync('sh', ['-c', 'command -v dash'], { encoding: 'utf8' }).stdout.trim();
    const run = boot(hasDash ? `#!${hasDash}` : '#!/bin/sh');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`db=${DB_URL}\n`);
  });
});
