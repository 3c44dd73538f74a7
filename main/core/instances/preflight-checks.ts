import { DescribeInstanceTypeOfferingsCommand, DescribeKeyPairsCommand, RunInstancesCommand, TerminateInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { awsErrorCode, awsErrorMessage, encodedAuthorizationMessage } from '../shared/aws-errors';
import { withBackoff } from '../shared/retry-policy';
import { formatBytes } from '../../contract/format-bytes';
import { measureUserData, USER_DATA_LIMIT_BYTES } from '../projects/user-data';
import { awsCallError, type DescribeContext } from './describe';
import type { ProjectsLookup, PublicIpLookup } from './deps';
import { plainEnv } from './env-references';
import { withEnvPrelude } from './env-prelude';
import { userDataSizeProblem, withExpiryGuard } from './expiry-guard';
import { resolveImage, type ImageInfo } from './image';
import { defaultsNote, type NormalizedLaunch } from './launch-input';
import type { ResolvedRevision } from './preflight-revision';
import { rootDeviceMapping, runInstancesInput, type RunPlan } from './run-params';
import { CIDR } from './security-group';
import { formatExpiry, projectTags } from './tags';

export interface CheckOutcome {
  status: 'pass' | 'warn' | 'fail' | 'skip';
  message: string;
}

/**
 * Renders the template with the launch's variables (ENV: plain values only; OPTIONS; the revision
 * and its presigned URL), adds the runtime environment prelude and the expiry guard, and checks the
 * size EC2 accepts and the project's tags.
 */
export async function checkTemplate(
  launch: NormalizedLaunch,
  projects: ProjectsLookup,
  revision: ResolvedRevision | null,
): Promise<CheckOutcome & { userData: string | null; tags: Record<string, string> }> {
  const { tags, problems } = projectTags(launch.project.meta);
  if (problems.length > 0) return { status: 'fail', message: `${launch.project.file}: ${problems.join('; ')}.`, userData: null, tags };
  const { userData: script } = await projects.render(launch.project.id, {
    GIT_USER: launch.gitUser,
    GIT_BRANCH: launch.branch,
    ENV: plainEnv(launch.env, launch.envSources),
    OPTIONS: { ...launch.options },
    REVISION: revision?.name ?? '',
    REVISION_BUCKET: revision?.bucket ?? '',
    REVISION_URL: revision?.url ?? '',
    REVISION_SHA256: revision?.sha256 ?? '',
  });
  const userData = withExpiryGuard(withEnvPrelude(script, launch.env, launch.envSources, launch.region), formatExpiry(launch.expiresAt), { spot: launch.market !== 'on-demand' });
  const tooLarge = userDataSizeProblem(userData);
  if (tooLarge) return { status: 'fail', message: tooLarge, userData: null, tags };
  const { base64Bytes } = measureUserData(userData);
  const extras = launch.envSources.length > 0 ? 'the expiry guard and the runtime environment' : 'the expiry guard';
  return {
    status: 'pass',
    message: `${launch.project.file} renders for ${launch.gitUser}/${launch.branch}: ${formatBytes(base64Bytes)} of ${formatBytes(USER_DATA_LIMIT_BYTES)} base64-encoded, with ${extras}.`,
    userData,
    tags,
  };
}

/** ` root volume 20 GiB gp3 (...)`-style words for the pass message, or why no root mapping is sent (a warning). */
function rootVolumeWords(image: ImageInfo, size: number | null): { words: string; warning: string | null } {
  if (image.rootDeviceType === 'instance-store') return { words: ', instance-store root', warning: null };
  const ebs = rootDeviceMapping(image, size)?.Ebs;
  if (!ebs) {
    const what = image.rootDeviceName ? `lists no volume for its root device ${image.rootDeviceName}` : 'names no root device';
    return {
      words: '',
      warning: `${image.imageId} ${what}: Flotilla sends none, so the image's own DeleteOnTermination applies (check it with aws ec2 describe-images), or set root-volume-size to send one.`,
    };
  }
  const imageSize = image.rootVolume?.sizeGiB ?? null;
  const volume = ebs.VolumeSize !== undefined ? `${ebs.VolumeSize} GiB` : `from ${ebs.SnapshotId}`;
  const from = size !== null ? ` (root-volume-size${imageSize !== null ? `; the image has ${imageSize} GiB` : ''})` : '';
  return { words: `, root volume ${volume}${ebs.VolumeType ? ` ${ebs.VolumeType}` : ''}${from}, deleted with the instance`, warning: null };
}

/**
 * The AMI (an id, or `role:<name>` resolved) exists in the region, and a root-volume-size fits it:
 * EBS only, and no smaller than the image's snapshot (EC2 refuses a volume smaller than its snapshot).
 */
export async function checkImage(ec2: EC2Client, launch: NormalizedLaunch, ctx: DescribeContext): Promise<CheckOutcome & { image: ImageInfo }> {
  const image = await resolveImage(ec2, launch.imageRef, launch.region, ctx);
  const { imageId, name, creationDate } = image;
  const size = launch.rootVolumeSize;
  const imageSize = image.rootVolume?.sizeGiB ?? null;
  if (size !== null && image.rootDeviceType === 'instance-store') {
    return { status: 'fail', message: `${imageId} has an instance-store root device, so root-volume-size does not apply: remove it, or choose an EBS-backed image.`, image };
  }
  if (size !== null && imageSize !== null && size < imageSize) {
    const snapshot = image.rootVolume?.snapshotId ? ` (${image.rootVolume.snapshotId})` : '';
    return { status: 'fail', message: `root-volume-size ${size} GiB is smaller than the image's ${imageSize} GiB snapshot${snapshot}: set ${imageSize} or more, or remove it.`, image };
  }
  const what = `${imageId}${name ? ` (${name}${creationDate ? `, created ${creationDate.slice(0, 10)}` : ''})` : ''}`;
  const found = launch.imageRef === imageId ? `${what} exists in ${launch.region}` : `${launch.imageRef} is ${what} in ${launch.region}`;
  const { words, warning } = rootVolumeWords(image, size);
  const message = `${found}${defaultsNote(launch, 'image-id')}${words}.`;
  return warning ? { status: 'warn', message: `${message} ${warning}`, image } : { status: 'pass', message, image };
}

/** Error codes of an EC2-compatible endpoint that does not implement an action at all. */
const NOT_IMPLEMENTED = new Set(['InvalidAction', 'UnsupportedOperation', 'NotImplemented', 'UnknownOperationException', 'UnknownOperation']);

/** Whether the endpoint answered that it has no such action (not that the caller may not use it). */
export function isNotImplemented(error: unknown): boolean {
  return NOT_IMPLEMENTED.has(awsErrorCode(error)) || (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 501;
}

/**
 * Whether the region offers the instance type. Advisory: RunInstances (and so the dry run) refuses
 * a type that is not offered anyway, so an EC2-compatible endpoint that does not implement
 * DescribeInstanceTypeOfferings, or lists no offering at all, gets a warning, not a failure.
 */
export async function checkInstanceType(ec2: EC2Client, launch: NormalizedLaunch, ctx: DescribeContext): Promise<CheckOutcome> {
  const offerings = async (filtered: boolean) =>
    (
      await withBackoff(
        () =>
          ec2.send(
            new DescribeInstanceTypeOfferingsCommand({
              LocationType: 'region',
              ...(filtered ? { Filters: [{ Name: 'instance-type', Values: [launch.instanceType] }] } : { MaxResults: 5 }),
            }),
          ),
        { clock: ctx.clock },
      )
    ).InstanceTypeOfferings ?? [];
  const unchecked = (why: string): CheckOutcome => ({
    status: 'warn',
    message: `Could not check that ${launch.instanceType} is offered in ${launch.region}: ${why}. The dry run will still refuse a type the region does not offer.`,
  });
  try {
    if ((await offerings(true)).some((o) => o.InstanceType === launch.instanceType)) {
      return { status: 'pass', message: `${launch.instanceType} is offered in ${launch.region}${defaultsNote(launch, 'instance-type')}.` };
    }
    if ((await offerings(false)).length === 0) return unchecked('this EC2 endpoint lists no instance type offerings at all');
    return {
      status: 'fail',
      message: `${launch.instanceType} is not offered in ${launch.region}. Choose another instance type (or check the spelling), or another region.`,
    };
  } catch (error) {
    if (isNotImplemented(error)) return unchecked(`this EC2 endpoint does not implement DescribeInstanceTypeOfferings (${awsErrorCode(error)})`);
    throw awsCallError(error, `check instance type ${launch.instanceType}`);
  }
}

export async function checkKeyPair(ec2: EC2Client, launch: NormalizedLaunch, ctx: DescribeContext): Promise<CheckOutcome> {
  if (!launch.keyPair && launch.project.access === 'ssm') {
    return { status: 'pass', message: 'No key pair: the instances are reached over SSM (access = ssm), which needs none.' };
  }
  if (!launch.keyPair) {
    return { status: 'warn', message: `No key pair for ${launch.region}: SSH will not work. Choose one in the launch, or set one in Settings → AWS regions (Key pair for ${launch.region}).` };
  }
  try {
    await withBackoff(() => ec2.send(new DescribeKeyPairsCommand({ KeyNames: [launch.keyPair!] })), { clock: ctx.clock });
    return { status: 'pass', message: `Key pair '${launch.keyPair}' exists in ${launch.region}.` };
  } catch (error) {
    if (awsErrorCode(error) === 'InvalidKeyPair.NotFound') {
      return {
        status: 'fail',
        message: `Key pair '${launch.keyPair}' does not exist in ${launch.region}; key pairs are per region. Import yours there with \`aws ec2 import-key-pair\`, or pick another in Settings → AWS regions (Key pair for ${launch.region}).`,
      };
    }
    throw awsCallError(error, `check key pair '${launch.keyPair}'`);
  }
}

/** Where a created group lets SSH and the ready-url in from: the settings' CIDR, else the caller's IP /32. */
export async function ingressCidr(configured: string | null, publicIp: PublicIpLookup): Promise<{ cidr: string; warning: string | null }> {
  const cidr = configured?.trim() || `${await publicIp()}/32`;
  if (!CIDR.test(cidr)) throw new Error(`The ingress CIDR '${cidr}' in Settings → Instances is not an IPv4 CIDR (like 203.0.113.7/32).`);
  const open = cidr.endsWith('/0') ? 'the whole internet' : null;
  return { cidr, warning: open ? `${cidr} opens SSH and the ready-url port to ${open}; narrow the ingress CIDR in Settings → Instances.` : null };
}

/** What to change when the endpoint refuses the root volume mapping Flotilla built from the image. */
const ROOT_MAPPING_HINT =
  "The root volume mapping comes from the image's own (its snapshot, size and type) and root-volume-size: set root-volume-size " +
  "(GiB, at least the image's snapshot size) in the project's fleeting-meta or the launch, or remove it if it is set.";

/**
 * RunInstances with DryRun: DryRunOperation means AWS would accept it; UnauthorizedOperation is
 * a failure that carries the encoded reason. An endpoint that ignores DryRun and really starts
 * instances gets them terminated at once (and a warning).
 */
export async function dryRun(ec2: EC2Client, plan: RunPlan, count: number, ctx: DescribeContext): Promise<CheckOutcome> {
  try {
    const answer = await withBackoff(() => ec2.send(new RunInstancesCommand(runInstancesInput(plan, { minCount: 1, maxCount: count, dryRun: true }))), {
      clock: ctx.clock,
    });
    const started = (answer.Instances ?? []).map((i) => i.InstanceId).filter((id): id is string => Boolean(id));
    if (started.length > 0) {
      try {
        await ec2.send(new TerminateInstancesCommand({ InstanceIds: started }));
      } catch {
        return { status: 'fail', message: `This EC2 endpoint ignored DryRun and started ${started.join(', ')}, and Flotilla could not terminate them: terminate them by hand.` };
      }
      return { status: 'warn', message: `This EC2 endpoint ignored DryRun and started ${started.join(', ')}; Flotilla terminated them. The launch itself should work.` };
    }
    return { status: 'pass', message: 'The endpoint accepted the request without a dry-run answer.' };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'DryRunOperation') return { status: 'pass', message: 'AWS would accept this launch (dry run).' };
    if (code === 'UnauthorizedOperation') {
      const encoded = encodedAuthorizationMessage(error);
      return {
        status: 'fail',
        message:
          'Your AWS identity may not launch this (UnauthorizedOperation): it needs ec2:RunInstances and ec2:CreateTags on the instance, volume, image, ' +
          `subnet, security group and key pair${plan.iamInstanceProfile ? `, and iam:PassRole on the role of instance profile '${plan.iamInstanceProfile}'` : ''}. ` +
          (encoded ? `See exactly what is missing with: aws sts decode-authorization-message --encoded-message ${encoded}` : awsErrorMessage(error)),
      };
    }
    const said = awsErrorMessage(error);
    const hint = /^(MissingParameter|InvalidBlockDeviceMapping)/.test(code) && plan.image.rootDeviceName ? `${/[.!?]$/.test(said) ? '' : '.'} ${ROOT_MAPPING_HINT}` : '';
    return { status: 'fail', message: `AWS refused the dry run: ${code}: ${said}${hint}` };
  }
}
