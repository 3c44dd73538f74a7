/**
 * Browser mode with the REAL core in this test process, its EC2 and STS mocked with
 * aws-sdk-client-mock: instances launched here go pending → running (127.0.0.1 / localhost) and
 * their ready-url is answered by a local HTTP server, so the whole journey runs offline.
 * With `ssh`, Sync now reaches a test SSH server on 127.0.0.1 (see sync-fixture.ts).
 */
import {
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeInstanceStatusCommand,
  DescribeInstanceTypeOfferingsCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  EC2ServiceException,
  GetConsoleOutputCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { test as base } from '@playwright/test';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { renderWorkerOptions } from '../../../scripts/render-worker-build.mjs';
import { describeInstancesFake, instanceTypeOfferingsFake } from '../../support/ec2-fake';
import type * as CoreModule from '../../../main/core/create-core';
import type * as PortsModule from '../../../main/node/node-ports';
import type * as ServerModule from '../../../main/serve/server';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
export const ARN = 'arn:aws:iam::123456789012:user/ada';
export const GROUP = 'sg-0e2e0e2e0e2e0e2e0';
export const KEY = 'ada-laptop';
/** How long a mocked instance stays pending, then how long it runs before its app answers. */
const PENDING_MS = 1500;
const BOOT_MS = 1500;

interface Fake {
  instance: Instance;
  launchedAt: number;
  tags: Map<string, string>;
  terminated: boolean;
}

function dryRun(): EC2ServiceException {
  return new EC2ServiceException({ name: 'DryRunOperation', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'Request would have succeeded, but DryRun flag is set.' });
}

/**
 * The core imports JSON (prices.json), which Playwright's loader refuses, so it is bundled with
 * esbuild (packages external: the SDK clients are the same modules this file mocks).
 */
async function loadCore(): Promise<typeof CoreModule & typeof PortsModule & typeof ServerModule> {
  const outfile = path.join(repoRoot, '.tmp', 'e2e', 'core.mjs');
  await build({
    absWorkingDir: repoRoot,
    stdin: {
      contents: ["export { createCore } from './main/core/create-core';", "export { createNodePorts, createStderrLogger } from './main/node/node-ports';", "export { startServer } from './main/serve/server';"].join('\n'),
      resolveDir: repoRoot,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
  // The template render worker, next to the bundle that renders templates (render-worker.ts).
  await build(renderWorkerOptions(path.join(path.dirname(outfile), 'render-worker.cjs'), 'error'));
  return import(pathToFileURL(outfile).href);
}

export interface MockedServeOptions {
  /** Sync now: the test SSH server's port (instead of 22) and a private key (PEM) it accepts. */
  ssh?: { port: number; privateKeyPem: string };
  /**
   * The public DNS name of running instances, which the core prefers to their IP address;
   * default 'localhost', '' for none (the core then uses 127.0.0.1).
   */
  publicDnsName?: string;
  /** More files for the projects folder, by file name (e.g. `docs.sh`, `docs.env`), beside shop.sh; `$APP_PORT$` in them becomes the port of the app that answers ready-urls. */
  extraProjects?: Record<string, string>;
  /** The caller's public IP as the core looks it up; default: AWS's checkip over the network. */
  publicIp?: () => Promise<string>;
  /**
   * A real S3 protocol server (test/support/s3rver.ts) for revisions: the core's S3 client goes to
   * it with its credentials, and its bucket is set as Settings' revisions bucket.
   */
  s3?: { endpoint: string; bucket: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /** A fake SSM endpoint (test/support/fake-ssm.ts) for AWS_ENDPOINT_URL_SSM; the SSM client is then not mocked. */
  ssmEndpoint?: string;
}

export async function startMockedServe(options: MockedServeOptions = {}) {
  const { createCore, createNodePorts, createStderrLogger, startServer } = await loadCore();
  const scratch = mkdtempSync(path.join(tmpdir(), 'flotilla-e2e-instances-'));
  const projectsDir = path.join(scratch, 'projects');
  mkdirSync(projectsDir);

  // The app on "the instance": answers its health check once the instance has booted.
  const fleet = new Map<string, Fake>();
  const app: Server = createServer((req, res) => {
    const booted = [...fleet.values()].some((f) => !f.terminated && Date.now() - f.launchedAt > PENDING_MS + BOOT_MS);
    res.writeHead(req.url === '/health' && booted ? 200 : 503, { 'content-type': 'text/plain' }).end(booted ? 'ok' : 'booting');
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const appPort = (app.address() as { port: number }).port;

  writeFileSync(
    path.join(projectsDir, 'shop.sh'),
    [
      '#!/bin/bash',
      '# fleeting-meta:name = Shop',
      '# fleeting-meta:repo = acme/shop',
      '# fleeting-meta:image-id = ami-0123456789abcdef0',
      '# fleeting-meta:instance-type = t3.small',
      `# fleeting-meta:ready-url = http://localhost:${appPort}/health`,
      '# fleeting-meta:ssh-user = ubuntu',
      'set -euo pipefail',
      'echo {{ GIT_BRANCH | shq }}',
      '',
    ].join('\n'),
  );

  for (const [file, text] of Object.entries(options.extraProjects ?? {})) writeFileSync(path.join(projectsDir, file), text.replaceAll('$APP_PORT$', String(appPort)));

  const ec2 = mockClient(EC2Client);
  const sts = mockClient(STSClient);
  // The instance role and the runtime configuration's references, as AWS answers when they exist.
  const iam = mockClient(IAMClient);
  iam.on(GetInstanceProfileCommand).callsFake(async (input: { InstanceProfileName?: string }) => ({
    InstanceProfile: {
      InstanceProfileName: input.InstanceProfileName,
      InstanceProfileId: 'AIPAE2EEXAMPLE0000000',
      Arn: `arn:aws:iam::123456789012:instance-profile/${input.InstanceProfileName}`,
      Path: '/',
      CreateDate: new Date('2026-01-01T00:00:00Z'),
      Roles: [{ RoleName: 'site-app', RoleId: 'AROAE2EEXAMPLE0000000', Arn: 'arn:aws:iam::123456789012:role/site-app', Path: '/', CreateDate: new Date('2026-01-01T00:00:00Z') }],
    },
  }));
  // aws-sdk-client-mock replaces every SSMClient's send: not when a fake SSM endpoint answers instead.
  const ssm = options.ssmEndpoint ? null : mockClient(SSMClient);
  ssm?.on(DescribeParametersCommand).callsFake(async (input: { ParameterFilters?: Array<{ Key?: string; Values?: string[] }> }) => ({
    Parameters: (input.ParameterFilters ?? []).filter((f) => f.Key === 'Name').flatMap((f) => f.Values ?? []).map((Name) => ({ Name, Type: 'SecureString', Version: 1 })),
  }));
  const secrets = mockClient(SecretsManagerClient);
  secrets.on(DescribeSecretCommand).callsFake(async (input: { SecretId?: string }) => ({
    ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${input.SecretId}-AbCdEf`,
    Name: input.SecretId,
  }));
  sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, Account: '123456789012', UserId: 'AIDAEXAMPLE' });
  ec2.on(DescribeImagesCommand).resolves({
    // As EC2 describes an EBS-backed image: its root device's mapping, which the launch copies.
    Images: [
      {
        ImageId: 'ami-0123456789abcdef0',
        Name: 'ubuntu-24.04',
        State: 'available',
        RootDeviceName: '/dev/sda1',
        RootDeviceType: 'ebs',
        CreationDate: '2026-01-01T00:00:00.000Z',
        BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { SnapshotId: 'snap-0123456789abcdef0', VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true } }],
      },
    ],
  });
  ec2.on(DescribeInstanceTypeOfferingsCommand).callsFake(instanceTypeOfferingsFake());
  ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: KEY, KeyPairId: 'key-0123456789abcdef0' }] });
  ec2.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [
      {
        GroupId: GROUP,
        GroupName: 'dev-access',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          { IpProtocol: 'tcp', FromPort: appPort, ToPort: appPort, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
      },
    ],
  });
  let next = 1;
  ec2.on(RunInstancesCommand).callsFake(async (input: RunInstancesCommandInput) => {
    if (input.DryRun) throw dryRun();
    const tags = input.TagSpecifications?.find((t) => t.ResourceType === 'instance')?.Tags ?? [];
    const started: Instance[] = [];
    for (let i = 0; i < (input.MaxCount ?? 1); i++) {
      const id = `i-0e2e${String(next++).padStart(13, '0')}`;
      const instance: Instance = {
        InstanceId: id,
        ImageId: input.ImageId,
        InstanceType: input.InstanceType,
        KeyName: input.KeyName,
        LaunchTime: new Date(),
        State: { Code: 0, Name: 'pending' },
        PublicDnsName: '',
        Tags: tags,
      };
      fleet.set(id, { instance, launchedAt: Date.now(), tags: new Map(tags.map((t) => [t.Key!, t.Value!])), terminated: false });
      started.push(instance);
    }
    return { ReservationId: 'r-0e2e0e2e0e2e0e2e0', OwnerId: '123456789012', Instances: started };
  });
  const publicDnsName = options.publicDnsName ?? 'localhost';
  const view = (f: Fake): Instance => {
    const running = Date.now() - f.launchedAt > PENDING_MS;
    const state = f.terminated ? 'terminated' : running ? 'running' : 'pending';
    return {
      ...f.instance,
      State: { Code: { pending: 0, running: 16, terminated: 48 }[state], Name: state },
      ...(running && !f.terminated ? { PublicIpAddress: '127.0.0.1', PublicDnsName: publicDnsName } : { PublicDnsName: '' }),
      Tags: [...f.tags].map(([Key, Value]) => ({ Key, Value })),
    };
  };
  // Every instance, terminated ones too (EC2 lists them for up to an hour): the core's filters choose.
  ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake(() => [...fleet.values()].map(view)));
  ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [] });
  ec2.on(GetConsoleOutputCommand).resolves({ Output: Buffer.from('cloud-init finished\n').toString('base64') });
  ec2.on(CreateTagsCommand).callsFake(async (input: { Resources?: string[]; Tags?: Array<{ Key?: string; Value?: string }> }) => {
    for (const id of input.Resources ?? []) for (const tag of input.Tags ?? []) fleet.get(id)?.tags.set(tag.Key!, tag.Value!);
    return {};
  });
  ec2.on(TerminateInstancesCommand).callsFake(async (input: { InstanceIds?: string[]; DryRun?: boolean }) => {
    if (input.DryRun) throw dryRun();
    const changes = (input.InstanceIds ?? []).map((id) => {
      const f = fleet.get(id);
      if (f) f.terminated = true;
      return { InstanceId: id, PreviousState: { Code: 16, Name: 'running' as const }, CurrentState: { Code: 32, Name: 'shutting-down' as const } };
    });
    return { TerminatingInstances: changes };
  });

  const logger = createStderrLogger('warn');
  const core = await createCore(createNodePorts({ logger, configDir: path.join(scratch, 'config') }), {
    projectsDir,
    mode: 'browser',
    version: '0.0.0-e2e',
    watch: false,
    home: scratch,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: options.s3?.credentials.accessKeyId ?? 'AKIAE2EDUMMY',
      AWS_SECRET_ACCESS_KEY: options.s3?.credentials.secretAccessKey ?? 'dummy-secret',
      ...(options.ssmEndpoint ? { AWS_ENDPOINT_URL_SSM: options.ssmEndpoint } : {}),
      ...(options.s3 ? { AWS_ENDPOINT_URL_S3: options.s3.endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {}),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: path.join(scratch, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(scratch, 'aws-credentials'),
      FLOTILLA_CONFIG_DIR: path.join(scratch, 'config'),
      HOME: scratch,
      USERPROFILE: scratch,
    },
    testing: {
      instancesTimings: { pollIntervalMs: 250, maxPollBackoffMs: 1000, probeTimeoutMs: 1000, gitTimeoutMs: 2000, groupRetryMs: 200 },
      // `git ls-remote` answered here: the branch exists (no network in tests).
      instancesRunner: {
        run: async (_command: string, args: readonly string[]) => ({ code: 0, stdout: `0123456789abcdef0123456789abcdef01234567\trefs/heads/${args[args.length - 1]}\n`, stderr: '' }),
      },
      ...(options.ssh ? { agentsSshPort: options.ssh.port } : {}),
      ...(options.publicIp ? { publicIp: options.publicIp } : {}),
    },
  });
  if (options.ssh) {
    // The region's key file, set as a user would in Settings (the core checks it exists and is 0600).
    // It lives outside ~/.ssh, which the core creates when it adds the host key to known_hosts.
    const keyFile = path.join(scratch, 'keys', 'fleet.pem');
    mkdirSync(path.dirname(keyFile), { mode: 0o700 });
    writeFileSync(keyFile, options.ssh.privateKeyPem, { mode: 0o600 });
    await core.api.settings.update({ patch: { regionKeys: { 'us-east-1': { keyPair: KEY, sshKeyFile: keyFile } } } });
  }
  if (options.s3) await core.api.settings.update({ patch: { revisions: { bucket: options.s3.bucket } } });
  const server = await startServer({ core, staticDir: path.join(repoRoot, 'dist', 'renderer'), logger });
  return {
    url: server.url,
    /** The core's home: ~/.ssh/known_hosts is under it. Removed by stop(). */
    home: scratch,
    ec2,
    fleet,
    /** The core itself, e.g. to spool a revision before the page opens. */
    core,
    stop: async () => {
      await server.close();
      await core.close();
      ec2.restore();
      sts.restore();
      iam.restore();
      ssm?.restore();
      secrets.restore();
      await new Promise((resolve) => app.close(resolve));
      rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}

export const test = base.extend<{ mocked: Awaited<ReturnType<typeof startMockedServe>> }>({
  mocked: async ({}, use) => {
    const served = await startMockedServe();
    await use(served);
    await served.stop();
  },
});

export { expect } from '@playwright/test';
