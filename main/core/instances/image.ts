import { DescribeImagesCommand, type EC2Client, type Image } from '@aws-sdk/client-ec2';
import { FlotillaError } from '../../contract/errors';
import { awsErrorCode } from '../shared/aws-errors';
import { withBackoff } from '../shared/retry-policy';
import { awsCallError, type DescribeContext } from './describe';
import { tagMap } from './tags';

/** The EBS volume an image's root device is made from, as its block-device mapping lists it. */
export interface RootVolume {
  snapshotId: string | null;
  /** GiB; at least the snapshot's size. */
  sizeGiB: number | null;
  volumeType: string | null;
  /** Kept for io1/io2 (required there) and gp3. */
  iops: number | null;
  throughput: number | null;
}

export interface ImageInfo {
  imageId: string;
  name: string | null;
  /** e.g. /dev/xvda; root volumes are set to DeleteOnTermination through it. */
  rootDeviceName: string | null;
  /** `ebs` or `instance-store` (some emulators answer other words for EBS). */
  rootDeviceType: string | null;
  /** The root device's EBS mapping; null for an instance-store root or an image that lists none. */
  rootVolume: RootVolume | null;
  creationDate: string | null;
}

const ROLE = /^role:([A-Za-z0-9._-]+)$/;
const INACTIVE = /^(false|no|0|off)$/i;

function rootVolumeOf(image: Image): RootVolume | null {
  if (!image.RootDeviceName || image.RootDeviceType === 'instance-store') return null;
  const ebs = image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName)?.Ebs;
  if (!ebs) return null;
  const number = (value: number | undefined) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null);
  return {
    snapshotId: ebs.SnapshotId || null,
    sizeGiB: number(ebs.VolumeSize),
    volumeType: ebs.VolumeType ?? null,
    iops: number(ebs.Iops),
    throughput: number(ebs.Throughput),
  };
}

function infoOf(image: Image): ImageInfo {
  return {
    imageId: image.ImageId ?? '',
    name: image.Name ?? null,
    rootDeviceName: image.RootDeviceName ?? null,
    rootDeviceType: image.RootDeviceType ?? null,
    rootVolume: rootVolumeOf(image),
    creationDate: image.CreationDate ?? null,
  };
}

/**
 * The AMI a project's image-id names in `region`: an `ami-…` id that must exist there, or
 * `role:<name>`: the newest available image (by CreationDate) of this account tagged
 * `role=<name>` that also carries an `active` tag (not `active=false`).
 */
export async function resolveImage(ec2: EC2Client, imageRef: string, region: string, ctx: DescribeContext): Promise<ImageInfo> {
  const send = (command: DescribeImagesCommand) => withBackoff(() => ec2.send(command), { clock: ctx.clock, ...(ctx.random ? { random: ctx.random } : {}) });
  const role = ROLE.exec(imageRef)?.[1];
  if (role !== undefined) {
    let images: Image[];
    try {
      const answer = await send(
        new DescribeImagesCommand({
          Owners: ['self'],
          Filters: [
            { Name: 'tag:role', Values: [role] },
            { Name: 'tag-key', Values: ['active'] },
            { Name: 'state', Values: ['available'] },
          ],
        }),
      );
      images = answer.Images ?? [];
    } catch (error) {
      throw awsCallError(error, `find images with role '${role}' in ${region}`);
    }
    const active = images.filter((image) => image.State === undefined || image.State === 'available').filter((image) => !INACTIVE.test(tagMap(image.Tags).active ?? ''));
    const newest = active.sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
    if (!newest) {
      throw new FlotillaError(
        'not-found',
        `No available image in ${region} is tagged role=${role} with an 'active' tag. Tag the AMI to use ` +
          `(aws ec2 create-tags --region ${region} --resources ami-… --tags Key=role,Value=${role} Key=active,Value=true), ` +
          `or set image-id to an AMI id.`,
        { role, region },
      );
    }
    return infoOf(newest);
  }
  try {
    const answer = await send(new DescribeImagesCommand({ ImageIds: [imageRef] }));
    const image = answer.Images?.[0];
    if (!image) throw Object.assign(new Error('not found'), { name: 'InvalidAMIID.NotFound' });
    if (image.State && image.State !== 'available') {
      throw new FlotillaError('invalid-input', `AMI ${imageRef} in ${region} is ${image.State}, not available; wait for it, or choose another image.`, { imageId: imageRef });
    }
    return infoOf(image);
  } catch (error) {
    if (error instanceof FlotillaError) throw error;
    const code = awsErrorCode(error);
    if (code === 'InvalidAMIID.NotFound' || code === 'InvalidAMIID.Unavailable' || code === 'InvalidAMIID.Malformed') {
      throw new FlotillaError(
        'not-found',
        `AMI ${imageRef} does not exist in ${region} (${code}). AMIs belong to one region: choose the AMI id for ${region}, ` +
          `copy the image there (aws ec2 copy-image), or launch in the image's region.`,
        { imageId: imageRef, region, code },
      );
    }
    throw awsCallError(error, `look up AMI ${imageRef} in ${region}`);
  }
}
