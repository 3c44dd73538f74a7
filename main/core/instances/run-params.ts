import type { BlockDeviceMapping, EbsBlockDevice, RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { AccessMode, MarketMode } from '../../contract/instances/dto';
import type { ImageInfo } from './image';
import { SPOT_MARKET_OPTIONS } from './spot';
import { TAG, toEc2Tags } from './tags';

export interface LaunchTagInput {
  project: string;
  branch: string;
  gitUser: string;
  owner: string;
  /** ISO 8601 (formatExpiry). */
  expiresAt: string;
  launchId: string;
  readyUrl: string | null;
  securityGroupId: string | null;
  /** The revision deployed (`<package>.<rev>`); null without one. */
  revision: string | null;
  /** The project's own tags (projectTags). */
  extra: Record<string, string>;
  /** How the instances are reached (the project's `access`); tagged flotilla:access. */
  access?: AccessMode;
}

/** Name, flotilla:* and the project's tags. The project's never override Flotilla's. */
export function launchTags(input: LaunchTagInput): Record<string, string> {
  const tags: Record<string, string> = {
    ...input.extra,
    Name: `${input.project}/${input.branch}`.slice(0, 256),
    [TAG.project]: input.project,
    [TAG.branch]: input.branch,
    [TAG.gitUser]: input.gitUser,
    [TAG.owner]: input.owner,
    [TAG.expiresAt]: input.expiresAt,
    [TAG.launchId]: input.launchId,
  };
  if (input.readyUrl && input.readyUrl.length <= 256) tags[TAG.readyUrl] = input.readyUrl;
  if (input.securityGroupId) tags[TAG.securityGroup] = input.securityGroupId;
  if (input.revision) tags[TAG.revision] = input.revision;
  if (input.access) tags[TAG.access] = input.access;
  return tags;
}

/** `arn:aws:iam::<account>:instance-profile/<path/>name`; a profile is otherwise given by name. */
export const INSTANCE_PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/[\w+=,.@/-]{1,512}$/;

/**
 * RunInstances' IamInstanceProfile for the project's `iam-instance-profile`: `{ Arn }` for an ARN,
 * else `{ Name }` (IamInstanceProfileSpecification takes either).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IamInstanceProfileSpecification.html
 */
export function instanceProfileSpec(profile: string | null): { Arn: string } | { Name: string } | null {
  if (!profile) return null;
  return INSTANCE_PROFILE_ARN.test(profile) ? { Arn: profile } : { Name: profile };
}

export interface RunPlan {
  image: ImageInfo;
  instanceType: string;
  keyPair: string | null;
  securityGroupId: string | null;
  /** The full user-data (guard + script), not yet base64-encoded. */
  userData: string;
  tags: Record<string, string>;
  /** GiB for the root volume (root-volume-size); null keeps the image's size. */
  rootVolumeSize: number | null;
  /** The project's iam-instance-profile (a name or an instance-profile ARN); null for none. */
  iamInstanceProfile: string | null;
  /** What the launch buys; spot and spot-or-on-demand ask for Spot first (runInstancesInput's `onDemand` for the fallback). */
  market: MarketMode;
}

/**
 * EC2's ClientToken for the launch's `attempt`th RunInstances call: `<launchId>-<attempt>`. A retry
 * with the same token and parameters answers the first call's instances instead of starting more,
 * so each call for a shortfall needs a token of its own; the launch id (at most 40 characters)
 * keeps it within EC2's "Maximum 64 ASCII characters".
 * https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
 */
export function clientToken(launchId: string, attempt: number): string {
  return `${launchId}-${attempt}`.slice(0, 64);
}

/** Volume types that take Iops (required for io1/io2) and Throughput (gp3 only), per API_EbsBlockDevice. */
const IOPS_TYPES = new Set(['io1', 'io2', 'gp3']);

/**
 * The root device's mapping, so the root volume goes with the instance: the image's own snapshot,
 * size, type and IOPS with DeleteOnTermination true, the size replaced by `sizeGiB` when given.
 * A mapping with only DeleteOnTermination is refused by endpoints that check it (LocalStack's
 * EC2, after moto: "MissingParameter: The request must contain the parameter size or snapshotId");
 * AWS's API_EbsBlockDevice: "You must specify either a snapshot ID or a volume size. If you
 * specify a snapshot, the default is the snapshot size. You can specify a volume size that is
 * equal to or larger than the snapshot size" (the pre-flight refuses a smaller one). Encrypted and
 * KmsKeyId are left out, so the volume keeps the snapshot's encryption ("In no case can you remove
 * encryption from an encrypted volume"). None for an instance-store root (it has no EBS volume) or
 * when the image lists neither a snapshot nor a size and none is given (the image's own setting applies).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EbsBlockDevice.html
 */
export function rootDeviceMapping(image: ImageInfo, sizeGiB: number | null): BlockDeviceMapping | null {
  if (!image.rootDeviceName || image.rootDeviceType === 'instance-store') return null;
  const root = image.rootVolume;
  const size = sizeGiB ?? root?.sizeGiB ?? null;
  if (!root?.snapshotId && size === null) return null;
  const ebs: EbsBlockDevice = {};
  if (root?.snapshotId) ebs.SnapshotId = root.snapshotId;
  if (size !== null) ebs.VolumeSize = size;
  if (root?.volumeType) {
    ebs.VolumeType = root.volumeType as EbsBlockDevice['VolumeType'];
    if (root.iops !== null && IOPS_TYPES.has(root.volumeType)) ebs.Iops = root.iops;
    if (root.throughput !== null && root.volumeType === 'gp3') ebs.Throughput = root.throughput;
  }
  ebs.DeleteOnTermination = true;
  return { DeviceName: image.rootDeviceName, Ebs: ebs };
}

/**
 * The RunInstances request: IMDSv2 only with instance tags readable (for the expiry guard),
 * shutdown terminates, the root volume goes with the instance, tags on instance and volume, and
 * the project's instance profile (IamInstanceProfile Arn for an ARN, else Name), and Spot market
 * options (SPOT_MARKET_OPTIONS) for a Spot market unless `onDemand` (spot-or-on-demand's fallback).
 */
export function runInstancesInput(
  plan: RunPlan,
  request: { minCount: number; maxCount: number; clientToken?: string; dryRun?: boolean; onDemand?: boolean },
): RunInstancesCommandInput {
  const tags = toEc2Tags(plan.tags);
  const input: RunInstancesCommandInput = {
    ImageId: plan.image.imageId,
    InstanceType: plan.instanceType as RunInstancesCommandInput['InstanceType'],
    MinCount: request.minCount,
    MaxCount: request.maxCount,
    UserData: Buffer.from(plan.userData, 'utf8').toString('base64'),
    InstanceInitiatedShutdownBehavior: 'terminate',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', InstanceMetadataTags: 'enabled', HttpPutResponseHopLimit: 2 },
    TagSpecifications: [
      { ResourceType: 'instance', Tags: tags },
      { ResourceType: 'volume', Tags: tags },
    ],
  };
  const root = rootDeviceMapping(plan.image, plan.rootVolumeSize);
  if (root) input.BlockDeviceMappings = [root];
  const profile = instanceProfileSpec(plan.iamInstanceProfile);
  if (profile) input.IamInstanceProfile = profile;
  if (plan.keyPair) input.KeyName = plan.keyPair;
  if (plan.securityGroupId) input.SecurityGroupIds = [plan.securityGroupId];
  if (plan.market !== 'on-demand' && !request.onDemand) input.InstanceMarketOptions = SPOT_MARKET_OPTIONS;
  if (request.clientToken) input.ClientToken = request.clientToken;
  if (request.dryRun) input.DryRun = true;
  return input;
}
