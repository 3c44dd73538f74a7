import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkAwsSettingsIni, checkInstanceConfigIni } from './ini-files';
import { copyAwsFixtures, POSIX_MODES, tempDir, type TempDir } from './settings.test-helpers';

describe('INI settings files', () => {
  let tmp: TempDir;
  let aws: string;
  beforeEach(async () => {
    tmp = await tempDir();
    aws = await copyAwsFixtures(tmp.dir);
  });
  afterEach(() => tmp.cleanup());

  const at = (name: string) => ({ path: path.join(aws, name), home: tmp.dir });
  const texts = (problems: { text: string }[]) => problems.map((p) => p.text);

  test('a good user settings file gives its values, the key file resolved next to it', async () => {
    const result = await checkAwsSettingsIni(at('user-settings-good.ini'));
    expect(result.problems).toEqual([]);
    expect(result.file).toBe('~/aws/user-settings-good.ini');
    expect(result.values).toEqual({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      availabilityZone: 'eu-west-1b',
      region: 'eu-west-1',
      keyPair: 'flotilla-demo',
      sshKeyFile: path.join(aws, 'keys', 'flotilla-demo.pem'),
    });
  });

  test('a file without a key pair is fine', async () => {
    const result = await checkAwsSettingsIni(at('user-settings-no-key.ini'));
    expect(result.problems).toEqual([]);
    expect(result.values).toMatchObject({ accessKeyId: null, secretAccessKey: null, region: 'us-east-2' });
  });

  test('a misspelled key names the right one', async () => {
    const result = await checkAwsSettingsIni(at('user-settings-misspelled.ini'));
    expect(texts(result.problems)).toEqual([
      '~/aws/user-settings-misspelled.ini: [EC2] AccesKeyId: unknown key; did you mean AccessKeyId? rename AccesKeyId to AccessKeyId',
    ]);
    expect(result.values).toBeNull();
  });

  test('a misnamed section is found and named', async () => {
    const result = await checkAwsSettingsIni(at('user-settings-wrong-section.ini'));
    expect(texts(result.problems)).toEqual(['~/aws/user-settings-wrong-section.ini: [Ec2] missing section [EC2]; did you mean [EC2]? rename [Ec2] to [EC2]']);
  });

  test('every bad value is reported with its fix, and the secret is never repeated', async () => {
    const result = await checkAwsSettingsIni(at('user-settings-bad-values.ini'));
    expect(texts(result.problems)).toEqual([
      '~/aws/user-settings-bad-values.ini: [EC2] SecretAccessKey: the secret access key has 30 characters; AWS secret keys have 40; paste the secret exactly as IAM showed it',
      "~/aws/user-settings-bad-values.ini: [EC2] AvailabilityZone: 'eu-wst-1' is not a known AWS region; did you mean eu-west-1?",
      '~/aws/user-settings-bad-values.ini: [EC2] SSHKeyPair: missing key; add a line SSHKeyPair = my-key-pair',
      '~/aws/user-settings-bad-values.ini: [EC2] SSHKeyPairFile: the SSH key file ~/aws/keys/missing.pem does not exist; give the path of the .pem file you downloaded when you made the key pair',
    ]);
    expect(JSON.stringify(result)).not.toContain('tooShort');
  });

  test('a file holding a secret that others can read is an error with the chmod fix', async () => {
    await chmod(path.join(aws, 'user-settings-good.ini'), 0o644);
    const result = await checkAwsSettingsIni(at('user-settings-good.ini'));
    // Windows has no such mode (chmod 644 changes nothing there): Flotilla does not check it.
    expect(texts(result.problems)).toEqual(
      POSIX_MODES ? ['~/aws/user-settings-good.ini: the file holds a secret access key and other users can read it (mode 644); run chmod 600 ~/aws/user-settings-good.ini'] : [],
    );
  });

  test('an SSH key file readable by others is an error', async () => {
    await chmod(path.join(aws, 'keys', 'flotilla-demo.pem'), 0o640);
    const result = await checkAwsSettingsIni(at('user-settings-no-key.ini'));
    expect(result.problems.map((p) => [p.key, p.fix])).toEqual(POSIX_MODES ? [['SSHKeyPairFile', 'run chmod 600 ~/aws/keys/flotilla-demo.pem']] : []);
  });

  test('a missing file, and one half of a key pair', async () => {
    expect(texts((await checkAwsSettingsIni(at('nope.ini'))).problems)).toEqual(['~/aws/nope.ini: the file does not exist; check the path ~/aws/nope.ini']);
    await writeFile(path.join(aws, 'half.ini'), '[EC2]\nAccessKeyId = AKIAIOSFODNN7EXAMPLE\nAvailabilityZone = us-east-1a\nSSHKeyPair = k\nSSHKeyPairFile = keys/flotilla-demo.pem\n');
    expect(texts((await checkAwsSettingsIni(at('half.ini'))).problems)).toEqual([
      '~/aws/half.ini: [EC2] SecretAccessKey: missing key (AccessKeyId is set); add SecretAccessKey = <the 40-character secret>, or remove AccessKeyId',
    ]);
  });

  test('a good instance.config', async () => {
    const result = await checkInstanceConfigIni(at('instance-good.config'));
    expect(result.problems).toEqual([]);
    expect(result.values).toEqual({
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.small',
      instanceCount: 2,
      securityGroup: 'sg-0123456789abcdef0',
      subnetId: null,
      region: 'eu-west-1',
    });
  });

  test('a broken instance.config: AMI, family, count and a misspelled key', async () => {
    const result = await checkInstanceConfigIni(at('instance-broken.config'));
    expect(result.problems.map((p) => `${p.key}: ${p.message}; ${p.fix}`)).toEqual([
      'Regoin: unknown key; did you mean Region? rename Regoin to Region',
      "ImageID: 'ami-2bb7d44' is not an AMI id; use ami- followed by 8 or 17 hex digits, e.g. ami-0123456789abcdef0 (EC2 console → AMIs)",
      "InstanceType: 't9.micro' has an unknown instance family 't9'; did you mean t3.micro?",
      "InstanceCount: '25' is not an instance count from 1 to 20; write a whole number from 1 to 20",
    ]);
  });

  test('keys outside any section', async () => {
    const result = await checkInstanceConfigIni(at('instance-missing-section.config'));
    expect(texts(result.problems)).toEqual([
      '~/aws/instance-missing-section.config: ImageID: this key is outside any section; put it under a [EC2] line',
      '~/aws/instance-missing-section.config: InstanceType: this key is outside any section; put it under a [EC2] line',
      '~/aws/instance-missing-section.config: [EC2] missing section [EC2]; add a line [EC2] above the settings',
      '~/aws/instance-missing-section.config: [EC2] ImageID: missing key; add a line ImageID = ami-0123456789abcdef0',
      '~/aws/instance-missing-section.config: [EC2] InstanceType: missing key; add a line InstanceType = t3.micro',
    ]);
  });

  test('content passed in is checked under the given name', async () => {
    const result = await checkInstanceConfigIni({ path: 'uploaded/instance.config', content: '[EC2]\nImageID = ami-0123abcd\nInstanceType = t3.micro\n', home: tmp.dir });
    expect(result.problems).toEqual([]);
    expect(result.values?.instanceCount).toBe(1);
  });
});
