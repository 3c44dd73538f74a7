import type { LaunchPlan, PreflightCheckId, PreflightItem, PreflightResult } from '../../contract/instances/launch-dto';
import { FlotillaError } from '../../contract/errors';
import { priceSourceText } from '../../contract/instances/price-source';
import type { AwsClientFactory } from '../aws/client-factory';
import type { InstancesEventMap } from '../../contract/instances/events';
import type { Emit } from '../event-bus';
import type { Clock, Logger } from '../ports';
import { checkBranch } from './branch-check';
import type { PriceBook, PriceQuote } from '../prices/price-book';
import { checkBudget, projectedLaunchCost } from './cost';
import type { CommandRunner, ProjectsLookup, PublicIpLookup } from './deps';
import type { ImageInfo } from './image';
import type { NormalizedLaunch } from './launch-input';
import { checkImage, checkInstanceType, checkKeyPair, checkTemplate, dryRun, ingressCidr, type CheckOutcome } from './preflight-checks';
import { checkRevision, type ResolvedRevision } from './preflight-revision';
import { spotOfferingWarning, withSpotWarning } from './preflight-spot';
import { checkInstanceProfile, checkParameters } from './preflight-runtime';
import { checkSsmRole } from './preflight-ssm-role';
import { measureUserData } from '../projects/user-data';
import { launchTags, rootDeviceMapping, type RunPlan } from './run-params';
import { checkSecurityGroup, SSH_PORT } from './security-group';
import { formatExpiry } from './tags';

export interface PreflightDeps {
  clients: AwsClientFactory;
  projects: ProjectsLookup;
  runner: CommandRunner;
  publicIp: PublicIpLookup;
  clock: Clock;
  logger: Logger;
  emit: Emit<InstancesEventMap>;
  gitTimeoutMs: number;
  ingressCidr: string | null;
  budgetCap: number | null;
  /** The price book: the plan's price and the budget cap use the same figure. */
  prices: Pick<PriceBook, 'current'>;
  /** Settings → Revisions bucket; null when none is set. */
  revisionsBucket: string | null;
  /** Settings' default region: where S3 is first asked for the bucket's own region. */
  homeRegion: string;
}

/** What a passing preflight hands the launch. */
export interface PreflightContext {
  launch: NormalizedLaunch;
  image: ImageInfo | null;
  owner: string | null;
  userData: string | null;
  projectTags: Record<string, string>;
  /** For a group to create; null when the launch names one. */
  cidr: string | null;
  ports: number[];
  /** The revision deployed, resolved by the 'revision' check; null without a package or when it failed. */
  revision: ResolvedRevision | null;
}

const LABELS: Record<PreflightCheckId, string> = {
  template: 'Template renders',
  credentials: 'AWS credentials',
  branch: 'Branch exists on GitHub',
  image: 'Image exists in the region',
  'instance-type': 'Instance type offered in the region',
  'key-pair': 'Key pair',
  'security-group': 'Security group',
  revision: 'Revision can be fetched',
  'instance-profile': 'Instance profile',
  'ssm-role': 'Instance role usable by SSM',
  parameters: 'Runtime configuration',
  budget: 'Budget',
  'dry-run': 'AWS accepts the launch (dry run)',
};

export const PREFLIGHT_ORDER = Object.keys(LABELS) as PreflightCheckId[];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs every check without creating anything, emitting 'instances.preflight' as each starts and
 * finishes. Local checks and STS run together; the EC2 checks once credentials work; the dry run
 * last, only when nothing before it failed.
 */
export async function runPreflight(launch: NormalizedLaunch, deps: PreflightDeps): Promise<{ result: PreflightResult; context: PreflightContext }> {
  const items = new Map<PreflightCheckId, PreflightItem>(PREFLIGHT_ORDER.map((id) => [id, { id, label: LABELS[id], status: 'pending', message: '' }]));
  const set = (id: PreflightCheckId, status: PreflightItem['status'], message: string) => {
    const item = { id, label: LABELS[id], status, message };
    items.set(id, item);
    deps.emit('instances.preflight', { launchId: launch.launchId, item, items: [...items.values()] });
  };
  const run = async <T extends CheckOutcome>(id: PreflightCheckId, check: () => Promise<T>): Promise<T | null> => {
    set(id, 'running', '');
    try {
      const outcome = await check();
      set(id, outcome.status, outcome.message);
      return outcome;
    } catch (error) {
      if (!(error instanceof FlotillaError)) deps.logger.warn(`instances: preflight ${id} failed unexpectedly`, { error: messageOf(error) });
      set(id, 'fail', messageOf(error));
      return null;
    }
  };
  const ec2 = () => deps.clients.ec2(launch.region);
  const ctx = { clock: deps.clock };
  const ctxOut: PreflightContext = { launch, image: null, owner: null, userData: null, projectTags: {}, cidr: null, ports: [], revision: null };
  ctxOut.ports = launchPorts(launch);
  let quote: PriceQuote | null = null;

  const credentials = run('credentials', async () => {
    ctxOut.owner = (await deps.clients.identity(launch.region)).arn;
    return { status: 'pass' as const, message: `Launching as ${ctxOut.owner}.` };
  });
  const aws = <T extends CheckOutcome>(id: PreflightCheckId, check: () => Promise<T>) =>
    credentials.then((ok) => {
      if (ok?.status === 'pass') return run(id, check);
      set(id, 'skip', 'Skipped: needs working AWS credentials.');
      return null;
    });
  const runtime = launch.envSources.some((s) => s.reference);
  // The template renders with the resolved revision (its name, bucket and presigned URL).
  const revision = (launch.project.package ? aws : run)('revision', async () => {
    const outcome = await checkRevision(launch, { s3: (r) => deps.clients.s3(r), bucket: deps.revisionsBucket, homeRegion: deps.homeRegion, clock: deps.clock, logger: deps.logger });
    ctxOut.revision = outcome.revision;
    return outcome;
  });
  const local = Promise.all([
    run('template', async () => {
      await revision;
      const outcome = await checkTemplate(launch, deps.projects, ctxOut.revision);
      ctxOut.userData = outcome.userData;
      ctxOut.projectTags = outcome.tags;
      return outcome;
    }),
    run('branch', () => checkBranch(deps.runner, { gitUser: launch.gitUser, repoName: launch.repoName, upstream: launch.upstream, branch: launch.branch, timeoutMs: deps.gitTimeoutMs })),
    run('budget', async () => {
      // A Spot launch that may fall back to on-demand is budgeted at the on-demand price.
      quote = await deps.prices.current({ instanceType: launch.instanceType, region: launch.region, market: launch.market === 'spot' ? 'spot' : 'on-demand' });
      const what = `${launch.count} × ${launch.instanceType} for ${launch.ttl} in ${launch.region}${quote ? `; price: ${priceSourceText(quote.source)}` : ''}`;
      return checkBudget(projectedLaunchCost(quote?.usdPerHour ?? null, launch.count, launch.ttlMs), deps.budgetCap, what);
    }),
  ]);
  const remote = Promise.all([
    aws('image', async () => {
      const outcome = await checkImage(ec2(), launch, ctx);
      ctxOut.image = outcome.image; // also when root-volume-size does not fit: the plan still names the image
      return outcome;
    }),
    aws('instance-type', async () => {
      const [outcome, spot] = await Promise.all([checkInstanceType(ec2(), launch, ctx), spotOfferingWarning(ec2(), launch, ctx)]);
      return withSpotWarning(outcome, spot);
    }),
    aws('key-pair', () => checkKeyPair(ec2(), launch, ctx)),
    (launch.project.iamInstanceProfile ? aws : run)('instance-profile', () => checkInstanceProfile(deps.clients.iam(launch.region), launch)),
    (launch.project.iamInstanceProfile && launch.project.access !== 'ssh' ? aws : run)('ssm-role', () => checkSsmRole(deps.clients.iam(launch.region), launch)),
    (runtime ? aws : run)('parameters', () => checkParameters(deps.clients, launch)),
    launch.securityGroupId
      ? aws('security-group', () => checkSecurityGroup(ec2(), launch.securityGroupId!, launch.readyPort, launch.region, ctx, launch.project.access))
      : run('security-group', async () => {
          const { cidr, warning } = await ingressCidr(deps.ingressCidr, deps.publicIp);
          ctxOut.cidr = cidr;
          const opens = ctxOut.ports.length > 0 ? `opening TCP ${ctxOut.ports.join(' and ')} to ${cidr}` : 'with no inbound rule (no ready-url port, and SSM needs none)';
          const message = `Flotilla will create a security group for this launch ${opens}, removed with its last instance.`;
          return { status: warning ? ('warn' as const) : ('pass' as const), message: warning ? `${message} ${warning}` : message };
        }),
  ]);
  await Promise.all([local, remote]);

  const failed = PREFLIGHT_ORDER.filter((id) => id !== 'dry-run' && items.get(id)!.status === 'fail');
  const plan = planOf(launch, ctxOut, quote);
  if (failed.length > 0 || !ctxOut.image || !ctxOut.userData || !ctxOut.owner) {
    set('dry-run', 'skip', `Skipped until ${failed.length ? failed.map((id) => `'${LABELS[id]}'`).join(', ') : 'the checks above'} pass.`);
  } else {
    await run('dry-run', () => dryRun(ec2(), runPlanOf(ctxOut, launch.securityGroupId), launch.count, ctx));
  }
  const list = [...items.values()];
  return { result: { launchId: launch.launchId, ok: list.every((i) => i.status !== 'fail'), items: list, plan }, context: ctxOut };
}

/**
 * The ports a created group opens: the ready-url's, and 22 unless the project is reached only over
 * SSM (access = ssm: the SSM agent connects out, so no inbound port is needed for a shell).
 */
export function launchPorts(launch: Pick<NormalizedLaunch, 'readyPort' | 'project'>): number[] {
  const ssh = launch.project.access === 'ssm' ? [] : [SSH_PORT];
  return [...new Set([...ssh, ...(launch.readyPort !== null ? [launch.readyPort] : [])])];
}

export function runPlanOf(context: PreflightContext, securityGroupId: string | null): RunPlan {
  const { launch } = context;
  return {
    image: context.image!,
    instanceType: launch.instanceType,
    keyPair: launch.keyPair,
    securityGroupId,
    userData: context.userData!,
    rootVolumeSize: launch.rootVolumeSize,
    iamInstanceProfile: launch.project.iamInstanceProfile,
    market: launch.market,
    tags: launchTags({
      project: launch.project.id,
      branch: launch.branch,
      gitUser: launch.gitUser,
      owner: context.owner ?? '',
      expiresAt: formatExpiry(launch.expiresAt),
      launchId: launch.launchId,
      readyUrl: launch.readyUrl,
      securityGroupId: launch.securityGroupId ? null : securityGroupId,
      revision: context.revision?.name ?? null,
      extra: context.projectTags,
      access: launch.project.access,
    }),
  };
}

function planOf(launch: NormalizedLaunch, context: PreflightContext, quote: PriceQuote | null): LaunchPlan {
  const projected = projectedLaunchCost(quote?.usdPerHour ?? null, launch.count, launch.ttlMs);
  return {
    project: launch.project.id,
    region: launch.region,
    imageId: context.image?.imageId ?? null,
    imageName: context.image?.name ?? null,
    instanceType: launch.instanceType,
    count: launch.count,
    ttl: launch.ttl,
    expiresAt: formatExpiry(launch.expiresAt),
    keyPair: launch.keyPair,
    securityGroup: launch.securityGroupId
      ? { mode: 'existing', id: launch.securityGroupId }
      : context.cidr
        ? { mode: 'create', cidr: context.cidr, ports: context.ports }
        : null,
    userDataBase64Bytes: context.userData ? measureUserData(context.userData).base64Bytes : null,
    rootVolumeSize: context.image ? (rootDeviceMapping(context.image, launch.rootVolumeSize)?.Ebs?.VolumeSize ?? null) : null,
    hourlyPrice: quote?.usdPerHour ?? null,
    projectedCost: projected === null ? null : Math.round(projected * 100) / 100,
    owner: context.owner,
    revision: context.revision?.name ?? null,
    iamInstanceProfile: launch.project.iamInstanceProfile,
    options: { ...launch.options },
    env: launch.envSources,
    priceSource: quote?.source ?? null,
    market: launch.market,
    access: launch.project.access,
  };
}
