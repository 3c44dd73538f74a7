import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeImagesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { LaunchDefaults } from '../../contract/dto/settings';
import { createSettingsService } from '../settings/service';
import { createMemorySettingsStore } from '../settings/store';
import { silentLogger } from '../settings/settings.test-helpers';
import { ebsImage } from './ec2-endpoint-fake.test-helpers';
import { normalizeLaunch } from './launch-input';
import { createInstancesService } from './service';
import { loadedProject, mockedAws, T0, testDeps, testSettings } from './instances.test-helpers';

const { ec2 } = mockedAws();
const IMPORTED_AMI = 'ami-0fedcba9876543210';
beforeEach(() => {
  ec2.on(DescribeImagesCommand, { ImageIds: [IMPORTED_AMI] }).resolves({
    Images: [ebsImage({ ImageId: IMPORTED_AMI, Name: 'storefront-2025-05', CreationDate: '2025-05-20T00:00:00.000Z' })],
  });
});

const defaults = (values: Partial<LaunchDefaults> = {}): LaunchDefaults => ({
  imageId: IMPORTED_AMI,
  instanceType: 't3.large',
  region: null,
  count: 2,
  securityGroupId: null,
  source: '~/work/web/instance.config',
  ...values,
});
const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };

describe('launch defaults', () => {
  test("replace the template's meta; the launch's own choices still win", () => {
    const settings = testSettings({ launchDefaults: { web: defaults({ region: 'eu-west-1', securityGroupId: 'sg-0123456789abcdef0' }) } });
    const launch = normalizeLaunch(input, loadedProject().detail, settings, new Date(T0), () => 'fl-0000000000aa');
    expect(launch).toMatchObject({ imageRef: IMPORTED_AMI, instanceType: 't3.large', region: 'eu-west-1', count: 2, securityGroupId: 'sg-0123456789abcdef0' });
    expect([...launch.fromDefaults].sort()).toEqual(['count', 'image-id', 'instance-type', 'region', 'security-group']);

    const chosen = normalizeLaunch({ ...input, instanceType: 'c7g.large', count: 1, region: 'us-west-2' }, loadedProject().detail, settings, new Date(T0), () => 'fl-1');
    expect(chosen).toMatchObject({ imageRef: IMPORTED_AMI, instanceType: 'c7g.large', count: 1, region: 'us-west-2' });
    expect(chosen.fromDefaults.sort()).toEqual(['image-id', 'security-group']);

    const other = normalizeLaunch(input, loadedProject().detail, testSettings({ launchDefaults: { jam: defaults() } }), new Date(T0), () => 'fl-2');
    expect(other).toMatchObject({ imageRef: 'ami-0123456789abcdef0', instanceType: 't3.small', count: 1, fromDefaults: [] });
  });

  test('imported from an instance.config: the pre-flight and the launch use its image until it is removed', async () => {
    const dir = path.join(tmpdir(), `flotilla-defaults-${process.pid}-${Date.now()}`);
    await mkdir(path.join(dir, 'web'), { recursive: true });
    try {
      await writeFile(path.join(dir, 'web', 'instance.config'), `[EC2]\nImageID = ${IMPORTED_AMI}\nInstanceType = t3.large\nInstanceCount = 2\n`);
      const settings = await createSettingsService({ store: createMemorySettingsStore(), logger: silentLogger, home: dir, projectIds: async () => ['web'] });
      const imported = await settings.api.importIni({ kind: 'instance-config', path: path.join(dir, 'web', 'instance.config') });
      expect(imported.project).toBe('web');

      const { deps } = testDeps({ settings: () => testSettings({ launchDefaults: settings.current().launchDefaults }) });
      const service = createInstancesService(deps);
      const preflight = await service.api.preflight(input);
      expect(preflight.ok).toBe(true);
      expect(preflight.plan).toMatchObject({ imageId: IMPORTED_AMI, imageName: 'storefront-2025-05', instanceType: 't3.large', count: 2 });
      expect(preflight.items.find((i) => i.id === 'image')!.message).toBe(
        `${IMPORTED_AMI} (storefront-2025-05, created 2025-05-20) exists in us-east-1 (a launch default in Settings; the template says ami-0123456789abcdef0), root volume 8 GiB gp3, deleted with the instance.`,
      );
      expect(preflight.items.find((i) => i.id === 'instance-type')!.message).toBe('t3.large is offered in us-east-1 (a launch default in Settings; the template says t3.small).');

      const launched = await service.api.launch(input);
      const real = ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input).filter((i) => !i.DryRun);
      expect(real).toEqual([expect.objectContaining({ ImageId: IMPORTED_AMI, InstanceType: 't3.large', MaxCount: 2 })]);
      expect(launched.requested).toBe(2);

      // Removed in Settings: the next launch uses the template's image again.
      await settings.api.update({ patch: { launchDefaults: {} } });
      const after = await service.api.preflight({ ...input, launchId: 'fl-after-remove' });
      expect(after.plan).toMatchObject({ imageId: 'ami-0123456789abcdef0', instanceType: 't3.small', count: 1 });
      expect(after.items.find((i) => i.id === 'image')!.message).toBe('ami-0123456789abcdef0 (web-base, created 2025-05-01) exists in us-east-1, root volume 8 GiB gp3, deleted with the instance.');
      await service.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
