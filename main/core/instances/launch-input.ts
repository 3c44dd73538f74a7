import { randomBytes } from 'node:crypto';
import type { LaunchEnvSource, LaunchField, LaunchInput, LaunchProblem, LaunchResolution, LaunchValueSource, RevisionRef } from '../../contract/instances/launch-dto';
import type { ProjectDetail } from '../../contract/projects/dto';
import { MARKET_MODES, type MarketMode } from '../../contract/instances/dto';
import { errorProblem, FlotillaError } from '../../contract/errors';
import { rootVolumeSizeProblem } from '../projects/meta-rules';
import { branchProblem, gitUserProblem } from '../projects/git-names';
import { SECURITY_GROUP_ID } from '../settings/rules';
import { minutesText } from '../shared/defaults';
import { durationProblem, formatDuration, parseDuration } from './duration';
import { mergeEnv } from './env-references';
import { envProblems } from './env-vars';
import { resolveOptions, revisionRefProblem } from './launch-choices';
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
  /** Every variable the instance gets: the project's env file under the launch's own; a reference's value is its `ssm:`/`secretsmanager:` text. */
  env: Record<string, string>;
  /** Where each variable of `env` comes from, and which are references. */
  envSources: LaunchEnvSource[];
  /** Every declared template option with its canonical value (launch, else launch defaults, else the template's default). */
  options: Record<string, string>;
  /** What the launch asked for (`current` by default for a template with a package); resolved against the bucket by the pre-flight. */
  revision: RevisionRef | null;
  readyUrl: string | null;
  readyPort: number | null;
  /** `name` of the project's `owner/name` repo. */
  repoName: string;
  upstream: string;
  /** Meta keys whose value came from the project's launch defaults in Settings (an imported instance.config). */
  fromDefaults: string[];
  /** What the launch buys: the launch's, else the project's `market`. */
  market: MarketMode;
}

/** An AWS region's name: us-east-1, eu-west-1, ap-southeast-2. */
export const REGION_NAME = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
const LAUNCH_ID = /^[a-z0-9][a-z0-9-]{2,39}$/;
const IMAGE_REF = /^(?:ami-(?:[0-9a-f]{8}|[0-9a-f]{17})|role:[A-Za-z0-9._-]+)$/;

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

/** How the CLI's sentence names a field before a problem worded to follow it. */
const SUBJECT: Partial<Record<LaunchField, string>> = {
  gitUser: 'git user',
  branch: 'branch',
  count: 'count',
  ttl: 'TTL',
  region: 'region',
  image: 'image',
  instanceType: 'instance type',
  securityGroupId: 'security group',
  keyPair: 'the key pair name',
  market: 'market',
};

/** A problem as one sentence, for the CLI and the error's message. */
export function problemSentence(problem: LaunchProblem & { whole?: boolean }): string {
  const subject = problem.whole ? undefined : SUBJECT[problem.field];
  return subject ? `${subject} ${problem.message}` : problem.message;
}

interface Checked {
  resolution: LaunchResolution;
  launch: Omit<NormalizedLaunch, 'launchId' | 'expiresAt' | 'project'> & { launchId: string };
  /** Problems, `whole` when the message already names what it is about. */
  problems: (LaunchProblem & { whole?: boolean })[];
}

/**
 * Applies defaults (launch, then the project's launch defaults from Settings, then project meta,
 * then settings), says where each value came from, and checks everything that does not need AWS,
 * every problem by field.
 */
export function checkLaunch(
  input: Partial<LaunchInput> & { project: string },
  project: ProjectDetail,
  settings: InstancesSettings,
  makeId: () => string,
  /** The project's env file values (LoadedProject.envValues); the launch's env wins per key. */
  fileEnv: Readonly<Record<string, string>> = {},
): Checked {
  const problems: Checked['problems'] = [];
  const add = (field: LaunchField, message: string, whole = false) => problems.push({ field, message, ...(whole ? { whole } : {}) });
  const meta = project.meta;
  const defaults = settings.launchDefaults?.[project.id] ?? null;
  const fromDefaults: string[] = [];
  /** The launch's value, else the launch default's (noted), else the template's, else Settings'. */
  const pick = <T>(given: T | undefined, key: string, template: T | null | undefined, fallback: T): { value: T; source: LaunchValueSource } => {
    if (given !== undefined) return { value: given, source: 'launch' };
    const value = defaults?.[key as keyof typeof defaults] as T | null | undefined;
    if (value !== null && value !== undefined) {
      fromDefaults.push(KEYS[key]!);
      return { value, source: 'launch-defaults' };
    }
    if (template !== null && template !== undefined && template !== '') return { value: template, source: 'template' };
    return { value: fallback, source: 'settings' };
  };
  const count = pick(input.count, 'count', null, 1).value;
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) add('count', `must be a whole number from 1 to ${MAX_COUNT}, not ${count}`);
  const gitUser = input.gitUser ?? '';
  const branch = input.branch ?? '';
  /** A helper's sentence, its subject dropped so it reads after the field's label. */
  const addSentence = (field: LaunchField, sentence: string | null) => {
    if (!sentence) return;
    const subject = `${SUBJECT[field]} `;
    if (sentence.startsWith(subject)) add(field, sentence.slice(subject.length));
    else add(field, sentence, true);
  };
  addSentence('gitUser', gitUserProblem(gitUser));
  addSentence('branch', branchProblem(branch));

  const ttlPick = pick(input.ttl?.trim() || undefined, 'ttl', typeof meta.ttl === 'string' ? meta.ttl.trim() : null, minutesText(settings.ttlDefaultMs / 60_000));
  const ttl = ttlPick.value.trim();
  let ttlMs = 0;
  const ttlProblem = durationProblem(ttl);
  if (ttlProblem) add('ttl', ttlProblem);
  else {
    ttlMs = parseDuration(ttl)!;
    if (ttlMs > settings.ttlMaxMs) add('ttl', `${ttl} is longer than the maximum of ${formatDuration(settings.ttlMaxMs)} (Settings → Instances); pick a shorter one, or pin the instance later`);
  }

  const regionPick = pick(input.region?.trim() || undefined, 'region', meta.region?.trim(), settings.defaultRegion);
  const region = regionPick.value.trim();
  if (!REGION_NAME.test(region)) add('region', `'${region}' is not an AWS region name (like us-east-1 or eu-west-1)`);
  const typePick = pick(input.instanceType?.trim() || undefined, 'instanceType', project.instanceType, '');
  const instanceType = typePick.value.trim();
  if (!INSTANCE_TYPE.test(instanceType)) add('instanceType', `'${instanceType}' is not an EC2 instance type (family.size, like t3.micro)`);
  const rootVolume = input.rootVolumeSize ?? meta['root-volume-size'] ?? null;
  const rootVolumeProblem = rootVolume === null ? null : rootVolumeSizeProblem(rootVolume);
  if (rootVolumeProblem) add('rootVolumeSize', rootVolumeProblem, true);
  const securityGroupId = pick(input.securityGroupId?.trim() || undefined, 'securityGroupId', null, null).value;
  const imagePick = pick(input.image?.trim() || undefined, 'imageId', project.imageId, null);
  const imageRef = imagePick.value;
  if (input.image?.trim() && !IMAGE_REF.test(imageRef!)) add('image', `'${imageRef}' is not an AMI id (ami- and 8 or 17 hex digits) or role:<name>`);
  if (securityGroupId && !SECURITY_GROUP_ID.test(securityGroupId)) add('securityGroupId', `'${securityGroupId}' is not a group id (sg- followed by 8 or 17 hex digits)`);
  // Reached only over SSM, the launch needs no key pair: none unless the launch names one.
  const settingsKeyPair = project.access === 'ssm' ? '' : settings.keyPairs[region];
  const keyPair = (input.keyPair?.trim() || settingsKeyPair || '').trim() || null;
  if (keyPair && keyPair.length > 255) add('keyPair', 'is longer than 255 characters');
  const launchEnv = input.env ?? {};
  for (const p of envProblems(launchEnv)) add('env', p, true);
  const env = mergeEnv(project, fileEnv, launchEnv);
  for (const [key, problem] of env.problems) add('env', `environment variable ${key}: ${problem}`, true);
  const revision = input.revision?.trim() || (project.package ? 'current' : null);
  const revisionProblem = revisionRefProblem(input.revision?.trim() || null, project);
  if (revisionProblem) add('revision', revisionProblem, true);
  const options = resolveOptions(project, input.options ?? {}, defaults?.options ?? {});
  for (const { field, message } of options.problems) add(field, message, true);
  const market = input.market ?? project.market;
  if (!(MARKET_MODES as readonly string[]).includes(market)) add('market', `must be on-demand, spot or spot-or-on-demand, not '${String(market).slice(0, 40)}'`);
  const launchId = input.launchId ?? makeId();
  if (!LAUNCH_ID.test(launchId)) add('launchId', `launch id '${launchId}' must be 3 to 40 lowercase letters, digits and '-'`, true);
  const repo = project.repo ?? '';
  const repoName = repo.split('/')[1] ?? '';
  if (project.state === 'errors' || !imageRef || !repoName) {
    const first = project.problems.find((p) => p.severity === 'error')?.text;
    add('project', `project '${project.id}' has errors${first ? ` (${first})` : ''}; run flotilla check and fix them first`, true);
  }
  const keyPairSource: LaunchValueSource = input.keyPair?.trim() ? 'launch' : 'settings';
  return {
    resolution: {
      project: project.id,
      region: { value: region, source: regionPick.source },
      ttl: { value: ttl, source: ttlPick.source },
      image: { value: imageRef, source: imagePick.source },
      instanceType: { value: instanceType || null, source: typePick.source },
      keyPair: { value: keyPair, source: keyPairSource },
      revision: { package: project.package, ref: revision, source: input.revision?.trim() ? 'launch' : 'template' },
      options: options.resolved,
      env: env.sources,
      problems: problems.map(({ field, message }) => ({ field, message })),
      market: { value: market, source: input.market ? 'launch' : 'template' },
    },
    problems,
    launch: {
      launchId,
      gitUser,
      branch,
      count,
      ttl,
      ttlMs,
      region,
      imageRef: imageRef ?? '',
      instanceType,
      rootVolumeSize: rootVolume === null || rootVolumeProblem ? null : Number(rootVolume),
      keyPair,
      securityGroupId,
      env: env.values,
      envSources: env.sources,
      options: Object.fromEntries(options.resolved.map((o) => [o.name, o.value])),
      revision,
      readyUrl: project.readyUrl,
      readyPort: readyUrlPort(project.readyUrl),
      repoName,
      upstream: repo,
      fromDefaults,
      market,
    },
  };
}

/**
 * checkLaunch for a launch: throws FlotillaError('invalid-input', first problem, { problems,
 * fields }) listing them all (`problems` as sentences, `fields` as LaunchProblems by field).
 */
export function normalizeLaunch(
  input: LaunchInput,
  project: ProjectDetail,
  settings: InstancesSettings,
  now: Date,
  makeId: () => string,
  fileEnv: Readonly<Record<string, string>> = {},
): NormalizedLaunch {
  const { launch, problems, resolution } = checkLaunch(input, project, settings, makeId, fileEnv);
  if (problems.length > 0) {
    const sentences = problems.map(problemSentence);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new FlotillaError('invalid-input', `Cannot launch ${project.id}: ${sentences[0]}${more}.`, { problems: problems.map((p, i) => errorProblem(sentences[i]!, p.field)), fields: resolution.problems });
  }
  return { ...launch, project, expiresAt: new Date(Math.floor((now.getTime() + launch.ttlMs) / 1000) * 1000) };
}
