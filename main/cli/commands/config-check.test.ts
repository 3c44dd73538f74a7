import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyAwsFixtures, filledInLaunchPySettings, LAUNCH_PY_REGION_WARNING, tempDir, type TempDir } from '../../core/settings/settings.test-helpers';
import { configCheckCommand } from './config-check';

describe('flotilla config check', () => {
  let tmp: TempDir;
  let aws: string;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-config-check-');
    aws = await copyAwsFixtures(tmp.dir);
  });
  afterEach(() => tmp.cleanup());

  function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) } };
  }

  test('good files: no output but the summary, exit 0', async () => {
    const o = io();
    const code = await configCheckCommand(
      { awsSettings: path.join(aws, 'user-settings-good.ini'), instanceConfig: path.join(aws, 'instance-good.config'), home: tmp.dir },
      o.io,
    );
    expect([code, o.err, o.out]).toEqual([0, [], ['2 files checked: no problems.']]);
  });

  test('every problem of every file as FILE: [EC2] KEY: message; fix, exit 1', async () => {
    const o = io();
    const code = await configCheckCommand(
      {
        settings: path.join(aws, 'settings-bad-values.json'),
        awsSettings: path.join(aws, 'user-settings-misspelled.ini'),
        instanceConfig: path.join(aws, 'instance-broken.config'),
        home: tmp.dir,
      },
      o.io,
    );
    expect(code).toBe(1);
    expect(o.err).toContain('~/aws/user-settings-misspelled.ini: [EC2] AccesKeyId: unknown key; did you mean AccessKeyId? rename AccesKeyId to AccessKeyId');
    expect(o.err).toContain("~/aws/instance-broken.config: [EC2] InstanceCount: '25' is not an instance count from 1 to 20; write a whole number from 1 to 20");
    expect(o.err).toContain('~/aws/settings-bad-values.json: thme: unknown setting; did you mean theme? rename thme to theme (warning)');
    expect(o.err).toHaveLength(10);
    expect(o.out).toEqual(['3 files checked: 10 problems (9 errors, 1 warning).']);
  });

  test('a missing file is a problem; a secret never appears in the output', async () => {
    const o = io();
    const leaky = path.join(aws, 'leaky.ini');
    await writeFile(leaky, '[EC2]\nAvailabilityZone = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    await chmod(leaky, 0o600);
    expect(await configCheckCommand({ awsSettings: leaky, settings: path.join(tmp.dir, 'nope.json'), home: tmp.dir }, o.io)).toBe(1);
    expect(o.err[0]).toBe('~/nope.json: the file does not exist; check the path ~/nope.json');
    expect(o.err.join('\n')).not.toContain('EXAMPLEKEY');
    expect(o.err.join('\n')).toContain("AvailabilityZone: '[redacted secret]' is not an availability zone");
  });

  test('without options: the default settings file if there is one', async () => {
    const dir = path.join(tmp.dir, 'config');
    const o = io();
    expect(await configCheckCommand({ home: tmp.dir, env: { FLOTILLA_CONFIG_DIR: dir } }, o.io)).toBe(0);
    expect(o.out[0]).toMatch(/^No settings file at .*settings\.json \(Flotilla uses its defaults\)/);
    await mkdir(dir);
    await writeFile(path.join(dir, 'settings.json'), '{"version": 1, "theme": "dark"}');
    const p = io();
    expect(await configCheckCommand({ home: tmp.dir, env: { FLOTILLA_CONFIG_DIR: dir } }, p.io)).toBe(0);
    expect(p.out).toEqual(['1 file checked: no problems.']);
  });

  // launch.py's .aws.settings filled in (core/settings/launch-py.test.ts reads the same file).
  test('flotilla config check reports it as a warning, not an error, and exits 0', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await configCheckCommand({ awsSettings: await filledInLaunchPySettings(aws), home: tmp.dir }, { out: (t) => void out.push(t), err: (t) => void err.push(t) });
    expect(err).toEqual([`${LAUNCH_PY_REGION_WARNING.replace(/^warning: /, '')} (warning)`]);
    expect(out).toEqual(['1 file checked: 1 problem (0 errors, 1 warning).']);
    expect(code).toBe(0);
  });
});
