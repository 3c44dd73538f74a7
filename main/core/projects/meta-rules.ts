import { ACCESS_MODES, MARKET_MODES } from '../../contract/instances/dto';
import { MAX_ROOT_VOLUME_GIB } from '../../contract/instances/launch-dto';
import type { TemplateOption } from '../../contract/projects/dto';
import { packageNameProblem } from '../../contract/package-name';
import { nearest } from './edit-distance';
import { displayValue, gitHubNameProblem } from './git-names';
import type { ParsedMeta } from './meta';
import { error, warning, type Finding } from './problems';
import { OPTION_KEY_PREFIX, parseOptionDeclaration } from './template-options';

/** Keys a project must set, each with an example line shown when it is missing. */
export const REQUIRED_META_KEYS = {
  name: 'My web app',
  repo: 'octocat/hello-world',
  'image-id': 'ami-0123456789abcdef0',
  'instance-type': 't3.micro',
  'ready-url': 'http://localhost:8080/health',
} as const;

export type RequiredMetaKey = keyof typeof REQUIRED_META_KEYS;

/** Keys kept in `meta` for later features (launch, expiry, tagging, ...). */
export const OPTIONAL_META_KEYS = [
  'region',
  'ssh-user',
  'ttl',
  'tags',
  'description',
  'env',
  'site',
  'queue',
  'role',
  'root-volume-size',
  'package',
  'iam-instance-profile',
  'access',
  'market',
] as const;

/** Every key a `fleeting-meta:` line may set, besides `option.<name>`; anything else is warned about. */
export const KNOWN_META_KEYS: readonly string[] = [...Object.keys(REQUIRED_META_KEYS), ...OPTIONAL_META_KEYS];

const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** An image named by role, resolved to an AMI by a later feature. */
const IMAGE_ROLE = /^role:[A-Za-z0-9._-]+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/** Checks one value; answers what is wrong with it, or null. */
type Rule = (value: string) => string | null;

const rules: Record<RequiredMetaKey, Rule> = {
  name: (value) => (value === '' ? 'name is empty; give the project a name people recognise' : null),
  repo: repoProblem,
  'image-id': imageIdProblem,
  'instance-type': (value) =>
    INSTANCE_TYPE.test(value)
      ? null
      : `instance-type '${displayValue(value)}' is not an EC2 instance type (family.size, like t3.micro or m7g.2xlarge)`,
  'ready-url': readyUrlProblem,
};

/** What is wrong with a root-volume-size (a whole number of GiB from 1 to MAX_ROOT_VOLUME_GIB), or null. */
export function rootVolumeSizeProblem(value: number | string): string | null {
  const text = String(value).trim();
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= MAX_ROOT_VOLUME_GIB) return null;
  return `root-volume-size '${displayValue(text)}' is not a whole number of GiB from 1 to ${MAX_ROOT_VOLUME_GIB} (like 20)`;
}

/** An instance profile's name (IAM's rule), or its ARN (an optional path before the name). */
const INSTANCE_PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;
const INSTANCE_PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/(?:[\x21-\x7e]{0,510}\/)?[\w+=,.@-]{1,128}$/;

/** What is wrong with an iam-instance-profile (an instance profile's name or ARN), or null. */
export function instanceProfileProblem(value: string): string | null {
  if (INSTANCE_PROFILE_NAME.test(value) || INSTANCE_PROFILE_ARN.test(value)) return null;
  const shown = `iam-instance-profile '${displayValue(value.length > 80 ? `${value.slice(0, 77)}...` : value)}'`;
  if (value.startsWith('arn:')) {
    return `${shown} is not an instance profile ARN (like arn:aws:iam::123456789012:instance-profile/web-app); a role's ARN is not one: give the instance profile that holds the role`;
  }
  return `${shown} is not an instance profile name (1 to 128 letters, digits and + = , . @ _ -, like web-app) nor an instance profile ARN`;
}

function packageProblem(value: string): string | null {
  const problem = packageNameProblem(value);
  return problem ? `package: ${problem} (the package is the one the revisions bucket holds, like my_site)` : null;
}

function oneOf(key: string, allowed: readonly string[], meaning: string): Rule {
  return (value) => (allowed.includes(value) ? null : `${key} '${displayValue(value)}' is not one of ${allowed.join(', ')} (${meaning})`);
}

/** Optional keys whose value, when set, must be well formed. */
const optionalRules: Partial<Record<(typeof OPTIONAL_META_KEYS)[number], Rule>> = {
  'root-volume-size': rootVolumeSizeProblem,
  package: packageProblem,
  'iam-instance-profile': instanceProfileProblem,
  access: oneOf('access', ACCESS_MODES, 'how instances are reached: ssh with a key pair, ssm through AWS Systems Manager, or both'),
  market: oneOf('market', MARKET_MODES, 'on-demand, one-time spot, or spot falling back to on-demand'),
};

function repoProblem(value: string): string | null {
  const shown = `repo '${displayValue(value)}'`;
  const parts = value.split('/');
  if (parts.length !== 2) return `${shown} is not owner/repo (like octocat/hello-world)`;
  const [owner, name] = parts as [string, string];
  const ownerProblem = gitHubNameProblem(owner, 'owner');
  if (ownerProblem) return `${shown}: ${ownerProblem}`;
  if (!REPO_NAME.test(name) || name === '.' || name === '..') {
    return `${shown}: the repository name '${displayValue(name)}' must be 1 to 100 letters, digits, '.', '_' or '-'`;
  }
  return null;
}

function imageIdProblem(value: string): string | null {
  if (AMI_ID.test(value) || IMAGE_ROLE.test(value)) return null;
  const shown = `image-id '${displayValue(value)}'`;
  if (value.startsWith('role:')) return `${shown} is not a role name (role: followed by letters, digits, '.', '_' or '-')`;
  const base = `${shown} is not an AMI id (ami- followed by 8 or 17 hex digits)`;
  if (AMI_ID.test(value.toLowerCase())) return `${base}; write it in lowercase`;
  return base;
}

function readyUrlProblem(value: string): string | null {
  const shown = `ready-url '${displayValue(value)}'`;
  const notUrl = `${shown} is not a URL (like http://localhost:8080/health)`;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) return notUrl;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return notUrl;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${shown} uses ${url.protocol.replace(/:$/, '')}; Flotilla checks readiness over http or https`;
  }
  return null;
}

/** Per-key checks of parsed metadata: missing, unknown and malformed keys. */
export function validateMeta(parsed: ParsedMeta): Finding[] {
  const findings: Finding[] = [];
  for (const entry of parsed.entries) {
    if (KNOWN_META_KEYS.includes(entry.key) || entry.key.startsWith(OPTION_KEY_PREFIX)) continue;
    const guess = nearest(entry.key, KNOWN_META_KEYS);
    const hint = guess ? `did you mean '${guess}'?` : `the known keys are ${KNOWN_META_KEYS.join(', ')}`;
    findings.push(warning(`unknown key '${entry.key}'; ${hint}`, { line: entry.line, key: entry.key }));
  }
  for (const key of Object.keys(REQUIRED_META_KEYS) as RequiredMetaKey[]) {
    const entry = parsed.byKey.get(key);
    if (!entry) {
      const example = `# fleeting-meta:${key} = ${REQUIRED_META_KEYS[key]}`;
      findings.push(error(`missing required key '${key}'; add a line such as "${example}"`, { line: 1, key }));
      continue;
    }
    const problem = rules[key](entry.value);
    if (problem) findings.push(error(problem, { line: entry.line, key }));
  }
  for (const [key, rule] of Object.entries(optionalRules)) {
    const entry = parsed.byKey.get(key);
    const problem = entry ? rule(entry.value) : null;
    if (entry && problem) findings.push(error(problem, { line: entry.line, key }));
  }
  return findings;
}

/**
 * The template's options (`option.<name>` keys), in file order; for a key set twice, the later
 * line (parseMeta warns about the duplicate). An invalid declaration is an error on its line and
 * is left out.
 */
export function readOptions(parsed: ParsedMeta): { options: TemplateOption[]; findings: Finding[] } {
  const options: TemplateOption[] = [];
  const findings: Finding[] = [];
  const winners = [...parsed.byKey.values()].filter((entry) => entry.key.startsWith(OPTION_KEY_PREFIX)).sort((a, b) => a.line - b.line);
  for (const entry of winners) {
    const declared = parseOptionDeclaration(entry.key, entry.value, entry.line);
    if (declared.ok) options.push(declared.option);
    else findings.push(error(declared.message, { line: entry.line, key: entry.key }));
  }
  return { options, findings };
}
