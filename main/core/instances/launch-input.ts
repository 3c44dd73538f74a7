import { randomBytes } from 'node:crypto';
import type { LaunchInput, PackageRevision } from '../../contract/dto/instances';
import type { ProjectDetail } from '../../contract/dto/projects';
import { FlotillaError } from '../../contract/errors';
import { rootVolumeSizeProblem } from '../projects/meta-rules';
import { gitInputProblems } from '../projects/user-data';
import { SECURITY_GROUP_ID } from '../settings/rules';
import { formatDuration, requireDuration } from './duration';
import { envProblems } from './env-vars';
import { readyUrlPort } from './ready-url';
import type { InstancesSettings } from './settings';

export const MAX_COUNT = 20;

/** A launch with every default applied and every field checked. */
export interface NormalizedLaunch {
  launchId: string;
  project: ProjectDetail;
  gitUser: string;
  branch: string;
  count: number;
  ttl: string;
  ttlMs: number;
  expiresAt: Date;
  region: string;
  imageRef: string;
  instanceType: string;
  /** GiB (the launch's, else the project's root-volume-size); null keeps the image's size. */
  rootVolumeSize: number | null;
  keyPair: string | null;
  securityGroupId: string | null;
  env: Record<string, string>;
  revision: PackageRevision | null;
  readyUrl: string | null;
  readyPort: number | null;
  /** `name` of the project's `owner/name` repo. */
  repoName: string;
  upstream: string;
  /** Meta keys whose value came from the project's launch defaults in Settings (an imported instance.config). */
  fromDefaults: string[];
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const LAUNCH_ID = /^[a-z0-9][a-z0-9-]{2,39}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Launch-default fields by the template meta key they replace. */
const KEYS: Record<string, string> = { imageId: 'image-id', instanceType: 'instance-type', region: 'region', count: 'count', securityGroupId: 'security-group' };

/** ` (a launch default in Settings; the template says X)` when `key` came from the launch defaults, else ''. */
export function defaultsNote(launch: Pick<NormalizedLaunch, 'fromDefaults' | 'project'>, key: 'image-id' | 'instance-type'): string {
  if (!launch.fromDefaults.includes(key)) return '';
  const template = key === 'image-id' ? launch.project.imageId : launch.project.instanceType;
  return ` (a launch default in Settings${template ? `; the template says ${template}` : ''})`;
}

export function newLaunchId(): string {
  return `fl-${randomBytes(6).toString('hex')}`;
}

/**
 * Applies defaults (launch, then the project's launch defaults from Settings, then project meta,
 * then settings) and checks everything that does not need AWS. Throws
 * FlotillaError('invalid-input', first problem, { problems }) listing them all.
 */
export function normalizeLaunch(input: LaunchInput, project: ProjectDetail, settings: InstancesSettings, now: Date, makeId: () => string): NormalizedLaunch {
  const problems: string[] = [];
  const meta = project.meta;
  const defaults = settings.launchDefaults?.[project.id] ?? null;
  const fromDefaults: string[] = [];
  /** The launch's value, else the launch default's (noted), else the fallback. */
  const pick = <T>(given: T | undefined, key: string, fallback: T): T => {
    if (given !== undefined) return given;
    const value = defaults?.[key as keyof typeof defaults] as T | null | undefined;
    if (value === null || value === undefined) return fallback;
    fromDefaults.push(KEYS[key]!);
    return value;
  };
  const count = pick(input.count, 'count', 1);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) problems.push(`count must be a whole number from 1 to ${MAX_COUNT}, not ${count}`);
  problems.push(...gitInputProblems(input.gitUser, input.branch).map((p) => p.message));

  const ttl = (input.ttl ?? meta.ttl ?? settings.ttlDefault).trim();
  let ttlMs = 0;
  try {
    ttlMs = requireDuration(ttl, 'TTL');
    const maxMs = requireDuration(settings.ttlMax, 'the maximum TTL in Settings');
    if (ttlMs > maxMs) problems.push(`TTL ${ttl} is longer than the maximum of ${formatDuration(maxMs)} (Settings → Instances); pick a shorter one, or pin the instance later`);
  } catch (error) {
    problems.push((error as Error).message.replace(/\.$/, ''));
  }

  const region = pick(input.region, 'region', meta.region ?? settings.defaultRegion).trim();
  if (!REGION.test(region)) problems.push(`region '${region}' is not an AWS region name (like us-east-1 or eu-west-1)`);
  const instanceType = pick(input.instanceType, 'instanceType', project.instanceType ?? '').trim();
  if (!INSTANCE_TYPE.test(instanceType)) problems.push(`instance type '${instanceType}' is not an EC2 instance type (family.size, like t3.micro)`);
  const rootVolume = input.rootVolumeSize ?? meta['root-volume-size'] ?? null;
  const rootVolumeProblem = rootVolume === null ? null : rootVolumeSizeProblem(rootVolume);
  if (rootVolumeProblem) problems.push(rootVolumeProblem);
  const securityGroupId = pick(input.securityGroupId?.trim() || undefined, 'securityGroupId', null);
  const imageRef = pick(undefined, 'imageId', project.imageId);
  if (securityGroupId && !SECURITY_GROUP_ID.test(securityGroupId)) problems.push(`security group '${securityGroupId}' is not a group id (sg- followed by 8 or 17 hex digits)`);
  const keyPair = (input.keyPair ?? settings.keyPairs[region] ?? '').trim() || null;
  if (keyPair && keyPair.length > 255) problems.push('the key pair name is longer than 255 characters');
  const env = input.env ?? {};
  problems.push(...envProblems(env));
  const revision = input.revision ?? null;
  if (revision) {
    if (!revision.name.trim() || /[\0\n\r]/.test(revision.name) || revision.name.length > 1024) problems.push('the revision name must be one line of up to 1024 characters');
    if (!BUCKET.test(revision.bucket)) problems.push(`'${revision.bucket}' is not an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')`);
  }
  const launchId = input.launchId ?? makeId();
  if (!LAUNCH_ID.test(launchId)) problems.push(`launch id '${launchId}' must be 3 to 40 lowercase letters, digits and '-'`);
  const repo = project.repo ?? '';
  const repoName = repo.split('/')[1] ?? '';
  if (project.state === 'errors' || !imageRef || !repoName) {
    const first = project.problems.find((p) => p.severity === 'error')?.text;
    problems.push(`project '${project.id}' has errors${first ? ` (${first})` : ''}; run flotilla check and fix them first`);
  }

  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new FlotillaError('invalid-input', `Cannot launch ${project.id}: ${problems[0]}${more}.`, { problems });
  }
  return {
    launchId,
    project,
    gitUser: input.gitUser,
    branch: input.branch,
    count,
    ttl,
    ttlMs,
    expiresAt: new Date(Math.floor((now.getTime() + ttlMs) / 1000) * 1000),
    region,
    imageRef: imageRef!,
    instanceType,
    rootVolumeSize: rootVolume === null || rootVolumeProblem ? null : Number(rootVolume),
    keyPair,
    securityGroupId,
    env,
    revision,
    readyUrl: project.readyUrl,
    readyPort: readyUrlPort(project.readyUrl),
    repoName,
    upstream: repo,
    fromDefaults,
  };
}
