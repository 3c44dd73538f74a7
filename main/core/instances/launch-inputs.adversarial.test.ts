/**
 * Issue 15, attacker's review: what a launch takes from outside (options, env, revision over IPC,
 * browser mode or the CLI; templates and env files from a pull request; the settings file) at
 * the sizes the schemas let through, with JavaScript's own property names, and with values made
 * to break out of quoting. The main process must answer quickly with short problems, never
 * pollute a prototype, and never let a value become code in the user-data.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { methodSchemas } from '../../contract/methods';
import type { LaunchInput } from '../../contract/dto/instances';
import { parseEnvFile } from '../projects/env-file';
import { parseOptionDeclaration } from '../projects/template-options';
import { renderUserData } from '../projects/user-data';
import { settingsSchema } from '../settings/schema';
import { envPrelude } from './env-prelude';
import { mergeEnv } from './env-references';
import { checkLaunch, normalizeLaunch } from './launch-input';
import { checkParameters } from './preflight-runtime';
import { loadedProject, T0, testSettings, WEB_SOURCE } from './instances.test-helpers';

const id = () => 'fl-0000000000aa';
const base: LaunchInput = { project: 'web', gitUser: 'octocat', branch: 'main' };
const withMeta = (lines: string[], source = WEB_SOURCE) => source.replace('set -euo', `${lines.join('\n')}\nset -euo`);
const elapsed = <T>(work: () => T): { value: T; ms: number } => {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
};

describe('sizes the schemas let through', () => {
  test('2000 unknown option names against a template with 200 options: answered at once, with a few short problems', () => {
    const declared = Array.from({ length: 200 }, (_, i) => `# fleeting-meta:option.o${String(i).padStart(3, '0')}_${'x'.repeat(30)} = int 1`);
    const project = loadedProject('web', withMeta(declared)).detail;
    expect(project.options).toHaveLength(200);
    // 64 characters each (the schema's limit), unlike any declared name: no suggestion, so the hint lists the template's options.
    const options = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`u${String(i).padStart(4, '0')}${'q'.repeat(59)}`, '1']));
    expect(methodSchemas['instances.resolveLaunch'].safeParse({ ...base, options }).success).toBe(true);
    const { value, ms } = elapsed(() => checkLaunch({ ...base, options }, project, testSettings(), id));
    expect(ms).toBeLessThan(1500);
    const optionProblems = value.resolution.problems.filter((p) => p.field.startsWith('option.'));
    expect(optionProblems.length).toBeLessThanOrEqual(6);
    expect(optionProblems[0]!.message).toMatch(/^unknown option 'u0000q+\.\.\.'; the template's options are o000_x+, o001_x+, .*, and 180 more$/);
    expect(optionProblems.at(-1)!.message).toMatch(/^and 1995 more unknown options$/);
    expect(JSON.stringify(value.resolution).length).toBeLessThan(64 * 1024);
  });

  test('an option name a launch default in Settings still holds, once the template dropped it, is one short problem', () => {
    const project = loadedProject('web', withMeta(['# fleeting-meta:option.workers = int 2'])).detail;
    const stored = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`gone_${i}`, '1']));
    const settings = testSettings({ launchDefaults: { web: { imageId: null, instanceType: null, region: null, count: null, securityGroupId: null, source: null, options: stored } } });
    const problems = checkLaunch(base, project, settings, id).resolution.problems.filter((p) => p.field.startsWith('option.'));
    expect(problems.length).toBeLessThanOrEqual(6);
    expect(problems[0]!.message).toBe("unknown option 'gone_0'; the template's options are workers (in Settings → Launch defaults for web; change or remove it there)");
    expect(problems.at(-1)!.message).toBe('and 295 more unknown options (in Settings → Launch defaults for web; change or remove them there)');
  });

  test('20 000 ssm: references in a launch (about 440 KB, under browser mode\'s 1 MiB): the parameters check is linear', async () => {
    const env = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`K${i}`, `ssm:/app/p${i}`]));
    expect(methodSchemas['instances.launch'].safeParse({ ...base, env }).success).toBe(true);
    const launch = normalizeLaunch({ ...base, env }, loadedProject().detail, testSettings(), new Date(T0), id);
    const ssm = mockClient(SSMClient);
    try {
      ssm.on(DescribeParametersCommand).resolves({ Parameters: [] });
      const client = new SSMClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      const start = performance.now();
      const outcome = await checkParameters({ ssm: () => client, secretsManager: () => { throw new Error('no secrets here'); } }, launch);
      expect(performance.now() - start).toBeLessThan(3000);
      expect(outcome.status).toBe('fail');
      expect(ssm.commandCalls(DescribeParametersCommand)).toHaveLength(400);
    } finally {
      ssm.restore();
    }
  });

  test('a 64 KiB env file of 10 000 short lines parses, merges and becomes a prelude quickly', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `K${i.toString(36).toUpperCase()}=`).join('\n');
    expect(text.length).toBeLessThanOrEqual(64 * 1024);
    const { value, ms } = elapsed(() => {
      const parsed = parseEnvFile('projects/web.env', text);
      const merged = mergeEnv({ envFile: parsed.envFile }, parsed.values, {});
      return { parsed, prelude: envPrelude(merged.values, merged.sources, 'eu-west-1') };
    });
    expect(ms).toBeLessThan(1000);
    expect(value.parsed.findings).toEqual([]);
    expect(value.parsed.envFile.entries).toHaveLength(10_000);
    expect(value.prelude.split('\n').length).toBeGreaterThan(10_000);
  });

  test('1000 option declarations load, and the template is refused for its size, not hung on', () => {
    const declared = Array.from({ length: 1000 }, (_, i) => `# fleeting-meta:option.o${i} = enum(a,b,c) a "option ${i}"`);
    const { value, ms } = elapsed(() => loadedProject('web', withMeta(declared)).detail);
    expect(ms).toBeLessThan(3000);
    expect(value.options).toHaveLength(1000);
    expect(value.problems.map((p) => p.message)).toContainEqual(expect.stringMatching(/^user-data is [\d ]+ bytes once base64-encoded; EC2 allows at most 16 384/));
  });

  test('an enum of 10 000 choices is refused, naming the limit', () => {
    const choices = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    expect(parseOptionDeclaration('option.site', `enum(${choices}) c0`, 3)).toEqual({ ok: false, message: 'option site: enum has 10000 choices; at most 100 are allowed' });
  });

  test.each([
    ['int(-9007199254740991..9007199254740991)', '9007199254740991', '9007199254740991'],
    ['int(-9007199254740991..9007199254740991)', '-9007199254740991', '-9007199254740991'],
    ['int', '+0012', '12'],
    ['int', '-0', '0'],
    ['int', ' 7 ', '7'],
  ])('int %s takes %j as %j', (type, given, canonical) => {
    const declared = parseOptionDeclaration('option.n', `${type} 1`, 3);
    expect(declared.ok).toBe(true);
    if (!declared.ok) return;
    const project = { ...loadedProject().detail, options: [declared.option] };
    expect(checkLaunch({ ...base, options: { n: given } }, project, testSettings(), id).launch.options).toEqual({ n: canonical });
  });

  test.each(['9007199254740992', '99999999999999999999', '1e3', '0x10', '1.5', 'Infinity', 'NaN', '٣'])('int refuses %j', (given) => {
    const declared = parseOptionDeclaration('option.n', 'int 1', 3);
    if (!declared.ok) throw new Error(declared.message);
    const project = { ...loadedProject().detail, options: [declared.option] };
    expect(checkLaunch({ ...base, options: { n: given } }, project, testSettings(), id).problems).toContainEqual(
      expect.objectContaining({ field: 'option.n', message: expect.stringMatching(/^option n must be a whole number, not '/) }),
    );
  });

  test.each(['int(0..9007199254740992)', 'int(-99999999999999999999..0)', 'int(5..1)'])('the range %s is refused', (type) => {
    expect(parseOptionDeclaration('option.n', `${type} 1`, 3).ok).toBe(false);
  });

  test.each([
    ['1024 characters', `web_site.${'A'.repeat(1015)}`],
    ['a path', '../../etc/passwd'],
    ['a shell command', "web_site.2026'$(touch /tmp/pwned)"],
    ['control characters', 'web_site.2026\u001b[31m\n'],
  ])('a revision ref with %s is refused in one short sentence', (_, revision) => {
    const project = loadedProject('web', withMeta(['# fleeting-meta:package = web_site'])).detail;
    expect(methodSchemas['instances.launch'].safeParse({ ...base, revision }).success).toBe(true);
    const problem = checkLaunch({ ...base, revision }, project, testSettings(), id).problems.find((p) => p.field === 'revision')!;
    expect(problem.message).toMatch(/is not a revision name; give current, previous or web_site\.<rev>/);
    expect(problem.message.length).toBeLessThan(300);
  });
});

describe('reference names made to break out of quoting', () => {
  const HOSTILE_REFERENCES = ["ssm:/a'$(touch /tmp/pwned)", 'ssm:/a b', 'ssm:/a`id`', 'secretsmanager:a;reboot', "secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:x'y"];

  test.each(HOSTILE_REFERENCES)('%s from the launch is refused before anything renders', (value) => {
    const { problems, launch } = checkLaunch({ ...base, env: { DB_URL: value } }, loadedProject().detail, testSettings(), id);
    expect(problems).toContainEqual(expect.objectContaining({ field: 'env', message: expect.stringMatching(/^environment variable DB_URL: '(ssm|secretsmanager):.*' is not /) }));
    expect(launch.envSources).toEqual([{ key: 'DB_URL', source: 'launch', reference: null }]);
  });

  test.each(HOSTILE_REFERENCES)('%s in the env file is an error on its line', (value) => {
    const parsed = parseEnvFile('projects/web.env', `DB_URL=${value}\n`);
    expect(parsed.findings).toEqual([expect.objectContaining({ severity: 'error', line: 1, key: 'DB_URL' })]);
    expect(parsed.values).toEqual({});
  });
});

describe("JavaScript's own property names as keys", () => {
  afterEach(() => expect(({} as Record<string, unknown>).polluted).toBeUndefined());

  test('options and env over IPC: __proto__ is dropped by the schema, constructor and toString are unknown names', () => {
    const payload = JSON.parse(
      '{"project":"web","gitUser":"octocat","branch":"main","options":{"__proto__":"1","constructor":"2","toString":"3"},"env":{"__proto__":"x","constructor":"y","TOSTRING":"z"}}',
    ) as unknown;
    const parsed = methodSchemas['instances.launch'].parse(payload) as LaunchInput;
    expect(Object.keys(parsed.options!)).toEqual(['constructor', 'toString']);
    const project = loadedProject('web', withMeta(['# fleeting-meta:option.workers = int 2'])).detail;
    const { resolution, launch } = checkLaunch(parsed, project, testSettings(), id);
    expect(resolution.problems.map((p) => p.field)).toEqual(['env', 'option.constructor', 'option.toString']);
    expect(launch.options).toEqual({ workers: '2' });
    expect(Object.getPrototypeOf(launch.env)).toBe(Object.prototype);
    expect(launch.env.TOSTRING).toBe('z');
  });

  test('a settings file whose launch defaults hold __proto__ keys loads without touching a prototype', () => {
    const file = JSON.parse(
      '{"launchDefaults":{"__proto__":{"polluted":"yes","options":{"polluted":"1"}},"web":{"options":{"__proto__":"1","workers":"3"}}}}',
    ) as unknown;
    const settings = settingsSchema.parse(file);
    expect(Object.keys(settings.launchDefaults)).toEqual(['web']);
    expect(settings.launchDefaults.web!.options).toEqual({ workers: '3' });
  });

  test.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('a project named %s takes no launch defaults it does not have', (name) => {
    const project = { ...loadedProject('web', withMeta(['# fleeting-meta:option.workers = int 2'])).detail, id: name };
    const { resolution, problems } = checkLaunch({ ...base, project: name }, project, testSettings({ launchDefaults: {} }), id);
    expect(problems).toEqual([]);
    expect(resolution.options).toEqual([{ name: 'workers', value: '2', source: 'template' }]);
    expect(resolution.region.source).toBe('settings');
  });
});

describe('option values made to break out of quoting', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'flotilla-options-adv-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('string and enum values reach the script as one word each, exactly, and run nothing', () => {
    const marker = path.join(dir, 'pwned');
    const out = path.join(dir, 'out');
    const source = [
      '#!/bin/sh',
      '# fleeting-meta:name = Web',
      '# fleeting-meta:repo = acme/web',
      '# fleeting-meta:image-id = ami-0123456789abcdef0',
      '# fleeting-meta:instance-type = t3.small',
      '# fleeting-meta:ready-url = http://localhost:8080/health',
      `# fleeting-meta:option.note = string "it's \\"$(touch ${marker})\\" \`touch ${marker}\` \\\\ 100%"`,
      '# fleeting-meta:option.site = enum(main,staging-2.x) main',
      `printf '%s\\0' {{ OPTIONS.note | shq }} {{ OPTIONS.site | shq }} > ${out}`,
      '',
    ].join('\n');
    const project = loadedProject('web', source);
    expect(project.detail.problems).toEqual([]);
    const given = { note: `'; touch ${marker}; echo '\u2028\u2029 ✓ -n`, site: 'staging-2.x' };
    const { launch, problems } = checkLaunch({ ...base, options: given }, project.detail, testSettings(), id);
    expect(problems).toEqual([]);
    for (const options of [launch.options, { note: project.detail.options[0]!.default, site: 'main' }]) {
      const { userData } = renderUserData(project, { GIT_USER: 'octocat', GIT_BRANCH: 'main', OPTIONS: options });
      writeFileSync(path.join(dir, 'script'), userData);
      spawnSync('sh', [path.join(dir, 'script')]);
      expect(existsSync(marker)).toBe(false);
      expect(readFileSync(out, 'utf8').split('\0').slice(0, 2)).toEqual([options.note, options.site]);
    }
  });

  test.each([
    ['a newline', 'a\nb'],
    ['a NUL', 'a\0b'],
    ['a carriage return', 'a\rb'],
    ['an escape sequence', '\u001b[2J'],
    ['a right-to-left override', 'a\u202eb'],
  ])('a string option with %s is refused', (_, value) => {
    const declared = parseOptionDeclaration('option.note', 'string x', 3);
    if (!declared.ok) throw new Error(declared.message);
    const project = { ...loadedProject().detail, options: [declared.option] };
    expect(checkLaunch({ ...base, options: { note: value } }, project, testSettings(), id).problems).toEqual([
      { field: 'option.note', message: expect.stringMatching(/^option note must be text without control characters/), whole: true },
    ]);
  });
});
