import { existsSync } from 'node:fs';
import path from 'node:path';
import type { InstanceConfig, SettingsProblem } from '../../contract/settings/dto';
import { accessKeyIdProblem, secretAccessKeyProblem } from '../credentials/mask';
import { readText, secretFileModeCheck, sshKeyFileCheck } from './file-checks';
import { checkIni, type IniFileSpec } from './ini-check';
import { parseIniText } from './ini-text';
import { displayPath, expandHome } from './paths';
import { settingsProblem } from './problems';
import {
  amiRule,
  availabilityZoneRule,
  instanceCountRule,
  instanceTypeRule,
  keyPairRule,
  regionOfZone,
  regionRule,
  securityGroupRule,
  subnetRule,
} from './rules';

export interface IniSource {
  /** The file's path (`~` allowed); with `content`, it only names the file and locates relative paths. */
  path: string;
  content?: string;
  home: string;
}

/** A user settings file: `[EC2]` with the access key pair, zone and SSH key pair. */
export interface AwsUserSettings {
  /** Both null when the file holds no access key. */
  accessKeyId: string | null;
  secretAccessKey: string | null;
  /** Null when the file names a region there instead (launch.py's template does): no zone is pinned. */
  availabilityZone: string | null;
  region: string;
  keyPair: string;
  /** Absolute path of the private key. */
  sshKeyFile: string;
}

export interface IniResult<T> {
  /** The values, when there is no error. */
  values: T | null;
  problems: SettingsProblem[];
  file: string;
}

const SECTION = 'EC2';

export const AWS_SETTINGS_SPEC: IniFileSpec = {
  section: SECTION,
  keys: {
    AccessKeyId: {
      required: false,
      example: 'AKIAIOSFODNN7EXAMPLE',
      rule: (v) => problemOf(accessKeyIdProblem(v), 'copy the access key id from IAM → Security credentials'),
    },
    SecretAccessKey: {
      required: false,
      example: '<the 40-character secret access key>',
      rule: (v) => problemOf(secretAccessKeyProblem(v), 'paste the secret exactly as IAM showed it'),
    },
    AvailabilityZone: { required: true, example: 'us-east-1a', rule: availabilityZoneRule },
    SSHKeyPair: { required: true, example: 'my-key-pair', rule: keyPairRule },
    SSHKeyPairFile: { required: true, example: '~/.ssh/my-key-pair.pem' },
  },
};

export const INSTANCE_CONFIG_SPEC: IniFileSpec = {
  section: SECTION,
  keys: {
    ImageID: { required: true, example: 'ami-0123456789abcdef0', rule: amiRule },
    InstanceType: { required: true, example: 't3.micro', rule: instanceTypeRule },
    InstanceCount: { required: false, example: '1', rule: instanceCountRule },
    SecurityGroup: { required: false, example: 'sg-0123456789abcdef0', rule: securityGroupRule },
    SubnetId: { required: false, example: 'subnet-0123456789abcdef0', rule: subnetRule },
    Region: { required: false, example: 'us-east-1', rule: regionRule },
  },
};

function problemOf(message: string | null, fix: string) {
  return message ? { message, fix } : null;
}

async function load(source: IniSource): Promise<{ file: string; full: string; text: string | null; problems: SettingsProblem[] }> {
  const full = expandHome(source.path, source.home);
  const file = displayPath(full, source.home);
  if (source.content !== undefined) return { file, full, text: source.content, problems: [] };
  const read = await readText(full, file);
  if ('check' in read) return { file, full, text: null, problems: [settingsProblem(file, {}, read.check)] };
  return { file, full, text: read.text, problems: [] };
}

/** Reads and checks a user settings INI file; secrets in it are never repeated in a problem. */
export async function checkAwsSettingsIni(source: IniSource): Promise<IniResult<AwsUserSettings>> {
  const { file, full, text, problems } = await load(source);
  if (text === null) return { values: null, problems, file };
  const { values, problems: found } = checkIni(parseIniText(text), AWS_SETTINGS_SPEC, file);
  problems.push(...found);
  const where = (key: string) => ({ section: SECTION, key });
  const keyId = values.AccessKeyId;
  const secret = values.SecretAccessKey;
  if (keyId !== undefined && secret === undefined) {
    const fix = 'add SecretAccessKey = <the 40-character secret>, or remove AccessKeyId';
    problems.push(settingsProblem(file, where('SecretAccessKey'), { message: 'missing key (AccessKeyId is set)', fix }));
  }
  if (secret !== undefined && keyId === undefined) {
    const fix = 'add AccessKeyId = AKIA..., or remove SecretAccessKey';
    problems.push(settingsProblem(file, where('AccessKeyId'), { message: 'missing key (SecretAccessKey is set)', fix }));
  }
  if (secret !== undefined && existsSync(full)) {
    const check = await secretFileModeCheck(full, file, 'a secret access key');
    if (check) problems.push(settingsProblem(file, {}, check));
  }
  let sshKeyFile: string | null = null;
  if (values.SSHKeyPairFile && !problems.some((p) => p.key === 'SSHKeyPairFile')) {
    const raw = values.SSHKeyPairFile;
    sshKeyFile = raw.startsWith('~') ? expandHome(raw, source.home) : path.resolve(path.dirname(full), raw);
    const check = await sshKeyFileCheck(sshKeyFile, displayPath(sshKeyFile, source.home));
    if (check) problems.push(settingsProblem(file, where('SSHKeyPairFile'), check));
  }
  if (problems.some((p) => p.severity === 'error')) return { values: null, problems, file };
  const zone = values.AvailabilityZone!;
  return {
    file,
    problems,
    values: {
      accessKeyId: keyId ?? null,
      secretAccessKey: secret ?? null,
      availabilityZone: regionOfZone(zone) === zone ? null : zone,
      region: regionOfZone(zone),
      keyPair: values.SSHKeyPair!,
      sshKeyFile: sshKeyFile!,
    },
  };
}

/** Reads and checks a product's instance.config. */
export async function checkInstanceConfigIni(source: IniSource): Promise<IniResult<InstanceConfig>> {
  const { file, text, problems } = await load(source);
  if (text === null) return { values: null, problems, file };
  const { values, problems: found } = checkIni(parseIniText(text), INSTANCE_CONFIG_SPEC, file);
  problems.push(...found);
  if (problems.some((p) => p.severity === 'error')) return { values: null, problems, file };
  return {
    file,
    problems,
    values: {
      imageId: values.ImageID!,
      instanceType: values.InstanceType!,
      instanceCount: values.InstanceCount ? Number(values.InstanceCount) : 1,
      securityGroup: values.SecurityGroup ?? null,
      subnetId: values.SubnetId ?? null,
      region: values.Region ?? null,
    },
  };
}
