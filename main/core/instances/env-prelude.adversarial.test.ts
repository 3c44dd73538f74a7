/**
 * Issue 15, attacker's review: the boot prelude (env-prelude.ts) with hostile values, run by real
 * shells (bash, dash, `sh -x`) and read back the way the shipped django-app reads it: by a shell
 * (`set -a; . /etc/flotilla/env`) and by systemd (`EnvironmentFile=`, gunicorn's unit). Every
 * value, plain or fetched at boot, must come back exactly as given, and none may run as code.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LaunchEnvSource } from '../../contract/dto/instances';
import { parseEnvFile } from '../projects/env-file';
import { withEnvPrelude } from './env-prelude';
import { mergeEnv } from './env-references';
import { checkLaunch } from './launch-input';
import { loadedProject, testSettings } from './instances.test-helpers';

let dir: string;
const marker = () => path.join(dir, 'pwned');

/** Values a launch or an env file may hold; MARKER is replaced by a file that must never appear. */
const HOSTILE: Record<string, string> = {
  QUOTE: "it's",
  QUOTES: `'"'"''`,
  SUBST: '$(touch MARKER)',
  BACKTICKS: '`touch MARKER`',
  DOLLARS: '$HOME ${PATH} $1 $$ $',
  BACKSLASHES: 'a\\b\\\\c\\',
  PERCENT: '100% %s %n %% %b',
  SPACES: '  leading and trailing  ',
  DASH: '-n',
  HASH: '#not a comment ; x | y & z',
  EQUALS: 'a=b=c',
  GLOB: '* ? [a] ~',
  BANG: '!! !$ !-1',
  UNICODE: 'naïve \u2028 \u2029 \u00a0 ✓',
  TAB_CR: 'a\tb\rc',
  CLOSE_QUOTE_THEN_CODE: `'; touch MARKER; echo '`,
  CLOSE_DQUOTE_THEN_CODE: `"; touch MARKER; echo "`,
  EMPTY: '',
};
/** Line breaks: a plain value keeps them; a fetched one loses trailing ones (`$(...)`, and the CLI's text output ends with one). */
const PLAIN_ONLY: Record<string, string> = { NEWLINES: 'line 1\nline 2\n\n', LONE_NEWLINE: '\n' };

const withMarker = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.replaceAll('MARKER', marker())]));

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flotilla-prelude-adv-'));
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  mkdirSync(path.join(dir, 'values'));
  // The AWS CLI as `--output text` answers: the value of the parameter/secret (read from values/<last name part>), then a newline.
  writeFileSync(
    path.join(bin, 'aws'),
    `#!/bin/sh
name=
while [ $# -gt 0 ]; do
  case "$1" in --name|--secret-id) name=$2; shift ;; esac
  shift
done
cat "${dir}/values/\${name##*/}" && printf '\\n'
`,
  );
  chmodSync(path.join(bin, 'aws'), 0o755);
  writeFileSync(path.join(bin, 'logger'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(bin, 'logger'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

interface Boot {
  envFile: string;
  /** What the script saw, by key. */
  seen: Record<string, string>;
  stderr: string;
  status: number | null;
}

/**
 * Runs `shebang` + prelude + a body printing each variable NUL-terminated. `plain` are launch
 * values; `fetched` are SSM references whose values the fake aws answers.
 */
function boot(shebang: string, plain: Record<string, string>, fetched: Record<string, string> = {}): Boot {
  const launchEnv: Record<string, string> = { ...plain };
  for (const [key, value] of Object.entries(fetched)) {
    writeFileSync(path.join(dir, 'values', key), value);
    launchEnv[key] = `ssm:/app/${key}`;
  }
  const env = mergeEnv({ envFile: null }, {}, launchEnv);
  expect(env.problems).toEqual([]);
  const keys = env.sources.map((s) => s.key);
  const envFile = path.join(dir, 'etc', 'flotilla', 'env');
  // The body stops tracing first (the script's own commands are traced as the shell does), so stderr holds only the prelude's trace.
  const body = `{ set +x; } 2>/dev/null\nprintf '%s\\0' ${keys.map((k) => `"$${k}"`).join(' ')} > ${JSON.stringify(path.join(dir, 'seen'))}\n`;
  const script = withEnvPrelude(`${shebang}\n${body}`, env.values, env.sources, 'eu-west-1', envFile);
  const file = path.join(dir, 'user-script');
  writeFileSync(file, script);
  chmodSync(file, 0o700);
  const run = spawnSync(file, { encoding: 'utf8', env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, HOME: dir } });
  const seenText = existsSync(path.join(dir, 'seen')) ? readFileSync(path.join(dir, 'seen'), 'utf8') : '';
  const seen = Object.fromEntries(seenText.split('\0').slice(0, keys.length).map((v, i) => [keys[i]!, v]));
  return { envFile, seen, stderr: run.stderr, status: run.status };
}

const shellOf = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
const SHELLS = [
  ['bash', '#!/bin/bash'],
  ['bash -x', '#!/bin/bash -x'],
  ['dash', shellOf('dash') ? `#!${shellOf('dash')}` : null],
  ['sh -x', '#!/bin/sh -x'],
].filter((s): s is [string, string] => s[1] !== null);

describe.skipIf(process.platform === 'win32')('the boot prelude with hostile values', () => {
  test.each(SHELLS)('%s: every plain and fetched value reaches the script exactly, and none runs', (_, shebang) => {
    const plain = withMarker({ ...HOSTILE, ...PLAIN_ONLY });
    const fetched = Object.fromEntries(Object.entries(withMarker(HOSTILE)).map(([k, v]) => [`F_${k}`, v]));
    const result = boot(shebang, plain, fetched);
    expect(result.stderr.includes('flotilla: the boot stopped') ? result.stderr : '').toBe('');
    expect(result.status).toBe(0);
    expect(result.seen).toEqual({ ...plain, ...fetched });
    expect(existsSync(marker())).toBe(false);
    if (shebang.includes('-x')) {
      // Tracing is paused while the prelude handles the values: a fetched value is never traced.
      expect(result.stderr).not.toContain(fetched.F_QUOTE);
      expect(result.stderr).not.toContain('leading and trailing');
    }
  });

  test('the env file loads back in a new shell (dash) to the same values', () => {
    const plain = withMarker({ ...HOSTILE, ...PLAIN_ONLY });
    const { envFile } = boot('#!/bin/bash', plain);
    const keys = Object.keys(plain);
    const reread = spawnSync('sh', ['-c', `set -a; . "$1"; printf '%s\\0' ${keys.map((k) => `"$${k}"`).join(' ')}`, 'sh', envFile], { encoding: 'utf8' });
    expect(reread.stderr).toBe('');
    expect(Object.fromEntries(reread.stdout.split('\0').slice(0, keys.length).map((v, i) => [keys[i]!, v]))).toEqual(plain);
    expect(existsSync(marker())).toBe(false);
  });
});

/**
 * systemd's EnvironmentFile= parser (src/basic/env-file.c, parse_env_file_internal) is shared with
 * systemd-environment-d-generator, which prints what it read; the generator then expands `$VAR`
 * (EnvironmentFile= does not) and refuses an empty value, so those two are left out here.
 */
const GENERATOR = '/usr/lib/systemd/user-environment-generators/30-systemd-environment-d-generator';

/** The generator prints KEY=value or KEY="..." with C escapes and \" \\ \` \$. */
function decodeGeneratorValue(text: string): string {
  if (!text.startsWith('"')) return text;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return text.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|[0-7]{3}|.)/gs, (_, c: string) =>
    c.length > 1 ? String.fromCharCode(parseInt(c.startsWith('x') ? c.slice(1) : c, c.startsWith('x') ? 16 : 8)) : (escapes[c] ?? c),
  );
}

function readAsSystemd(envFile: string, keys: string[]): Record<string, string> {
  const config = path.join(dir, 'xdg');
  mkdirSync(path.join(config, 'environment.d'), { recursive: true });
  writeFileSync(path.join(config, 'environment.d', '50-flotilla.conf'), readFileSync(envFile));
  const run = spawnSync(GENERATOR, { encoding: 'utf8', env: { XDG_CONFIG_HOME: config, HOME: dir } });
  const lines = new Map<string, string>();
  for (const line of run.stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) lines.set(line.slice(0, eq), decodeGeneratorValue(line.slice(eq + 1)));
  }
  return Object.fromEntries(keys.map((k) => [k, lines.get(k) ?? `<${k} not read>`]));
}

describe.skipIf(!existsSync(GENERATOR))("systemd's EnvironmentFile= reads /etc/flotilla/env as the shell does (django-app's gunicorn unit)", () => {
  const systemdSafe = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, v]) => !v.includes('$') && v !== ''));

  test('plain values', () => {
    const plain = systemdSafe(withMarker({ ...HOSTILE, ...PLAIN_ONLY }));
    const { envFile } = boot('#!/bin/bash', plain);
    expect(readAsSystemd(envFile, Object.keys(plain))).toEqual(plain);
  });

  test('values fetched at boot', () => {
    const fetched = systemdSafe(withMarker(HOSTILE));
    const { envFile, status } = boot('#!/bin/bash', {}, fetched);
    expect(status).toBe(0);
    expect(readAsSystemd(envFile, Object.keys(fetched))).toEqual(fetched);
  });
});

/**
 * Names a shell acts on: loaded with `set -a`, they would make the boot script (root) or every
 * bash it starts run a value as code (BASH_ENV is expanded, command substitution included, and
 * sourced by each non-interactive bash; PS4 is expanded before each traced command), turn on
 * options in child shells (SHELLOPTS, BASHOPTS: xtrace prints fetched secrets), or change how the
 * rest of the script splits words (IFS).
 */
describe('environment variable names that a shell acts on are refused', () => {
  const NAMES = ['BASH_ENV', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'IFS'];

  test.each(NAMES)('%s from the launch', (name) => {
    const { problems } = checkLaunch({ project: 'web', gitUser: 'octocat', branch: 'main', env: { [name]: '$(touch /tmp/pwned)' } }, loadedProject().detail, testSettings(), () => 'fl-0000000000aa');
    expect(problems).toContainEqual(expect.objectContaining({ field: 'env', message: expect.stringMatching(new RegExp(`^environment variable ${name} is read by the shell`)) }));
  });

  test.each(NAMES)('%s from the env file', (name) => {
    const parsed = parseEnvFile('projects/web.env', `API_URL=https://example.com\n${name}=$(touch /tmp/pwned)\n`);
    expect(parsed.findings).toEqual([expect.objectContaining({ severity: 'error', line: 2, message: expect.stringMatching(new RegExp(`^${name} is read by the shell`)) })]);
    expect(parsed.values).toEqual({ API_URL: 'https://example.com' });
  });

  test('the prelude refuses them too, so a value given another way never reaches a bash -x boot as PS4 or BASH_ENV', () => {
    const sources: LaunchEnvSource[] = [
      { key: 'PS4', source: 'launch', reference: null },
      { key: 'BASH_ENV', source: 'launch', reference: null },
    ];
    const values = { PS4: `$(touch ${marker()}-ps4)`, BASH_ENV: `$(touch ${marker()}-bash-env)` };
    expect(() => withEnvPrelude('#!/bin/bash -x\ntrue\nbash -c true\n', values, sources, 'eu-west-1', path.join(dir, 'env'))).toThrow(
      /^PS4, BASH_ENV are read by the shell that runs the boot script/,
    );
  });
});
