import { DescribeSpotPriceHistoryCommand, type DescribeSpotPriceHistoryCommandInput, type EC2Client } from '@aws-sdk/client-ec2';
import type { DescribeContext } from './describe';
import type { NormalizedLaunch } from './launch-input';
import type { CheckOutcome } from './preflight-checks';

/**
 * For a Spot market: a warning when the region has no Linux Spot price for the type right now (no Spot
 * offering there), else null. One DescribeSpotPriceHistory call with start and end time now, which
 * answers "the last price change before the start time, which is the effective price as of the start
 * time", per Availability Zone. An error (no permission, an endpoint without it) is not a warning: the
 * launch says what Spot refuses.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSpotPriceHistory.html
 */
export async function spotOfferingWarning(ec2: EC2Client, launch: Pick<NormalizedLaunch, 'instanceType' | 'region' | 'market'>, ctx: DescribeContext): Promise<string | null> {
  if (launch.market === 'on-demand') return null;
  const now = ctx.clock.now();
  let answer;
  try {
    answer = await ec2.send(
      new DescribeSpotPriceHistoryCommand({ InstanceTypes: [launch.instanceType] as DescribeSpotPriceHistoryCommandInput['InstanceTypes'], ProductDescriptions: ['Linux/UNIX'], StartTime: now, EndTime: now, MaxResults: 5 }),
    );
  } catch {
    return null;
  }
  if ((answer?.SpotPriceHistory ?? []).some((p) => p.InstanceType === launch.instanceType)) return null;
  const fallback = launch.market === 'spot-or-on-demand' ? 'the launch will fall back to on-demand' : 'the launch will likely be refused; use market spot-or-on-demand or on-demand';
  return `EC2 lists no Spot price for ${launch.instanceType} in ${launch.region} (no Spot offering there): ${fallback}.`;
}

/** The instance-type check's outcome with the Spot warning added (a pass becomes a warning). */
export function withSpotWarning(outcome: CheckOutcome, warning: string | null): CheckOutcome {
  if (!warning || outcome.status === 'fail') return outcome;
  return { status: 'warn', message: `${outcome.message} ${warning}` };
}
