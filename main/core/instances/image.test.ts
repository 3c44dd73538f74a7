import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { FlotillaError } from '../../contract/errors';
import { ebsImage, instanceStoreImage, SNAPSHOT_ID } from './ec2-endpoint-fake.test-helpers';
import { resolveImage } from './image';
import { ec2Error, ec2Throttled, FakeClock } from './instances.test-helpers';

const ec2Mock = mockClient(EC2Client);
const ec2 = new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const ctx = { clock: new FakeClock() };
afterEach(() => ec2Mock.reset());
afterAll(() => ec2Mock.restore());

const image = (id: string, created: string, tags: Record<string, string>) => ({
  ImageId: id,
  Name: `web-${created.slice(0, 10)}`,
  State: 'available' as const,
  CreationDate: created,
  RootDeviceName: '/dev/xvda',
  RootDeviceType: 'ebs' as const,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

describe('resolveImage', () => {
  test('an AMI id that exists', async () => {
    ec2Mock.on(DescribeImagesCommand, { ImageIds: ['ami-0123456789abcdef0'] }).resolves({ Images: [image('ami-0123456789abcdef0', '2025-05-01T00:00:00.000Z', {})] });
    expect(await resolveImage(ec2, 'ami-0123456789abcdef0', 'eu-west-1', ctx)).toEqual({
      imageId: 'ami-0123456789abcdef0',
      name: 'web-2025-05-01',
      rootDeviceName: '/dev/xvda',
      rootDeviceType: 'ebs',
      rootVolume: null,
      creationDate: '2025-05-01T00:00:00.000Z',
    });
  });

  test("the root device's EBS mapping, as DescribeImages lists it", async () => {
    ec2Mock.on(DescribeImagesCommand).resolves({ Images: [ebsImage({}, { size: 30, type: 'io2', iops: 3000 })] });
    expect((await resolveImage(ec2, 'ami-0123456789abcdef0', 'eu-west-1', ctx)).rootVolume).toEqual({
      snapshotId: SNAPSHOT_ID,
      sizeGiB: 30,
      volumeType: 'io2',
      iops: 3000,
      throughput: null,
    });
    ec2Mock.on(DescribeImagesCommand).resolves({ Images: [instanceStoreImage()] });
    expect(await resolveImage(ec2, 'ami-0123456789abcdef0', 'eu-west-1', ctx)).toMatchObject({ rootDeviceType: 'instance-store', rootVolume: null });
  });

  test('InvalidAMIID.NotFound says AMIs are per region', async () => {
    ec2Mock.on(DescribeImagesCommand).rejects(ec2Error('InvalidAMIID.NotFound', "The image id '[ami-0123456789abcdef0]' does not exist"));
    const error = (await resolveImage(ec2, 'ami-0123456789abcdef0', 'eu-west-1', ctx).catch((e) => e)) as FlotillaError;
    expect(error).toBeInstanceOf(FlotillaError);
    expect(error.code).toBe('not-found');
    expect(error.message).toBe(
      'AMI ami-0123456789abcdef0 does not exist in eu-west-1 (InvalidAMIID.NotFound). AMIs belong to one region: choose the AMI id for eu-west-1, copy the image there (aws ec2 copy-image), or launch in the image\'s region.',
    );
  });

  test('role:<name> is the newest available image tagged role=<name> with an active tag', async () => {
    ec2Mock.on(DescribeImagesCommand).resolves({
      Images: [
        image('ami-00000000000000001', '2025-04-01T00:00:00.000Z', { role: 'web', active: 'true' }),
        image('ami-00000000000000003', '2025-06-01T00:00:00.000Z', { role: 'web', active: 'false' }),
        image('ami-00000000000000002', '2025-05-01T00:00:00.000Z', { role: 'web', active: '' }),
      ],
    });
    expect((await resolveImage(ec2, 'role:web', 'eu-west-1', ctx)).imageId).toBe('ami-00000000000000002');
    expect(ec2Mock.commandCalls(DescribeImagesCommand)[0]!.args[0].input).toEqual({
      Owners: ['self'],
      Filters: [
        { Name: 'tag:role', Values: ['web'] },
        { Name: 'tag-key', Values: ['active'] },
        { Name: 'state', Values: ['available'] },
      ],
    });
  });

  test('role:<name> with no active image says how to tag one', async () => {
    ec2Mock.on(DescribeImagesCommand).resolves({ Images: [] });
    await expect(resolveImage(ec2, 'role:web', 'eu-west-1', ctx)).rejects.toThrow(/No available image in eu-west-1 is tagged role=web with an 'active' tag.*create-tags/);
  });

  test('throttling is retried', async () => {
    const clock = new FakeClock();
    ec2Mock.on(DescribeImagesCommand).rejectsOnce(ec2Throttled()).resolves({ Images: [image('ami-0123456789abcdef0', '2025-05-01', {})] });
    expect((await clock.run(resolveImage(ec2, 'ami-0123456789abcdef0', 'eu-west-1', { clock }))).imageId).toBe('ami-0123456789abcdef0');
  });
});
