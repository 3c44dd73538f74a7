import { RunInstancesCommand, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import type { PreflightItem } from '../../contract/dto/instances';
import { ebsImage, emulatorEndpoint, instanceStoreImage, SNAPSHOT_ID } from './ec2-endpoint-fake.test-helpers';
import { createInstancesService } from './service';
import { ec2Error, fakeProjects, loadedProject, mockedAws, startedInstances, testDeps, WEB_SOURCE } from './instances.test-helpers';

// Against an endpoint that behaves like LocalStack's EC2 (see ec2-endpoint-fake.ts).
const { ec2 } = mockedAws();

const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };
const dryRuns = () => ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input).filter((i) => i.DryRun);
const item = (items: PreflightItem[], id: string) => items.find((i) => i.id === id)!;
const withMeta = (line: string) => fakeProjects([loadedProject('web', WEB_SOURCE.replace('set -euo', `${line}\nset -euo`))]);

describe('the root volume mapping', () => {
  test("the dry run sends the image's own root mapping (snapshot, size, type) with DeleteOnTermination, which the endpoint accepts", async () => {
    emulatorEndpoint(ec2);
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(item(result.items, 'dry-run')).toMatchObject({ status: 'pass' });
    expect(dryRuns()[0]!.BlockDeviceMappings).toEqual([
      { DeviceName: '/dev/xvda', Ebs: { SnapshotId: SNAPSHOT_ID, VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true } },
    ]);
    expect(item(result.items, 'image').message).toContain('root volume 8 GiB gp3');
    expect(result.plan.rootVolumeSize).toBe(8);
  });

  test("an io2 root keeps the image's Iops (EC2 requires it for io1 and io2)", async () => {
    emulatorEndpoint(ec2, ebsImage({}, { size: 10, type: 'io2', iops: 3000 }));
    const { deps } = testDeps();
    await createInstancesService(deps).api.preflight(input);
    expect(dryRuns()[0]!.BlockDeviceMappings![0]!.Ebs).toEqual({ SnapshotId: SNAPSHOT_ID, VolumeSize: 10, VolumeType: 'io2', Iops: 3000, DeleteOnTermination: true });
  });

  test("the project's root-volume-size grows the root volume; the launch's beats it", async () => {
    const { runs } = emulatorEndpoint(ec2);
    const { deps } = testDeps({ projects: withMeta('# fleeting-meta:root-volume-size = 20') });
    const service = createInstancesService(deps);
    const checked = await service.api.preflight(input);
    expect(dryRuns()[0]!.BlockDeviceMappings![0]!.Ebs).toMatchObject({ SnapshotId: SNAPSHOT_ID, VolumeSize: 20, DeleteOnTermination: true });
    expect(item(checked.items, 'image').message).toContain('root volume 20 GiB gp3 (root-volume-size; the image has 8 GiB)');
    await service.api.launch({ ...input, rootVolumeSize: 30 });
    await service.close();
    expect(runs[0]!.BlockDeviceMappings![0]!.Ebs).toMatchObject({ VolumeSize: 30 });
  });

  test('a root-volume-size smaller than the snapshot fails the image check and says what to set; nothing is sent', async () => {
    emulatorEndpoint(ec2);
    const { deps } = testDeps({ projects: withMeta('# fleeting-meta:root-volume-size = 4') });
    const result = await createInstancesService(deps).api.preflight(input);
    expect(result.ok).toBe(false);
    expect(item(result.items, 'image')).toMatchObject({
      status: 'fail',
      message: "root-volume-size 4 GiB is smaller than the image's 8 GiB snapshot (snap-0a1b2c3d4e5f60718): set 8 or more, or remove it.",
    });
    expect(item(result.items, 'dry-run').status).toBe('skip');
    expect(dryRuns()).toHaveLength(0);
    expect(result.plan).toMatchObject({ imageId: 'ami-0123456789abcdef0', rootVolumeSize: 4 });
  });

  test('an image that lists its snapshot but not its size: a too small root-volume-size is refused by the dry run, which says what to change', async () => {
    const image = ebsImage();
    delete image.BlockDeviceMappings![0]!.Ebs!.VolumeSize;
    emulatorEndpoint(ec2, image, 8);
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight({ ...input, rootVolumeSize: 4 });
    expect(item(result.items, 'image').status).toBe('pass');
    expect(item(result.items, 'dry-run')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        /^AWS refused the dry run: InvalidBlockDeviceMapping: Volume of size 4GB is smaller than snapshot 'snap-0a1b2c3d4e5f60718', expect size >= 8GB\. The root volume mapping .* set root-volume-size \(GiB, at least the image's snapshot size\)/,
      ),
    });
  });

  test('an instance-store root gets no mapping; a root-volume-size for it is refused', async () => {
    emulatorEndpoint(ec2, instanceStoreImage());
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    expect(item((await service.api.preflight(input)).items, 'dry-run').status).toBe('pass');
    expect(dryRuns()[0]!.BlockDeviceMappings).toBeUndefined();
    const refused = await service.api.preflight({ ...input, rootVolumeSize: 20 });
    expect(item(refused.items, 'image')).toMatchObject({
      status: 'fail',
      message: 'ami-0123456789abcdef0 has an instance-store root device, so root-volume-size does not apply: remove it, or choose an EBS-backed image.',
    });
  });

  test('an image that lists no mapping for its root device: no mapping is sent, unless a size is given', async () => {
    emulatorEndpoint(ec2, ebsImage({ BlockDeviceMappings: [] }));
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.preflight(input);
    expect(item(result.items, 'dry-run').status).toBe('pass');
    expect(dryRuns()[0]!.BlockDeviceMappings).toBeUndefined();
    expect(item(result.items, 'image')).toMatchObject({ status: 'warn', message: expect.stringContaining("lists no volume for its root device /dev/xvda: Flotilla sends none, so the image's own DeleteOnTermination applies") });
    await service.api.preflight({ ...input, rootVolumeSize: 12 });
    expect(dryRuns()[1]!.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 12, DeleteOnTermination: true } }]);
  });
});

describe('an endpoint that starts only MinCount instances per call', () => {
  test('launching 3 starts 3: it keeps asking for the shortfall, each call with its own ClientToken', async () => {
    const { runs } = emulatorEndpoint(ec2);
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.launch({ ...input, count: 3 });
    await service.close();
    expect(result.instances.map((i) => i.id)).toEqual(['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003']);
    expect(result.failures).toEqual([]);
    expect(runs.map((r) => [r.MinCount, r.MaxCount, r.ClientToken])).toEqual([
      [1, 3, 'fl-0000000000aa-1'],
      [1, 2, 'fl-0000000000aa-2'],
      [1, 1, 'fl-0000000000aa-3'],
    ]);
  });

  test('the calls are bounded by the count, and a call that starts none ends them with PartialLaunch', async () => {
    emulatorEndpoint(ec2);
    let call = 0;
    ec2.on(RunInstancesCommand).callsFake(async (request: RunInstancesCommandInput) => {
      if (request.DryRun) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      call++;
      return { Instances: call === 1 ? startedInstances(request, 1) : [] };
    });
    const { deps } = testDeps();
    const service = createInstancesService(deps);
    const result = await service.api.launch({ ...input, count: 4 });
    await service.close();
    expect(call).toBe(2);
    expect(result.instances).toHaveLength(1);
    expect(result.failures).toEqual([{ count: 3, code: 'PartialLaunch', message: expect.stringMatching(/^EC2 started 1 of 4\. /) }]);
  });
});
