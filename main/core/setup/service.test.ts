import { DescribeKeyPairsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { Settings } from '../../contract/settings/dto';
import { createAwsClientFactory } from '../aws/client-factory';
import { defaultSettings } from '../settings/schema';
import { createSetupService } from './service';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
afterEach(() => {
  ec2.reset();
  sts.reset();
});

const ENV = { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', AWS_EC2_METADATA_DISABLED: 'true' };
const ARN = 'arn:aws:iam::123456789012:user/ada';

function service(settings: Partial<Settings> = {}, o: { ip?: string; agent?: boolean } = {}) {
  const s = { ...defaultSettings(), ...settings };
  return createSetupService({
    settings: () => s,
    env: ENV,
    aws: createAwsClientFactory({ env: ENV }),
    publicIp: async () => {
      if (!o.ip) throw new Error('Could not find your public IP address (offline). Set an ingress CIDR in Settings → Instances.');
      return o.ip;
    },
    sshAgent: async () => (o.agent ? { label: 'the ssh-agent at /tmp/agent (SSH_AUTH_SOCK)' } : null),
    redact: (t) => t.replaceAll(ENV.AWS_SECRET_ACCESS_KEY, '[secret]'),
  }).api;
}

const byId = (items: { id: string; done: boolean; detail: string }[]) => Object.fromEntries(items.map((i) => [i.id, i]));

describe('setup.connection', () => {
  test("names the environment's credentials, the STS identity and the regions", async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, Account: '123456789012', UserId: 'AIDA' });
    const status = await service({ regions: ['us-east-1', 'eu-west-1'] }).connection({});
    expect(status).toMatchObject({
      sourceLabel: 'environment (AWS_ACCESS_KEY_ID AKIA…MPLE)',
      identity: { arn: ARN, account: '123456789012' },
      error: null,
      regions: ['us-east-1', 'eu-west-1'],
      defaultRegion: 'us-east-1',
      endpoint: null,
    });
    expect(JSON.stringify(status)).not.toContain('wJalr');
  });

  test('a picked profile is the source; refused credentials give the error, not an identity', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' }));
    const status = await service({ credential: { kind: 'profile', name: 'dev' } }).connection({});
    expect(status.sourceLabel).toBe('profile dev');
    expect(status.identity).toBeNull();
    expect(status.error).toMatch(/InvalidClientTokenId/);
  });
});

describe('setup.checklist', () => {
  test('an unconfigured install: the key pair and ingress are open, with what the region holds', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, Account: '123456789012' });
    ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'ada-laptop' }] });
    const items = byId((await service().checklist({})).items);
    expect(items.credentials).toMatchObject({ done: true, detail: `Environment (AWS_ACCESS_KEY_ID AKIA…MPLE): ${ARN}` });
    expect(items.region).toMatchObject({ done: true });
    expect(items.key).toMatchObject({ done: false, detail: expect.stringContaining('us-east-1 has ada-laptop') });
    expect(items.ingress).toMatchObject({ done: false, detail: expect.stringContaining('public IP') });
    expect(items.bucket).toMatchObject({ done: false, optional: true });
  });

  test('without working credentials the region waits for them', async () => {
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const items = byId((await service().checklist({})).items);
    expect(items.credentials!.done).toBe(false);
    expect(items.region).toMatchObject({ done: false, detail: 'us-east-1: checked once the credentials work.' });
    expect(ec2.commandCalls(DescribeKeyPairsCommand)).toHaveLength(0);
  });

  test('a key pair that exists with an agent key, and the public IP: every required line is done', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, Account: '123456789012' });
    ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [{ KeyName: 'ada-laptop' }] });
    const items = (await service({ regionKeys: { 'us-east-1': { keyPair: 'ada-laptop', sshKeyFile: null } } }, { ip: '203.0.113.7', agent: true }).checklist({})).items;
    expect(items.filter((i) => !i.done).map((i) => i.id)).toEqual(['bucket']);
    expect(byId(items).ingress!.detail).toContain('203.0.113.7/32');
  });

  test('a key pair missing from the region says how to import it', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Arn: ARN, Account: '123456789012' });
    ec2.on(DescribeKeyPairsCommand).resolves({ KeyPairs: [] });
    const items = byId((await service({ regionKeys: { 'us-east-1': { keyPair: 'gone', sshKeyFile: '~/.ssh/gone.pem' } }, ingressCidr: '203.0.113.0/24' }).checklist({})).items);
    expect(items.key).toMatchObject({ done: false, detail: expect.stringContaining('`aws ec2 import-key-pair`') });
    expect(items.ingress).toMatchObject({ done: true });
  });
});
