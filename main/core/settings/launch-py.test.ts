import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { memorySecrets } from '../credentials/credentials-fakes.test-helpers';
import { planIniImport } from './import-ini';
import { checkAwsSettingsIni, checkInstanceConfigIni } from './ini-files';
import { defaultSettings } from './schema';
import { copyAwsFixtures, filledInLaunchPySettings, LAUNCH_PY_REGION_WARNING, launchPyTemplate, tempDir, type TempDir } from './settings.test-helpers';

// launch.py's two files as published (test/fixtures/aws/launch-py): Flotilla reads them as they are.
describe('launch.py files', () => {
  let tmp: TempDir;
  let aws: string;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-launch-py-');
    aws = await copyAwsFixtures(tmp.dir);
  });
  afterEach(() => tmp.cleanup());

  const template = () => launchPyTemplate(aws);
  const texts = (problems: { text: string; severity: string }[]) => problems.map((p) => `${p.severity}: ${p.text}`);
  const REGION_WARNING = LAUNCH_PY_REGION_WARNING;
  const filledIn = () => filledInLaunchPySettings(aws);

  test('the .aws.settings template as published: the region is a warning, only the placeholders are errors', async () => {
    await chmod(template(), 0o600); // launch.py, like Flotilla, refuses the file when others can read it
    const result = await checkAwsSettingsIni({ path: template(), home: tmp.dir });
    expect(texts(result.problems)).toEqual([
      'error: ~/aws/launch-py/.aws.settings: [EC2] AccessKeyId: the value is still the template\'s placeholder; replace it with your own, e.g. AccessKeyId = AKIAIOSFODNN7EXAMPLE',
      "error: ~/aws/launch-py/.aws.settings: [EC2] SecretAccessKey: the value is still the template's placeholder; replace it with your own, e.g. SecretAccessKey = <the 40-character secret access key>",
      REGION_WARNING.replace('filled.settings', '.aws.settings'),
      "error: ~/aws/launch-py/.aws.settings: [EC2] SSHKeyPairFile: the value is still the template's placeholder; replace it with your own, e.g. SSHKeyPairFile = ~/.ssh/my-key-pair.pem",
    ]);
  });

  test('filled in, it is accepted: the region is used as the region, no zone is pinned', async () => {
    const result = await checkAwsSettingsIni({ path: await filledIn(), home: tmp.dir });
    expect(texts(result.problems)).toEqual([REGION_WARNING]);
    expect(result.values).toMatchObject({ availabilityZone: null, region: 'us-west-2', keyPair: 'LinkOverflow-keys', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
  });

  test('Settings → Import takes it, with the warning', async () => {
    const secrets = memorySecrets();
    const plan = await planIniImport({ kind: 'aws-settings', path: await filledIn() }, defaultSettings(), tmp.dir, secrets);
    expect(plan.next.regions).toContain('us-west-2');
    expect(plan.next.regionKeys['us-west-2']).toEqual({ keyPair: 'LinkOverflow-keys', sshKeyFile: '~/aws/keys/flotilla-demo.pem' });
    expect(texts(plan.problems)).toEqual([REGION_WARNING]);
    expect(plan.credential).toMatchObject({ kind: 'keychain', name: 'filled' });
  });

  test('a value that is neither a zone nor a region is still refused', async () => {
    const file = await filledIn();
    await writeFile(file, (await readFile(file, 'utf8')).replace('us-west-2', 'oregon'));
    const result = await checkAwsSettingsIni({ path: file, home: tmp.dir });
    expect(result.values).toBeNull();
    expect(texts(result.problems)).toEqual([
      "error: ~/aws/launch-py/filled.settings: [EC2] AvailabilityZone: 'oregon' is not an availability zone; write a region code followed by a zone letter, e.g. us-east-1a",
    ]);
  });

  test("keys in another case, as launch.py's ConfigParser reads them (AccessKeyID), are taken with a warning", async () => {
    const file = await filledIn();
    await writeFile(file, (await readFile(file, 'utf8')).replace('AccessKeyId =', 'AccessKeyID ='));
    const result = await checkAwsSettingsIni({ path: file, home: tmp.dir });
    expect(result.values?.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(texts(result.problems)).toEqual([
      'warning: ~/aws/launch-py/filled.settings: [EC2] AccessKeyID: key names are read in any case, as launch.py does; write it AccessKeyId',
      REGION_WARNING,
    ]);
  });

  test('the instance.config as published: its [EC2] values, and a warning that [Puppet] is not read', async () => {
    const result = await checkInstanceConfigIni({ path: path.join(aws, 'launch-py', 'instance.config'), home: tmp.dir });
    expect(result.values).toEqual({ imageId: 'ami-c7d092f7', instanceType: 't2.micro', instanceCount: 1, securityGroup: null, subnetId: null, region: null });
    expect(texts(result.problems)).toEqual(['warning: ~/aws/launch-py/instance.config: [Puppet] unknown section; remove it; Flotilla reads only [EC2]']);
  });
});
