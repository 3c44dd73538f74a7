/**
 * An EC2-compatible endpoint as LocalStack's EC2 answers (its EC2 core is moto), for tests
 * (imported only by *.test.ts). What it does differently from real EC2, from moto's source
 * (getmoto/moto, moto/ec2/responses/instances.py and moto/ec2/models/amis.py):
 * - RunInstances checks every BlockDeviceMapping before DryRun: a mapping without Ebs is
 *   `MissingParameter: The request must contain the parameter ebs`, one whose Ebs has neither
 *   VolumeSize nor SnapshotId is `MissingParameter: The request must contain the parameter size
 *   or snapshotId` (moto's `_validate_block_device_mapping`; real EC2 answers the same, see
 *   getmoto/moto pull 2949).
 * - It starts exactly MinCount instances per call, whatever MaxCount says
 *   (`run_instances(image_id, min_count, ...)`), and keeps no ClientToken record.
 * Like real EC2 (API_EbsBlockDevice: "You can specify a volume size that is equal to or larger
 * than the snapshot size"), a VolumeSize under the snapshot's is refused.
 */
import { DescribeImagesCommand, RunInstancesCommand, type Image, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { ec2Error, startedInstances, type Ec2Mock } from './instances.test-helpers';

export const SNAPSHOT_ID = 'snap-0a1b2c3d4e5f60718';

/** An EBS-backed AMI as DescribeImages answers it: the root device's mapping carries its snapshot, size and type. */
export function ebsImage(overrides: Partial<Image> = {}, root: { size?: number; type?: string; iops?: number } = {}): Image {
  return {
    ImageId: 'ami-0123456789abcdef0',
    Name: 'web-base',
    State: 'available',
    CreationDate: '2025-05-01T00:00:00.000Z',
    Architecture: 'x86_64',
    VirtualizationType: 'hvm',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          SnapshotId: SNAPSHOT_ID,
          VolumeSize: root.size ?? 8,
          VolumeType: (root.type ?? 'gp3') as 'gp3',
          DeleteOnTermination: true,
          Encrypted: false,
          ...(root.iops !== undefined ? { Iops: root.iops } : {}),
        },
      },
    ],
    ...overrides,
  };
}

/** An instance-store-backed AMI: its root has no Ebs mapping (only ephemeral ones). */
export function instanceStoreImage(): Image {
  return {
    ...ebsImage(),
    RootDeviceName: '/dev/sda1',
    RootDeviceType: 'instance-store',
    BlockDeviceMappings: [{ DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' }],
  };
}

function mappingError(input: RunInstancesCommandInput, snapshotSize: number): Error | null {
  for (const mapping of input.BlockDeviceMappings ?? []) {
    if (mapping.NoDevice === '') continue;
    if (!mapping.Ebs) return ec2Error('MissingParameter', 'The request must contain the parameter ebs');
    if (!mapping.Ebs.VolumeSize && !mapping.Ebs.SnapshotId) return ec2Error('MissingParameter', 'The request must contain the parameter size or snapshotId');
    if (mapping.Ebs.SnapshotId && mapping.Ebs.VolumeSize !== undefined && mapping.Ebs.VolumeSize < snapshotSize) {
      return ec2Error('InvalidBlockDeviceMapping', `Volume of size ${mapping.Ebs.VolumeSize}GB is smaller than snapshot '${mapping.Ebs.SnapshotId}', expect size >= ${snapshotSize}GB`);
    }
  }
  return null;
}

/**
 * Makes `ec2` answer DescribeImages with `image` and RunInstances as the emulator does (its
 * snapshot `snapshotGiB` large, default the size the image lists). Returns the RunInstances
 * requests it started instances for.
 */
export function emulatorEndpoint(ec2: Ec2Mock, image: Image = ebsImage(), snapshotGiB?: number): { runs: RunInstancesCommandInput[] } {
  const runs: RunInstancesCommandInput[] = [];
  let next = 1;
  const snapshotSize = snapshotGiB ?? image.BlockDeviceMappings?.find((m) => m.DeviceName === image.RootDeviceName)?.Ebs?.VolumeSize ?? 0;
  ec2.on(DescribeImagesCommand).resolves({ Images: [image] });
  ec2.on(RunInstancesCommand).callsFake(async (input: RunInstancesCommandInput) => {
    const refused = mappingError(input, snapshotSize);
    if (refused) throw refused;
    if (input.DryRun) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    runs.push(input);
    const count = input.MinCount ?? 1;
    const instances = startedInstances(input, count, next);
    next += count;
    return { ReservationId: `r-${String(runs.length).padStart(17, '0')}`, OwnerId: '123456789012', Instances: instances };
  });
  return { runs };
}
