/** Helpers shared by this folder's tests (imported only by *.test.ts and benchmarks). */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeKeyPairsCommand,
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  RunInstancesCommand,
  type EC2ClientResolvedConfig,
  type Instance,
  type InstanceStateName,
  type RunInstancesCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient, type ServiceInputTypes as StsInput, type ServiceOutputTypes as StsOutput, type STSClientResolvedConfig } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { FlotillaError } from '../../contract/errors';
import { instancesEventNames, type InstancesEventMap } from '../../contract/instances/events';
import { createEventBus } from '../event-bus';
import { createAwsClientFactory, type AwsClientFactory } from '../aws/client-factory';
import type { Logger } from '../ports';
import { FakeClock, T0 } from '../fake-clock.test-helpers';
import { ec2Error, instanceTypeOfferingsFake } from '../../../test/support/ec2-fake';

export { describeInstancesAnswer, describeInstancesFake, ec2Error, ec2Throttled } from '../../../test/support/ec2-fake';

export { FakeClock, flush, T0 } from '../fake-clock.test-helpers';
import { buildProject, type LoadedProject } from '../projects/load-project';
import type { CommandRunner, InstancesDeps, RunResult } from './deps';
import { parseEnvFile } from '../projects/env-file';
import { projectsLookup } from './projects-lookup';
import { defaultSettings } from '../settings/schema';
import type { InstancesSettings } from './settings';
import { instancesSettingsFrom } from './settings-adapter';
import { TAG } from './tags';

export const ME = 'arn:aws:sts::123456789012:assumed-role/Developer/ada@example.com';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const STATES: Record<InstanceStateName, number> = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 };

export interface InstanceSpec {
  id?: string;
  state?: InstanceStateName;
  tags?: Record<string, string>;
  dns?: string;
  ip?: string;
  type?: string;
  launchedAt?: number;
}

export function flotillaTags(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    Name: 'web/feature-x',
    [TAG.project]: 'web',
    [TAG.branch]: 'feature-x',
    [TAG.gitUser]: 'octocat',
    [TAG.owner]: ME,
    [TAG.expiresAt]: '2025-06-02T12:00:00Z',
    [TAG.launchId]: 'fl-000000000001',
    [TAG.readyUrl]: 'http://localhost:8080/health',
    env: 'dev',
    ...overrides,
  };
}

/** An EC2 Instance shaped as DescribeInstances answers it. */
export function ec2Instance(spec: InstanceSpec = {}): Instance {
  const state = spec.state ?? 'running';
  const running = state === 'running';
  return {
    InstanceId: spec.id ?? 'i-0123456789abcdef0',
    ImageId: 'ami-0123456789abcdef0',
    InstanceType: (spec.type ?? 't3.small') as Instance['InstanceType'],
    KeyName: 'ada',
    LaunchTime: new Date(spec.launchedAt ?? T0 - 3_600_000),
    State: { Code: STATES[state], Name: state },
    PublicDnsName: running ? (spec.dns ?? 'ec2-203-0-113-10.compute-1.amazonaws.com') : '',
    ...(running && spec.ip !== '' ? { PublicIpAddress: spec.ip ?? '203.0.113.10' } : {}),
    Tags: Object.entries(spec.tags ?? flotillaTags()).map(([Key, Value]) => ({ Key, Value })),
  };
}

/** A DescribeInstances page. */
export function page(instances: Instance[], nextToken?: string) {
  return {
    Reservations: instances.map((instance, i) => ({ ReservationId: `r-${String(i).padStart(17, '0')}`, OwnerId: '123456789012', Instances: [instance] })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}


export const WEB_SOURCE = [
  '#!/bin/bash',
  '# fleeting-meta:name = Web',
  '# fleeting-meta:repo = acme/web',
  '# fleeting-meta:image-id = ami-0123456789abcdef0',
  '# fleeting-meta:instance-type = t3.small',
  '# fleeting-meta:ready-url = http://localhost:8080/health',
  '# fleeting-meta:ssh-user = ubuntu',
  '# fleeting-meta:tags = role=web, env=dev',
  '# fleeting-meta:site = shop',
  'set -euo pipefail',
  'echo {{ GIT_BRANCH | shq }} {{ ENV.API_URL | shq }} {{ REVISION | shq }} {{ REVISION_BUCKET | shq }}',
  '',
].join('\n');

/** A project as the catalog loads it; `envFile` is the text of its `projects/<id>.env`, when it has one. */
export function loadedProject(id = 'web', source = WEB_SOURCE, envFile: string | null = null): LoadedProject {
  return buildProject(id, `projects/${id}.sh`, source, [], envFile === null ? null : parseEnvFile(`projects/${id}.env`, envFile));
}

export function fakeProjects(projects: LoadedProject[] = [loadedProject()]) {
  const byId = new Map(projects.map((p) => [p.detail.id, p]));
  return projectsLookup({
    project: (id: string) => {
      const found = byId.get(id);
      if (!found) throw new FlotillaError('not-found', `No project '${id}' in projects/.`, { id });
      return found;
    },
  });
}

/** `git ls-remote` answering that `branches` exist. */
export function gitRunner(branches: string[] = ['feature-x'], result?: Partial<RunResult>): CommandRunner & { calls: Array<{ command: string; args: readonly string[] }> } {
  const calls: Array<{ command: string; args: readonly string[] }> = [];
  return {
    calls,
    run: async (command, args) => {
      calls.push({ command, args });
      if (result) return { code: 0, stdout: '', stderr: '', ...result };
      const wanted = args[args.length - 1];
      const stdout = branches.filter((b) => b === wanted).map((b) => `0123456789abcdef0123456789abcdef01234567\trefs/heads/${b}\n`).join('');
      return { code: 0, stdout, stderr: '' };
    },
  };
}

/** A factory with static credentials: aws-sdk-client-mock's mockClient(EC2Client/STSClient) answers its calls. */
export function testClients(env: Record<string, string> = {}): AwsClientFactory {
  return createAwsClientFactory({ env, credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }) });
}

export interface Recorded {
  events: Array<{ [E in keyof InstancesEventMap]: { event: E; payload: InstancesEventMap[E] } }[keyof InstancesEventMap]>;
  notifications: Array<{ title: string; body: string; actions?: Array<{ id: string; label: string }> }>;
  terminal: Array<{ command: string; args: readonly string[]; choice?: string | null }>;
  opened: string[];
  webhooks: Array<{ url: string; body: unknown }>;
}

/** The app's default Settings as the Instances service reads them, for us-east-1 with key pair `ada`. */
export function testSettings(overrides: Partial<InstancesSettings> = {}): InstancesSettings {
  return { ...instancesSettingsFrom(defaultSettings()), regions: ['us-east-1'], defaultRegion: 'us-east-1', keyPairs: { 'us-east-1': 'ada' }, sshKeyFile: { 'us-east-1': '/home/ada/.ssh/ada.pem' }, ...overrides };
}

/** Deps for createInstancesService with fakes everywhere; `recorded` collects what came out. */
export function testDeps(overrides: Partial<InstancesDeps> & { settings?: () => InstancesSettings } = {}): { deps: InstancesDeps; recorded: Recorded; clock: FakeClock } {
  const clock = (overrides.ports?.clock as FakeClock | undefined) ?? new FakeClock();
  const recorded: Recorded = { events: [], notifications: [], terminal: [], opened: [], webhooks: [] };
  const events = createEventBus((event, error) => {
    throw new Error(`a listener for ${event} threw: ${String(error)}`);
  });
  for (const event of instancesEventNames) events.on(event, (payload) => recorded.events.push({ event, payload } as Recorded['events'][number]));
  const deps: InstancesDeps = {
    clients: testClients(),
    projects: fakeProjects(),
    settings: () => testSettings(),
    ports: {
      clock,
      logger: silentLogger,
      notifier: { notify: (n) => recorded.notifications.push(n) },
      opener: { openUrl: async (url) => void recorded.opened.push(url) },
      terminal: { run: async (command, args, options) => void recorded.terminal.push({ command, args, ...(options?.choice ? { choice: options.choice } : {}) }) },
    },
    events,
    runner: gitRunner(),
    publicIp: async () => '198.51.100.7',
    fetch: async (url, init) => {
      recorded.webhooks.push({ url, body: JSON.parse(String(init?.body ?? 'null')) });
      return new Response('ok');
    },
    newLaunchId: () => 'fl-0000000000aa',
    random: () => 0.5,
    ...overrides,
  };
  return { deps, recorded, clock };
}

export type Ec2Mock = AwsStub<ServiceInputTypes, ServiceOutputTypes, EC2ClientResolvedConfig>;

export type StsMock = AwsStub<StsInput, StsOutput, STSClientResolvedConfig>;

export const GROUP_ID = 'sg-0aaaaaaaaaaaaaaaa';

/** Instances as RunInstances answers them: pending, with the request's tags. */
export function startedInstances(input: RunInstancesCommandInput, count: number, firstId = 1): Instance[] {
  const tags = input.TagSpecifications?.find((t) => t.ResourceType === 'instance')?.Tags ?? [];
  return Array.from({ length: count }, (_, i) => ({
    InstanceId: `i-${String(firstId + i).padStart(17, '0')}`,
    ImageId: input.ImageId,
    InstanceType: input.InstanceType,
    KeyName: input.KeyName,
    LaunchTime: new Date(T0),
    State: { Code: 0, Name: 'pending' as const },
    PublicDnsName: '',
    Tags: tags,
    // What RunInstances answers for a Spot launch: the lifecycle and the (one-time) request it made.
    ...(input.InstanceMarketOptions?.MarketType === 'spot' ? { InstanceLifecycle: 'spot' as const, SpotInstanceRequestId: `sir-${String(firstId + i).padStart(8, '0')}` } : {}),
  }));
}

/** The RunInstances requests that were not dry runs. */
export function realRuns(ec2: Ec2Mock): RunInstancesCommandInput[] {
  return ec2.commandCalls(RunInstancesCommand).map((c) => c.args[0].input).filter((i) => !i.DryRun);
}

/** RunInstances answering DryRunOperation to dry runs, and `real` (numbered from 1) to the others. */
export function dryRunThen(ec2: Ec2Mock, real: (input: RunInstancesCommandInput, call: number) => Promise<unknown>): void {
  let call = 0;
  ec2.on(RunInstancesCommand).callsFake(async (request: RunInstancesCommandInput) => {
    if (request.DryRun) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    return real(request, ++call);
  });
}

/**
 * An AWS where everything a launch needs exists and RunInstances starts what it is asked (DryRun
 * answers DryRunOperation). The regions offer `offered` instance types (default OFFERED_TYPES).
 */
export function happyAws(ec2: Ec2Mock, sts: StsMock, options: { arn?: string; offered?: Record<string, readonly string[]> } = {}): void {
  sts.on(GetCallerIdentityCommand).resolves({ Arn: options.arn ?? ME, Account: '123456789012', UserId: 'AROAEXAMPLE:ada' });
  ec2.on(DescribeImagesCommand).resolves({
    Images: [
      {
        ImageId: 'ami-0123456789abcdef0',
        Name: 'web-base',
        State: 'available',
        RootDeviceName: '/dev/xvda',
        RootDeviceType: 'ebs',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0a1b2c3d4e5f60718', VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true, Encrypted: false } }],
        CreationDate: '2025-05-01T00:00:00.000Z',
      },
    ],
  });
  ec2.on(DescribeInstanceTypeOfferingsCommand).callsFake(instanceTypeOfferingsFake(options.offered));
  ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'ada', KeyPairId: 'key-0123456789abcdef0' }] });
  ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: GROUP_ID });
  ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
  ec2.on(CreateTagsCommand).resolves({});
  // A current Linux Spot price for whatever type is asked, as DescribeSpotPriceHistory answers per zone.
  ec2.on(DescribeSpotPriceHistoryCommand).callsFake(async (input: { InstanceTypes?: string[] }) => ({
    NextToken: '',
    SpotPriceHistory: (input.InstanceTypes ?? []).map((type) => ({
      AvailabilityZone: 'us-east-1a', InstanceType: type, ProductDescription: 'Linux/UNIX', SpotPrice: '0.006900', Timestamp: new Date(T0 - 3_600_000),
    })),
  }));
  ec2.on(RunInstancesCommand).callsFake(async (input: RunInstancesCommandInput) => {
    if (input.DryRun) throw ec2Error('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
    return { ReservationId: 'r-0123456789abcdef0', OwnerId: '123456789012', Instances: startedInstances(input, input.MaxCount ?? 1) };
  });
}

/**
 * EC2 and STS mocked for a whole test file (aws-sdk-client-mock): reset and answering as a healthy
 * account (happyAws) before each test, restored after the file. Call it once, at the file's top level.
 */
export function mockedAws(): { ec2: Ec2Mock; sts: StsMock } {
  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    ec2.reset();
    sts.reset();
    happyAws(ec2, sts);
  });
  afterAll(() => {
    ec2.restore();
    sts.restore();
  });
  return { ec2, sts };
}

/**
 * IAM GetInstanceProfile's answer for profile `web-app` with role `web-app-role`; `trust`: the role's
 * AssumeRolePolicyDocument as IAM sends it (URL-encoded JSON), left out when not given.
 */
export function instanceProfileAnswer(trust?: string) {
  return {
    InstanceProfile: {
      InstanceProfileName: 'web-app',
      InstanceProfileId: 'AIPAEXAMPLE1234567890',
      Arn: 'arn:aws:iam::123456789012:instance-profile/web-app',
      Path: '/',
      CreateDate: new Date('2025-01-01T00:00:00Z'),
      Roles: [
        {
          RoleName: 'web-app-role',
          RoleId: 'AROAEXAMPLE1234567890',
          Arn: 'arn:aws:iam::123456789012:role/web-app-role',
          Path: '/',
          CreateDate: new Date('2025-01-01T00:00:00Z'),
          ...(trust !== undefined ? { AssumeRolePolicyDocument: trust } : {}),
        },
      ],
    },
  };
}
