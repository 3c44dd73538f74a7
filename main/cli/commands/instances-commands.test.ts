import { DescribeImagesCommand, DescribeInstancesCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService, type InstancesService } from '../../core/instances/service';
import { TAG } from '../../core/instances/tags';
import { describeInstancesAnswer, describeInstancesFake, ec2Error, ec2Instance, flotillaTags, mockedAws, testDeps } from '../../core/instances/instances.test-helpers';
import type { Output } from '../context';
import { extendCommand } from './instances-extend';
import { launchCommand } from './instances-launch';
import { lsCommand } from './instances-ls';
import { sweepCommand } from './instances-sweep';
import { terminateCommand } from './instances-terminate';

const { ec2 } = mockedAws();
let service: InstancesService;
let out: string[];
let err: string[];
const io: Output = { out: (t) => void out.push(t), err: (t) => void err.push(t) };

beforeEach(() => {
  ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([]));
  service = createInstancesService(testDeps().deps);
  out = [];
  err = [];
});
afterEach(() => service.close());

describe('flotilla launch', () => {
  test('launches and prints the checklist and the instances', async () => {
    const code = await launchCommand(service.api, ['web', '--user', 'octocat', '--branch', 'feature-x', '--count', '2', '--ttl', '4h', '--env', 'API_URL=https://x'], io);
    expect(code).toBe(0);
    expect(out).toContain('  ok   Template renders: projects/web.sh renders for octocat/feature-x: ' + out.find((l) => l.includes('Template renders'))!.split('feature-x: ')[1]);
    expect(out).toContain('Launched 2 of 2 instances of web/feature-x in us-east-1 (launch fl-0000000000aa), expiring 2025-06-01T16:00:00Z, about $0.17 (shipped table, 1 Jun 2025 — live price unavailable):');
    expect(out).toContain('  i-00000000000000001  t3.small  pending');
    expect(err).toEqual([]);
  });

  test('--wait waits for the ready-url; not ready is exit 1 with the diagnosis', async () => {
    const { deps, clock } = testDeps({ fetch: async () => new Response(null, { status: 502 }) });
    await service.close();
    service = createInstancesService({ ...deps, settings: () => ({ ...deps.settings(), readyTimeoutMs: 60_000 }) });
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: 'i-00000000000000001', tags: flotillaTags({ [TAG.launchId]: 'fl-0000000000aa' }) })]));
    const code = await clock.run(launchCommand(service.api, ['web', '--user', 'octocat', '--branch', 'feature-x', '--wait'], io));
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/i-00000000000000001 timed-out: ready-url: http:\/\/ec2-203-0-113-10\.compute-1\.amazonaws\.com:8080\/health: answered HTTP 502/);
  });

  test('a failed check: exit 1, the checklist on stderr, nothing launched', async () => {
    ec2.on(DescribeImagesCommand).rejects(ec2Error('InvalidAMIID.NotFound', 'does not exist'));
    expect(await launchCommand(service.api, ['web', '--user', 'octocat', '--branch', 'feature-x'], io)).toBe(1);
    expect(err[0]).toBe('flotilla launch: the checks failed; nothing was launched.');
    expect(err.some((l) => l.startsWith('  FAIL Image exists in the region: AMI ami-0123456789abcdef0 does not exist in us-east-1'))).toBe(true);
    expect(ec2.commandCalls(RunInstancesCommand).filter((c) => !c.args[0].input.DryRun)).toHaveLength(0);
  });

  test.each([
    [['web', '--branch', 'b'], /needs --user/],
    [['--user', 'u', '--branch', 'b'], /exactly one project id/],
    [['web', '--user', 'u', '--branch', 'b', '--count', '50'], /--count must be a number from 1 to 20, not '50'/],
    [['web', '--user', 'u', '--branch', 'b', '--ttl', 'tomorrow'], /--ttl 'tomorrow' is not a duration/],
    [['web', '--user', 'u', '--branch', 'b', '--env', 'lower=1'], /--env: environment variable name 'lower'/],
    [['web', '--user', 'u', '--branch', 'b', '--root-volume-size', '8GB'], /--root-volume-size must be a whole number of GiB \(like 20\), not '8GB'/],
    [['web', '--user', 'u', '--branch', 'b', '--colour'], /Unknown option '--colour'.*See flotilla launch --help/],
    [['web', '--user', 'u', '--branch', 'b', '--option', 'workers'], /--option 'workers' is not NAME=VALUE; write it like --option workers=4\./],
    [['web', '--user', 'u', '--branch', 'b', '--option', '=4'], /--option '=4' is not NAME=VALUE/],
    [['web', '--user', 'u', '--branch', 'b', '--option', 'a=1', '--option', 'a=2'], /--option a is given twice/],
    [['web', '--user', 'u', '--branch', 'b', '--revision', ''], /--revision is empty/],
    // Refused by the core before any check: bad usage too.
    [['web', '--user', 'u', '--branch', 'b', '--revision', 'current'], /project 'web' declares no package \(fleeting-meta:package\), so it cannot deploy a revision/],
    [['web', '--user', 'u', '--branch', 'b', '--option', 'workers=4'], /unknown option 'workers'; this template declares no options/],
  ])('bad usage exits 2: %j', async (argv, message) => {
    expect(await launchCommand(service.api, argv, io)).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  test('--root-volume-size sizes the root volume of the request', async () => {
    expect(await launchCommand(service.api, ['web', '--user', 'octocat', '--branch', 'feature-x', '--root-volume-size', '20'], io)).toBe(0);
    const runs = ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input);
    expect(runs.map((r) => r.BlockDeviceMappings?.[0]?.Ebs?.VolumeSize)).toEqual([20, 20]);
  });

  test("--image replaces the project's image in the request", async () => {
    const image = { ImageId: 'ami-0fedcba9876543210', Name: 'web-next', State: 'available' as const, RootDeviceName: '/dev/xvda', RootDeviceType: 'ebs' as const };
    ec2.on(DescribeImagesCommand, { ImageIds: [image.ImageId] }).resolves({ Images: [{ ...image, BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0f1e2d3c4b5a69788', VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true } }] }] });
    expect(await launchCommand(service.api, ['web', '--user', 'octocat', '--branch', 'feature-x', '--image', image.ImageId], io)).toBe(0);
    expect(ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input.ImageId)).toEqual([image.ImageId, image.ImageId]);
  });

  test('a refused input (unknown project) exits 1 with the reason', async () => {
    expect(await launchCommand(service.api, ['nope', '--user', 'octocat', '--branch', 'main'], io)).toBe(1);
    expect(err).toEqual(["flotilla launch: No project 'nope' in projects/."]);
  });

  test('--help', async () => {
    expect(await launchCommand(service.api, ['--help'], io)).toBe(0);
    expect(out[0]).toMatch(/^Usage: flotilla launch <project>/);
  });
});

describe('flotilla ls', () => {
  beforeEach(() => {
    ec2.on(DescribeInstancesCommand).callsFake(
      describeInstancesFake([
        ec2Instance({ id: 'i-00000000000000001' }),
        ec2Instance({ id: 'i-00000000000000002', tags: flotillaTags({ [TAG.owner]: 'arn:aws:iam::1:user/bob', [TAG.project]: 'api', [TAG.expiresAt]: 'never' }) }),
      ]),
    );
  });

  test('a table with expiry and cost, and the totals', async () => {
    expect(await lsCommand(service.api, [], io)).toBe(0);
    expect(out[0]).toMatch(/^ID\s+REGION\s+PROJECT\s+BRANCH\s+USER\s+STATE\s+READY\s+EXPIRES\s+COST\s+URL$/);
    expect(out[1]).toMatch(/^i-00000000000000001\s+us-east-1\s+web\s+feature-x\s+octocat\s+running\s+unknown\s+in 1d\s+\$0\.02\s+http:\/\/ec2-.*:8080\/health$/);
    expect(out[2]).toMatch(/\bpinned\b/);
    expect(out[3]).toMatch(/^2 instances: \$0\.0416\/h now, \$0\.04 so far, \$0\.52 to expiry \(approximate; prices: shipped table, 1 Jun 2025 — live price unavailable\)\.$/);
  });

  test('--mine, --project and --json', async () => {
    await lsCommand(service.api, ['--mine'], io);
    expect(out.filter((l) => l.startsWith('i-'))).toHaveLength(1);
    out = [];
    await lsCommand(service.api, ['--project', 'api', '--json'], io);
    expect(JSON.parse(out.join('\n')).instances.map((i: { id: string }) => i.id)).toEqual(['i-00000000000000002']);
  });

  test('a region that fails: the others listed, the error on stderr, exit 1', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
      if ((await getClient().config.region()) === 'eu-west-1') throw ec2Error('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      return describeInstancesAnswer([ec2Instance()], input);
    });
    expect(await lsCommand(service.api, ['--region', 'us-east-1', '--region', 'eu-west-1'], io)).toBe(1);
    expect(err[0]).toMatch(/^flotilla ls: AWS refused to list instances in eu-west-1: AuthFailure/);
    expect(out.filter((l) => l.startsWith('i-'))).toHaveLength(1);
  });
});

describe('flotilla extend, terminate, sweep', () => {
  test('extend', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: 'i-0123456789abcdef0' })]));
    expect(await extendCommand(service.api, ['i-0123456789abcdef0', '4h'], io)).toBe(0);
    expect(out).toEqual(['i-0123456789abcdef0 (web/feature-x) now expires at 2025-06-02T16:00:00.000Z.']);
    expect(await extendCommand(service.api, ['i-0123456789abcdef0'], io)).toBe(2);
    expect(await extendCommand(service.api, ['i-0123456789abcdef0', 'later'], io)).toBe(2);
  });

  test('extend of an unknown instance exits 1', async () => {
    expect(await extendCommand(service.api, ['i-0123456789abcdef0', '4h'], io)).toBe(1);
    expect(err[0]).toMatch(/^flotilla extend: No instance i-0123456789abcdef0 in us-east-1/);
  });

  test('terminate: exit 1 when one is refused', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: 'i-00000000000000001' }), ec2Instance({ id: 'i-00000000000000002', tags: { Name: 'prod' } })]));
    ec2.on(TerminateInstancesCommand).resolves({ TerminatingInstances: [{ InstanceId: 'i-00000000000000001', PreviousState: { Name: 'running', Code: 16 } }] });
    expect(await terminateCommand(service.api, ['i-00000000000000001', 'i-00000000000000002'], io)).toBe(1);
    expect(out).toEqual(['i-00000000000000001 terminating (was running, us-east-1)']);
    expect(err[0]).toMatch(/^flotilla terminate: i-00000000000000002: .*not launched by Flotilla/);
    expect(await terminateCommand(service.api, [], io)).toBe(2);
  });

  test('sweep', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: 'i-00000000000000001', tags: flotillaTags({ [TAG.expiresAt]: '2025-06-01T11:00:00Z' }) })]));
    ec2.on(TerminateInstancesCommand).resolves({ TerminatingInstances: [{ InstanceId: 'i-00000000000000001', PreviousState: { Name: 'running', Code: 16 } }] });
    const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    expect(await sweepCommand(service.api, [], io)).toBe(0);
    expect(out).toEqual([
      'i-00000000000000001 (web/feature-x, us-east-1) expired at 2025-06-01T11:00:00Z: terminating',
      'Swept us-east-1: 1 expired instance terminated.',
    ]);
  });
});
