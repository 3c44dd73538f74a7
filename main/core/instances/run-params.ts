import type { RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { ImageInfo } from './image';
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
  /** The project's own tags (projectTags). */
  extra: Record<string, string>;
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
  return tags;
}

export interface RunPlan {
  image: ImageInfo;
  instanceType: string;
  keyPair: string | null;
  securityGroupId: string | null;
  /** The full user-data (guard + script), not yet base64-encoded. */
  userData: string;
  tags: Record<string, string>;
}

/** EC2's ClientToken: the same token never launches twice (at most 64 ASCII characters). */
export function clientToken(launchId: string, attempt: number): string {
  return `${launchId}-${attempt}`.slice(0, 64);
}

/**
 * The RunInstances request: IMDSv2 only with instance tags readable (for the expiry guard),
 * shutdown terminates, the root volume goes with the instance, tags on instance and volume.
 */
export function runInstancesInput(plan: RunPlan, request: { minCount: number; maxCount: number; clientToken?: string; dryRun?: boolean }): RunInstancesCommandInput {
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
  if (plan.image.rootDeviceName && plan.image.rootDeviceType !== 'instance-store') {
    input.BlockDeviceMappings = [{ DeviceName: plan.image.rootDeviceName, Ebs: { DeleteOnTermination: true } }];
  }
  if (plan.keyPair) input.KeyName = plan.keyPair;
  if (plan.securityGroupId) input.SecurityGroupIds = [plan.securityGroupId];
  if (request.clientToken) input.ClientToken = request.clientToken;
  if (request.dryRun) input.DryRun = true;
  return input;
}
