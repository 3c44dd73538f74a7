import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeInstancesCommand, DescribeSpotPriceHistoryCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createNodePorts } from '../node/node-ports';
import { createCore } from './create-core';
import { describeInstancesFake, ec2Instance } from './instances/instances.test-helpers';

const silent = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const pricing = mockClient(PricingClient);

afterAll(() => {
  ec2.restore();
  sts.restore();
  pricing.restore();
});

describe('createCore: prices', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-core-prices-'));
    ec2.reset();
    sts.reset();
    pricing.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Arn: 'arn:aws:iam::123456789012:user/ada', Account: '123456789012', UserId: 'AIDAEXAMPLE' });
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ type: 't3.small' })]));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (prices?: { cacheFile: string | null }) =>
    createCore(createNodePorts({ logger: silent, configDir: path.join(dir, 'config') }), {
      projectsDir: dir,
      mode: 'cli',
      version: '0.0.0',
      watch: false,
      home: dir,
      env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1' },
      ...(prices ? { prices } : {}),
    });

  test("the host's cache file prices the fleet (a fresh figure: no call); without one, the shipped table and no price calls", async () => {
    const asOf = new Date(Date.now() - 3_600_000).toISOString();
    const cacheFile = path.join(dir, 'cache', 'prices.json');
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ version: 1, onDemand: { 'us-east-1 t3.small': { usd: 0.0217, asOf } }, spot: {} }));
    const core = await open({ cacheFile });
    try {
      const fleet = await core.api.instances.list({ regions: ['us-east-1'] });
      expect(fleet.instances[0]).toMatchObject({ hourlyPrice: 0.0217, priceSource: { source: 'price-list', asOf } });
    } finally {
      await core.close();
    }
    expect(pricing.calls()).toHaveLength(0);

    const plain = await open();
    try {
      expect((await plain.api.instances.list({ regions: ['us-east-1'] })).instances[0]).toMatchObject({ hourlyPrice: 0.0208, priceSource: { source: 'shipped', asOf: '2025-06-01' } });
    } finally {
      await plain.close();
    }
    expect(pricing.calls()).toHaveLength(0);
    expect(ec2.commandCalls(DescribeSpotPriceHistoryCommand)).toHaveLength(0);
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(0);
  });
});
