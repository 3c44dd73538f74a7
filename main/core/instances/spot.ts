import type { InstanceMarketOptionsRequest } from '@aws-sdk/client-ec2';

/**
 * RunInstances' market options for a Spot launch: one-time (no request left behind to start more) and
 * terminated on interruption, like an expired instance; no MaxPrice, so the current Spot price is paid
 * (AWS: setting one "can lead to increased interruptions").
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMarketOptionsRequest.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SpotMarketOptions.html
 */
export const SPOT_MARKET_OPTIONS: InstanceMarketOptionsRequest = {
  MarketType: 'spot',
  SpotOptions: { SpotInstanceType: 'one-time', InstanceInterruptionBehavior: 'terminate' },
};

/**
 * EC2's codes for a Spot launch it refuses for capacity, price or Spot quota, which on-demand may not
 * hit (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html):
 * InsufficientInstanceCapacity, SpotMaxPriceTooLow, MaxSpotInstanceCountExceeded (the Spot vCPU quota),
 * UnfulfillableCapacity ("not enough spare capacity to fulfill your request for Spot Instances"),
 * AuthFailure.ServiceLinkedRoleCreationNotPermitted (the account's first Spot launch needs the
 * AWSServiceRoleForEC2Spot role, which the caller may not create; on-demand needs no such role);
 * PartialLaunch is Flotilla's own for "started fewer than asked, then none" (launch.ts).
 */
/** EC2's code when the Spot service-linked role does not exist yet and the caller may not create it. */
export const SPOT_ROLE_MISSING = 'AuthFailure.ServiceLinkedRoleCreationNotPermitted';

export const SPOT_ROLE_HINT =
  "The account has no Spot service-linked role yet (AWSServiceRoleForEC2Spot): an administrator creates it once with 'aws iam create-service-linked-role --aws-service-name spot.amazonaws.com', or allows you iam:CreateServiceLinkedRole for spot.amazonaws.com.";

export const SPOT_REFUSALS: ReadonlySet<string> = new Set([
  'InsufficientInstanceCapacity',
  'SpotMaxPriceTooLow',
  'MaxSpotInstanceCountExceeded',
  'UnfulfillableCapacity',
  SPOT_ROLE_MISSING,
  'PartialLaunch',
]);

export const SPOT_ONLY_HINT = "Spot was refused; launch with market spot-or-on-demand to fall back to on-demand, or try another instance type or region.";
