import { RunInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import type { LaunchedMarket, LaunchFailure } from '../../contract/instances/launch-dto';
import { FlotillaError, type ErrorCode } from '../../contract/errors';
import { awsErrorCode, awsErrorMessage, isAccessDenied } from '../shared/aws-errors';
import { withBackoff } from '../shared/retry-policy';
import type { Clock, Logger } from '../ports';
import type { PreflightContext } from './preflight';
import { runPlanOf } from './preflight';
import { clientToken, runInstancesInput, type RunPlan } from './run-params';
import { createLaunchGroup, deleteGroupWhenFree } from './security-group';
import { SPOT_ONLY_HINT, SPOT_REFUSALS, SPOT_ROLE_HINT, SPOT_ROLE_MISSING } from './spot';
import { describeInstances, LIVE_STATES } from './describe';
import { TAG, toEc2Tags } from './tags';

export interface ExecuteDeps {
  ec2: EC2Client;
  clock: Clock;
  logger: Logger;
  random?: () => number;
}

export interface Launched {
  instances: Instance[];
  failures: LaunchFailure[];
  securityGroupId: string | null;
  securityGroupCreated: boolean;
  /** How each started instance was bought (LaunchResult.markets). */
  markets: LaunchedMarket[];
}

const HINTS: Record<string, string> = {
  InsufficientInstanceCapacity: 'AWS has no spare capacity for this type there right now; try again in a few minutes, or another instance type or region.',
  InstanceLimitExceeded: "The account's instance limit is reached; terminate instances, or ask AWS for a higher quota.",
  VcpuLimitExceeded: "The account's vCPU quota for this instance family is reached; terminate instances, or request a quota increase (Service Quotas).",
  [SPOT_ROLE_MISSING]: SPOT_ROLE_HINT,
  PartialLaunch: 'EC2 started fewer than asked and then none, without saying why (usually capacity); launch the rest again, or use another type or region.',
};

/** `spotOnly`: a refusal of market `spot` says how to get the instances anyway. */
function failureOf(error: unknown, count: number, spotOnly = false): LaunchFailure {
  const code = awsErrorCode(error);
  const hint = spotOnly && SPOT_REFUSALS.has(code) && code !== SPOT_ROLE_MISSING ? SPOT_ONLY_HINT : HINTS[code];
  return { count, code, message: `${awsErrorMessage(error)}${hint ? ` ${hint}` : ''}` };
}

interface RunCall {
  launchId: string;
  count: number;
  /** The first call's number in its ClientToken: on-demand fallback calls number after the Spot ones. */
  firstAttempt: number;
  /** Spot's fallback: on-demand whatever the plan's market. */
  onDemand: boolean;
}

/**
 * Starts up to `count` instances: RunInstances with MinCount 1 and MaxCount the shortfall, again
 * while each call starts some (at most `count` calls). AWS starts as many as it can between MinCount
 * and MaxCount in one call ("launches the largest possible number of instances above the specified
 * minimum count", RunInstances MaxCount), else fails with InsufficientInstanceCapacity; an
 * EC2-compatible endpoint may start only MinCount per call (LocalStack's EC2, after moto), so the
 * loop asks again for the rest. Each call has its own ClientToken (clientToken).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html
 */
async function runInstances(ec2: EC2Client, plan: RunPlan, call: RunCall, deps: ExecuteDeps): Promise<{ instances: Instance[]; failures: LaunchFailure[] }> {
  const { launchId, count } = call;
  const spotOnly = plan.market === 'spot';
  const instances: Instance[] = [];
  const failures: LaunchFailure[] = [];
  let missing = count;
  for (let attempt = 1; attempt <= count && missing > 0; attempt++) {
    const token = clientToken(launchId, call.firstAttempt + attempt - 1);
    const request = runInstancesInput(plan, { minCount: 1, maxCount: missing, clientToken: token, onDemand: call.onDemand });
    try {
      // The same ClientToken makes a retried request answer the first one's instances, never new ones.
      const answer = await withBackoff(() => ec2.send(new RunInstancesCommand(request)), {
        clock: deps.clock,
        ...(deps.random ? { random: deps.random } : {}),
        onRetry: (error, n, ms) => deps.logger.warn('instances: RunInstances throttled; retrying', { code: awsErrorCode(error), attempt: n, ms }),
      });
      const started = (answer.Instances ?? [])
        .filter((i) => !instances.some((j) => j.InstanceId === i.InstanceId))
        .map((i) => ({ ...i, Tags: i.Tags?.length ? i.Tags : toEc2Tags(plan.tags) }));
      instances.push(...started);
      missing = Math.max(0, count - instances.length);
      if (started.length === 0) break;
    } catch (error) {
      // The same launch id tried again later (other expiry, so other parameters): answer what it started then.
      const earlier = awsErrorCode(error) === 'IdempotentParameterMismatch' ? await launchedBefore(ec2, launchId, deps) : [];
      if (earlier.length > 0) {
        instances.push(...earlier.filter((i) => !instances.some((j) => j.InstanceId === i.InstanceId)));
        missing = Math.max(0, count - instances.length);
        break;
      }
      failures.push(failureOf(error, missing, spotOnly));
      missing = 0;
    }
  }
  if (missing > 0) failures.push(failureOf(Object.assign(new Error(`EC2 started ${count - missing} of ${count}.`), { name: 'PartialLaunch' }), missing, spotOnly));
  return { instances, failures };
}

/**
 * The launch's instances in its market. `spot-or-on-demand`: Spot first (MinCount 1, MaxCount N, so a
 * partial Spot success keeps what started); the count Spot refused for capacity, price or quota
 * (SPOT_REFUSALS) is then asked for on-demand, and each of those instances names the refusal. Other
 * failures (a bad parameter, permissions) are not retried on-demand: they would fail the same way.
 */
async function runInMarket(ec2: EC2Client, plan: RunPlan, launchId: string, count: number, deps: ExecuteDeps): Promise<{ instances: Instance[]; failures: LaunchFailure[]; markets: LaunchedMarket[] }> {
  const first = await runInstances(ec2, plan, { launchId, count, firstAttempt: 1, onDemand: false }, deps);
  const bought = plan.market === 'on-demand' ? 'on-demand' : 'spot';
  const markets: LaunchedMarket[] = first.instances.map((i) => ({ id: i.InstanceId ?? '', market: bought, fallback: null }));
  const refused = plan.market === 'spot-or-on-demand' ? first.failures.filter((f) => SPOT_REFUSALS.has(f.code)) : [];
  const shortfall = refused.reduce((n, f) => n + f.count, 0);
  if (shortfall === 0) return { ...first, markets };
  const reason = refused[0]!;
  deps.logger.info('instances: Spot refused; falling back to on-demand', { launchId, code: reason.code, count: shortfall });
  const fallback = await runInstances(ec2, plan, { launchId, count: shortfall, firstAttempt: count + 1, onDemand: true }, deps);
  const fresh = fallback.instances.filter((i) => !first.instances.some((j) => j.InstanceId === i.InstanceId));
  return {
    instances: [...first.instances, ...fresh],
    failures: [...first.failures.filter((f) => !refused.includes(f)), ...fallback.failures],
    markets: [...markets, ...fresh.map((i) => ({ id: i.InstanceId ?? '', market: 'on-demand' as const, fallback: { code: reason.code, message: reason.message } }))],
  };
}

async function launchedBefore(ec2: EC2Client, launchId: string, deps: ExecuteDeps): Promise<Instance[]> {
  const filters = [{ Name: `tag:${TAG.launchId}`, Values: [launchId] }, { Name: 'instance-state-name', Values: LIVE_STATES }];
  return describeInstances(ec2, filters, { clock: deps.clock }).catch(() => []);
}

function errorCodeFor(failures: LaunchFailure[]): ErrorCode {
  const code = failures[0]?.code ?? '';
  if (isAccessDenied({ name: code }) || code === SPOT_ROLE_MISSING) return 'forbidden';
  if (/^(InvalidParameter|InvalidAMIID|InvalidKeyPair|InvalidGroup|InvalidSubnet|MissingParameter|InvalidUserData)/.test(code)) return 'invalid-input';
  return 'unavailable';
}

/**
 * After a passing preflight: creates the launch's security group if it needs one, starts the
 * instances, and keeps those that started. If none did, removes the group again and throws with
 * every failure in `data.failures`.
 */
export async function executeLaunch(context: PreflightContext, deps: ExecuteDeps): Promise<Launched> {
  const { launch } = context;
  let securityGroupId = launch.securityGroupId;
  const created = securityGroupId === null;
  if (created) {
    securityGroupId = await createLaunchGroup(
      deps.ec2,
      { launchId: launch.launchId, project: launch.project.id, cidr: context.cidr!, ports: context.ports, now: deps.clock.now() },
      { clock: deps.clock, ...(deps.random ? { random: deps.random } : {}) },
    );
  }
  const plan = runPlanOf(context, securityGroupId);
  const { instances, failures, markets } = await runInMarket(deps.ec2, plan, launch.launchId, launch.count, deps);
  if (instances.length === 0) {
    if (created && securityGroupId) await deleteGroupWhenFree(deps.ec2, securityGroupId, { clock: deps.clock, logger: deps.logger, retryMs: 1000, tries: 1 });
    const first = failures[0]!;
    throw new FlotillaError(
      errorCodeFor(failures),
      `EC2 started none of the ${launch.count} instance${launch.count === 1 ? '' : 's'} of ${launch.project.id}: ${first.code}: ${first.message}`,
      { launchId: launch.launchId, failures },
    );
  }
  return { instances, failures, securityGroupId, securityGroupCreated: created, markets };
}
