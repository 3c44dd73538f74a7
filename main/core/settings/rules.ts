import { CREDENTIAL_NAME_RULE, isCredentialName } from '../../contract/credentials/credential-name';
import { CUSTOM_TERMINAL, isKnownTerminalAnywhere } from '../../contract/terminals';
import { customProgramFormProblem } from '../terminal/custom-program';
import { nearest } from '../projects/edit-distance';
import { COMMON_FAMILIES, INSTANCE_FAMILIES, INSTANCE_SIZE, isKnownFamily } from './instance-types';
import type { Check } from './problems';
import { AWS_REGIONS, isKnownRegion } from './regions';

/** Checks one value; answers what is wrong with it and the fix, or null. Never repeats secrets. */
export type Rule<T = string> = (value: T) => Check | null;

/** Values are shown quoted and cut short, with control characters made visible. */
export function shown(value: string): string {
  const clean = JSON.stringify(value).slice(1, -1);
  return `'${clean.length > 60 ? clean.slice(0, 57) + '...' : clean}'`;
}

function suggestion(value: string, candidates: readonly string[], fallback: string): string {
  const guess = nearest(value.toLowerCase(), candidates);
  return guess ? `did you mean ${guess}?` : fallback;
}

export const regionRule: Rule = (value) => {
  if (isKnownRegion(value)) return null;
  const zone = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]$/.exec(value);
  if (zone && isKnownRegion(zone[1]!)) {
    return { message: `${shown(value)} is an availability zone, not a region`, fix: `use the region ${zone[1]}` };
  }
  return {
    message: `${shown(value)} is not a known AWS region`,
    fix: suggestion(value, AWS_REGIONS, `use a region code such as us-east-1 or eu-west-1`),
  };
};

/**
 * `us-east-1a` → its region. A region given instead (as launch.py's published `.aws.settings`
 * template does, `AvailabilityZone = us-west-2`) is only a warning: it is used as the region, no
 * zone pinned.
 */
export const availabilityZoneRule: Rule = (value) => {
  if (isKnownRegion(value)) {
    return {
      message: `${shown(value)} is a region, not an availability zone`,
      fix: `Flotilla uses it as the region and pins no zone (to pin one, write a zone such as ${value}a)`,
      severity: 'warning',
    };
  }
  const zone = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)([a-z])$/.exec(value);
  if (!zone) return { message: `${shown(value)} is not an availability zone`, fix: 'write a region code followed by a zone letter, e.g. us-east-1a' };
  return regionRule(zone[1]!);
};

/** The region of `us-east-1a`; a region (given where a zone goes) is its own. */
export function regionOfZone(zone: string): string {
  return isKnownRegion(zone) ? zone : zone.replace(/[a-z]$/, '');
}

const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export const amiRule: Rule = (value) => {
  if (AMI_ID.test(value)) return null;
  if (AMI_ID.test(value.toLowerCase())) return { message: `${shown(value)} has capital letters`, fix: 'write the AMI id in lowercase' };
  return {
    message: `${shown(value)} is not an AMI id`,
    fix: 'use ami- followed by 8 or 17 hex digits, e.g. ami-0123456789abcdef0 (EC2 console → AMIs)',
  };
};

export const instanceTypeRule: Rule = (value) => {
  const match = /^([a-z][a-z0-9-]*)\.([a-z0-9-]+)$/.exec(value);
  if (!match) {
    return { message: `${shown(value)} is not an EC2 instance type`, fix: 'write family.size, e.g. t3.micro or m7g.2xlarge' };
  }
  const [, family, size] = match as unknown as [string, string, string];
  if (!isKnownFamily(family)) {
    const guess = nearest(family, [...COMMON_FAMILIES, ...INSTANCE_FAMILIES]);
    return {
      message: `${shown(value)} has an unknown instance family '${family}'`,
      fix: guess ? `did you mean ${guess}.${size}?` : `use a known family such as t3, t4g, m7i, m7g, c7i or r7i`,
    };
  }
  if (!INSTANCE_SIZE.test(size)) {
    return { message: `${shown(value)} has an unknown size '${size}'`, fix: 'use nano, micro, small, medium, large, xlarge, 2xlarge, ... or metal' };
  }
  return null;
};

export const instanceCountRule: Rule = (value) => {
  if (/^\d+$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 20) return null;
  return { message: `${shown(value)} is not an instance count from 1 to 20`, fix: 'write a whole number from 1 to 20' };
};

/** A security group id: sg- followed by 8 or 17 hex digits. */
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export const securityGroupRule: Rule = (value) => {
  if (SECURITY_GROUP_ID.test(value)) return null;
  if (value.startsWith('sg-')) return { message: `${shown(value)} is not a security group id`, fix: 'use sg- followed by 8 or 17 hex digits' };
  if (/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/.test(value)) return null; // a group name
  return { message: `${shown(value)} is neither a security group id nor a name`, fix: 'use sg-0123456789abcdef0 or the group name' };
};

export const subnetRule: Rule = (value) =>
  /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/.test(value)
    ? null
    : { message: `${shown(value)} is not a subnet id`, fix: 'use subnet- followed by 8 or 17 hex digits' };

export const keyPairRule: Rule = (value) =>
  /^[\x20-\x7e]{1,255}$/.test(value) && value.trim() === value && value !== ''
    ? null
    : { message: `${shown(value)} is not an EC2 key pair name`, fix: 'use the name shown in EC2 console → Key pairs (1 to 255 ASCII characters)' };

export const credentialNameRule: Rule = (value) =>
  isCredentialName(value) ? null : { message: `${shown(value)} is not a credential name`, fix: `use ${CREDENTIAL_NAME_RULE}` };

export const sshUserRule: Rule = (value) =>
  /^[a-z_][a-z0-9_-]{0,31}$/.test(value)
    ? null
    : { message: `${shown(value)} is not a Unix user name`, fix: 'use lowercase letters, digits, _ or -, e.g. ec2-user or ubuntu' };

export function urlRule(what: string): Rule {
  return (value) => {
    let url: URL | null = null;
    try {
      url = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) ? new URL(value) : null;
    } catch {
      url = null;
    }
    if (!url) return { message: `${shown(value)} is not a URL`, fix: `write the ${what} as https://host/path` };
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return { message: `${shown(value)} uses ${url.protocol.replace(/:$/, '')}`, fix: `use an http or https URL for the ${what}` };
    }
    return null;
  };
}

export const cidrRule: Rule = (value) => {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    if (octets.every((o) => o <= 255) && Number(v4[5]) <= 32) return null;
  } else if (/^[0-9a-fA-F:]+\/\d{1,3}$/.test(value) && value.includes(':') && Number(value.split('/')[1]) <= 128) {
    return null;
  }
  return { message: `${shown(value)} is not a CIDR block`, fix: 'write an address and prefix length, e.g. 203.0.113.7/32' };
};

export const bucketRule: Rule = (value) =>
  /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) && !value.includes('..') && !/^\d+\.\d+\.\d+\.\d+$/.test(value)
    ? null
    : { message: `${shown(value)} is not an S3 bucket name`, fix: 'use 3 to 63 lowercase letters, digits, dots and hyphens' };

/**
 * Settings → Revisions → SSM output prefix: where in the revisions bucket SSM writes Sync now's whole
 * output (SendCommand's OutputS3KeyPrefix). Letters, digits and `-_./!*'()`, at most 200, no leading
 * `/`, no `..` and no `//`.
 */
export const ssmOutputPrefixRule: Rule = (value) =>
  /^[A-Za-z0-9][A-Za-z0-9!_.*'()/-]{0,199}$/.test(value) && !value.includes('..') && !value.includes('//')
    ? null
    : { message: `${shown(value)} is not a usable S3 key prefix`, fix: "use up to 200 letters, digits and -_./!*'(), starting with a letter or digit, without '..' or '//' (e.g. flotilla-ssm-output/), or null for off" };

/** A whole number from `min` to `max`, with the unit in the message. */
export function integerRule(min: number, max: number, unit: string): Rule<number> {
  return (value) =>
    Number.isInteger(value) && value >= min && value <= max
      ? null
      : { message: `${value} is not a whole number from ${min} to ${max} ${unit}`, fix: `set a value from ${min} to ${max}` };
}

/**
 * Settings → Terminal: the id of a terminal Flotilla knows (main/contract/terminals.ts; any OS's,
 * as a file may travel between machines; settings.update also checks it is this OS's), or `custom`
 * for the program in customTerminal. Never a path or a command line: a program of one's own is
 * chosen in the desktop app (Settings → Terminal → Choose program…).
 */
export const terminalRule: Rule = (value) => {
  if (value === CUSTOM_TERMINAL || isKnownTerminalAnywhere(value)) return null;
  return {
    message: `${shown(value)} is not a terminal Flotilla knows`,
    fix: 'pick one from Settings → Terminal (Linux: gnome-terminal, konsole, xterm, ...; macOS: Terminal or iTerm; Windows: wt or powershell), leave it empty for the usual one, or choose another program with Choose program… in the desktop app',
  };
};

/** Settings → customTerminal: an absolute path (checked on disk when chosen and when started). */
export const customTerminalRule: Rule = (value) => {
  const posix = customProgramFormProblem(value, 'linux');
  const windows = customProgramFormProblem(value, 'win32');
  if (posix === null || windows === null) return null;
  return { message: `${shown(value)} ${posix}`, fix: 'choose the program with Settings → Terminal → Choose program… in the desktop app' };
};
