import { DescribeImagesCommand, DescribeInstanceTypeOfferingsCommand, DescribeKeyPairsCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { PreflightItem } from '../../contract/instances/launch-dto';
import { createInstancesService } from './service';
import { ec2Error, gitRunner, happyAws, mockedAws, silentLogger, testDeps, testSettings } from './instances.test-helpers';
import { createPriceBook } from '../prices/price-book';
import { emptyCache } from '../prices/price-cache';

const { ec2, sts } = mockedAws();

const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x', env: { API_URL: 'https://api.example.com' } };
const statuses = (items: PreflightItem[]) => Object.fromEntries(items.map((i) => [i.id, i.status]));

describe('preflight', () => {
  test('every check passes, in order, with a plan', async () => {
    const { deps, recorded } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(result.ok).toBe(true);
    expect(result.items.map((i) => [i.id, i.status])).toEqual([
      ['template', 'pass'],
      ['credentials', 'pass'],
      ['branch', 'pass'],
      ['image', 'pass'],
      ['instance-type', 'pass'],
      ['key-pair', 'pass'],
      ['security-group', 'pass'],
      ['revision', 'skip'],
      ['instance-profile', 'skip'],
      ['ssm-role', 'skip'],
      ['parameters', 'pass'],
      ['budget', 'skip'],
      ['dry-run', 'pass'],
    ]);
    expect(result.items.find((i) => i.id === 'security-group')!.message).toBe(
      'Flotilla will create a security group for this launch opening TCP 22 and 8080 to 198.51.100.7/32, removed with its last instance.',
    );
    expect(result.plan).toMatchObject({
      project: 'web',
      region: 'us-east-1',
      imageId: 'ami-0123456789abcdef0',
      instanceType: 't3.small',
      count: 1,
      ttl: '24h',
      expiresAt: '2025-06-02T12:00:00Z',
      keyPair: 'ada',
      securityGroup: { mode: 'create', cidr: '198.51.100.7/32', ports: [22, 8080] },
      hourlyPrice: 0.0208,
      projectedCost: 0.5,
      priceSource: { source: 'shipped', asOf: '2025-06-01' },
      owner: expect.stringContaining('assumed-role/Developer'),
    });
    // Nothing was created.
    expect(ec2.commandCalls(RunInstancesCommand).every((c) => c.args[0].input.DryRun === true)).toBe(true);
    // Progress: each item went running, then its result, for the UI to show one by one.
    const progress = recorded.events.filter((e) => e.event === 'instances.preflight');
    const template = progress.map((e) => e.payload as { item: PreflightItem }).filter((p) => p.item.id === 'template').map((p) => p.item.status);
    expect(template).toEqual(['running', 'pass']);
    expect(progress.at(-1)!.payload).toMatchObject({ launchId: 'fl-0000000000aa', item: { id: 'dry-run', status: 'pass' } });
  });

  test('the dry run is the real request: guarded user-data, IMDSv2 tags, root volume, tags', async () => {
    const { deps } = testDeps();
    await createInstancesService(deps).api.preflight(input);
    const request = ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input;
    const userData = Buffer.from(request.UserData!, 'base64').toString('utf8');
    expect(userData).toContain("echo '2025-06-02T12:00:00Z' > /var/lib/flotilla/expires-at.launch");
    expect(userData).toContain("echo 'feature-x' 'https://api.example.com' '' ''");
    expect(request).toMatchObject({
      DryRun: true,
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 't3.small',
      KeyName: 'ada',
      MinCount: 1,
      MaxCount: 1,
      InstanceInitiatedShutdownBehavior: 'terminate',
      MetadataOptions: { HttpTokens: 'required', InstanceMetadataTags: 'enabled' },
    });
    // The image's own root mapping, so endpoints that require a size or snapshot accept it (ec2-endpoint-interop.test.ts).
    expect(request.BlockDeviceMappings).toEqual([{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-0a1b2c3d4e5f60718', VolumeSize: 8, VolumeType: 'gp3', DeleteOnTermination: true } }]);
    const tags = Object.fromEntries(request.TagSpecifications![0]!.Tags!.map((t) => [t.Key, t.Value]));
    expect(tags).toEqual({
      Name: 'web/feature-x',
      'flotilla:project': 'web',
      'flotilla:branch': 'feature-x',
      'flotilla:git-user': 'octocat',
      'flotilla:owner': 'arn:aws:sts::123456789012:assumed-role/Developer/ada@example.com',
      'flotilla:expires-at': '2025-06-02T12:00:00Z',
      'flotilla:launch-id': 'fl-0000000000aa',
      'flotilla:ready-url': 'http://localhost:8080/health',
      'flotilla:access': 'ssh',
      role: 'web',
      env: 'dev',
      site: 'shop',
    });
    expect(request.TagSpecifications!.map((t) => t.ResourceType)).toEqual(['instance', 'volume']);
  });

  test('UnauthorizedOperation fails the dry run with the command that decodes why', async () => {
    ec2.on(RunInstancesCommand).rejects(
      ec2Error('UnauthorizedOperation', 'You are not authorized to perform this operation. Encoded authorization failure message: 4mQ8-xYz_ENCODED', 403),
    );
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(result.ok).toBe(false);
    const dryRun = result.items.find((i) => i.id === 'dry-run')!;
    expect(dryRun.status).toBe('fail');
    expect(dryRun.message).toContain('aws sts decode-authorization-message --encoded-message 4mQ8-xYz_ENCODED');
  });

  test('a missing AMI and key pair fail with fixes, and the dry run is skipped', async () => {
    ec2.on(DescribeImagesCommand).rejects(ec2Error('InvalidAMIID.NotFound', "The image id '[ami-0123456789abcdef0]' does not exist"));
    ec2.on(DescribeKeyPairsCommand).rejects(ec2Error('InvalidKeyPair.NotFound', "The key pair 'ada' does not exist"));
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(statuses(result.items)).toMatchObject({ image: 'fail', 'key-pair': 'fail', 'dry-run': 'skip' });
    expect(result.items.find((i) => i.id === 'image')!.message).toMatch(/does not exist in us-east-1.*copy-image/);
    // The hint names the command as code and the place the key pair table really is (issue 14 item 4).
    expect(result.items.find((i) => i.id === 'key-pair')!.message).toContain('`aws ec2 import-key-pair`');
    expect(result.items.find((i) => i.id === 'key-pair')!.message).toContain('Settings → AWS regions (Key pair for us-east-1)');
    expect(result.items.find((i) => i.id === 'dry-run')!.message).toBe("Skipped until 'Image exists in the region', 'Key pair' pass.");
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });

  test('an instance type the region does not offer fails, with the fix', async () => {
    // us-east-1 offers other types (EC2 leaves a type it does not offer out of the answer).
    happyAws(ec2, sts, { offered: { 'us-east-1': ['m5.large', 't3.micro'] } });
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(statuses(result.items)).toMatchObject({ 'instance-type': 'fail', 'dry-run': 'skip' });
    expect(result.items.find((i) => i.id === 'instance-type')!.message).toBe(
      't3.small is not offered in us-east-1. Choose another instance type (or check the spelling), or another region.',
    );
  });

  test.each([
    ['lists no offering at all', () => ec2.on(DescribeInstanceTypeOfferingsCommand).resolves({ InstanceTypeOfferings: [] }), 'lists no instance type offerings at all'],
    ['does not implement the action', () => ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(ec2Error('InvalidAction', 'The action DescribeInstanceTypeOfferings is not valid for this web service.')), 'does not implement DescribeInstanceTypeOfferings (InvalidAction)'],
    ['answers 501', () => ec2.on(DescribeInstanceTypeOfferingsCommand).rejects(ec2Error('Unknown', 'Not Implemented', 501)), 'does not implement DescribeInstanceTypeOfferings'],
  ])('an EC2-compatible endpoint that %s gets a warning on the instance type, and the dry run decides', async (_what, arrange, why) => {
    arrange();
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(result.ok).toBe(true);
    expect(statuses(result.items)).toMatchObject({ 'instance-type': 'warn', 'dry-run': 'pass' });
    expect(result.items.find((i) => i.id === 'instance-type')!.message).toContain(why);
  });

  test('without credentials the AWS checks are skipped, not failed', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight(input);
    expect(statuses(result.items)).toMatchObject({ credentials: 'fail', image: 'skip', 'instance-type': 'skip', 'key-pair': 'skip', 'dry-run': 'skip', template: 'pass' });
    expect(result.items.find((i) => i.id === 'credentials')!.message).toMatch(/AWS_PROFILE/);
  });

  test('a missing branch fails; an offline GitHub only warns', async () => {
    const missing = testDeps({ runner: gitRunner([]) });
    expect(statuses((await createInstancesService(missing.deps).api.preflight(input)).items).branch).toBe('fail');
    const offline = testDeps({ runner: gitRunner([], { code: 128, stderr: 'fatal: unable to access: Could not resolve host: github.com' }) });
    const result = await createInstancesService(offline.deps).api.preflight(input);
    expect(statuses(result.items).branch).toBe('warn');
    expect(result.ok).toBe(true);
  });

  test('a budget cap blocks a launch projected over it, with the numbers', async () => {
    const { deps } = testDeps({ settings: () => testSettings({ budgetCap: 5 }) });
    const result = await createInstancesService(deps).api.preflight({ ...input, count: 20, ttl: '2d' });
    const budget = result.items.find((i) => i.id === 'budget')!;
    expect(budget.status).toBe('fail');
    expect(budget.message).toContain('about $19.97 (20 × t3.small for 2d in us-east-1; price: shipped table, 1 Jun 2025 — live price unavailable), over the budget cap of $5.00');
  });

  test('the plan and the budget cap price the launch from the same live figure, and say whence', async () => {
    const { deps, clock } = testDeps({ settings: () => testSettings({ budgetCap: 5 }) });
    const cache = emptyCache();
    cache.onDemand.set('us-east-1 t3.small', { usd: 0.0416, asOf: '2025-06-01T08:00:00.000Z' });
    const prices = createPriceBook({ clock, logger: silentLogger }, cache);
    const result = await createInstancesService({ ...deps, prices }).api.preflight({ ...input, count: 2, ttl: '2d' });
    expect(result.plan).toMatchObject({ hourlyPrice: 0.0416, projectedCost: 3.99, priceSource: { source: 'price-list', asOf: '2025-06-01T08:00:00.000Z' } });
    expect(result.items.find((i) => i.id === 'budget')).toMatchObject({
      status: 'pass',
      message: 'About $3.99 (2 × t3.small for 2d in us-east-1; price: AWS price list, 1 Jun 2025), within the cap of $5.00.',
    });
  });

  test("a Spot launch is priced at the lowest zone's Spot price; one that may fall back, at on-demand", async () => {
    const { deps, clock } = testDeps({ settings: () => testSettings({ budgetCap: 5 }) });
    const cache = emptyCache();
    const asOf = '2025-06-01T08:00:00.000Z';
    cache.onDemand.set('us-east-1 t3.small', { usd: 0.0208, asOf });
    cache.spot.set('us-east-1 t3.small', { zones: { 'us-east-1a': 0.0071, 'us-east-1b': 0.0062 }, asOf });
    const service = createInstancesService({ ...deps, prices: createPriceBook({ clock, logger: silentLogger }, cache) });
    const spot = await service.api.preflight({ ...input, market: 'spot' });
    expect(spot.plan).toMatchObject({ market: 'spot', hourlyPrice: 0.0062, priceSource: { source: 'spot-history', asOf } });
    expect(spot.items.find((i) => i.id === 'budget')?.message).toContain('price: Spot price history, 1 Jun 2025');
    const either = await service.api.preflight({ ...input, market: 'spot-or-on-demand' });
    expect(either.plan).toMatchObject({ market: 'spot-or-on-demand', hourlyPrice: 0.0208, priceSource: { source: 'price-list', asOf } });
  });

  test('an existing security group must open the ready-url port', async () => {
    const { DescribeSecurityGroupsCommand } = await import('@aws-sdk/client-ec2');
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0123456789abcdef0', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }] });
    const { deps } = testDeps();
    const result = await createInstancesService(deps).api.preflight({ ...input, securityGroupId: 'sg-0123456789abcdef0' });
    expect(result.items.find((i) => i.id === 'security-group')).toMatchObject({ status: 'fail', message: expect.stringContaining('TCP 8080') });
  });

  test("input errors are refused before any check, all of them listed", async () => {
    const { deps } = testDeps();
    const error = await createInstancesService(deps).api.preflight({ ...input, count: 21, ttl: '9d', env: { 'bad-name': 'x' }, branch: 'a;reboot' }).catch((e) => e);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/^Cannot launch web: count must be a whole number from 1 to 20, not 21 \(and 3 more problems\)\.$/);
    expect(error.data.problems).toHaveLength(4);
    expect(ec2.calls()).toHaveLength(0);
  });
});
