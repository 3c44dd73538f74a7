import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type ListAttachedRolePoliciesCommandInput,
} from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import type { PreflightItem } from '../../contract/instances/launch-dto';
import { createInstancesService } from './service';
import { fakeProjects, happyAws, instanceProfileAnswer, loadedProject, testDeps, WEB_SOURCE } from './instances.test-helpers';
import { trustsEc2 } from './preflight-ssm-role';

const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const iam = mockClient(IAMClient);

/** An AWS error as the SDK throws it for IAM (query protocol). */
const awsError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** A trust policy as IAM answers it: URL-encoded JSON (RFC 3986). */
const EC2_TRUST = encodeURIComponent(
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
);
const LAMBDA_TRUST = encodeURIComponent(
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }] }),
);
const CORE = { PolicyName: 'AmazonSSMManagedInstanceCore', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' };

const profileAnswer = (trust = EC2_TRUST) => instanceProfileAnswer(trust);

function project(access: string, profile: string | null = 'web-app') {
  const meta = `# fleeting-meta:access = ${access}\n${profile ? `# fleeting-meta:iam-instance-profile = ${profile}\n` : ''}`;
  return fakeProjects([loadedProject('web', WEB_SOURCE.replace('set -euo', `${meta}set -euo`))]);
}

const input = { project: 'web', gitUser: 'octocat', branch: 'feature-x' };
const item = (items: PreflightItem[], id: string) => items.find((i) => i.id === id)!;
const preflight = (access: string, profile?: string | null, extra: Partial<typeof input> & { keyPair?: string; securityGroupId?: string } = {}) =>
  createInstancesService(testDeps({ projects: project(access, profile) }).deps).api.preflight({ ...input, ...extra });

beforeEach(() => {
  for (const mock of [ec2, sts, iam]) mock.reset();
  happyAws(ec2, sts);
  iam.on(GetInstanceProfileCommand).resolves(profileAnswer());
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [CORE], IsTruncated: false });
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [], IsTruncated: false });
});
afterAll(() => {
  for (const mock of [ec2, sts, iam]) mock.restore();
});

describe('launching with access = ssm', () => {
  test('no key pair, a group opening only the ready-url port, the access tag, and a passing ssm-role check', async () => {
    const { deps } = testDeps({ projects: project('ssm') });
    const api = createInstancesService(deps).api;
    const result = await api.preflight(input);
    expect(result.ok).toBe(true);
    expect(item(result.items, 'ssm-role')).toMatchObject({ status: 'pass', message: expect.stringContaining('web-app-role has AmazonSSMManagedInstanceCore') });
    expect(item(result.items, 'key-pair')).toMatchObject({ status: 'pass', message: expect.stringContaining('reached over SSM') });
    expect(result.plan).toMatchObject({ access: 'ssm', keyPair: null, securityGroup: { mode: 'create', ports: [8080] } });
    const dry = ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input;
    expect(dry.KeyName).toBeUndefined();
    expect(dry.TagSpecifications![0]!.Tags).toContainEqual({ Key: 'flotilla:access', Value: 'ssm' });

    const launched = await api.launch(input);
    expect(launched.instances[0]!.access).toBe('ssm');
    const rules = ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input.IpPermissions!.map((p) => p.FromPort));
    expect(rules).toEqual([[8080]]);
    expect(ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input.Description).toContain('ready-url from');
  });

  test('a key pair the user chose is still passed', async () => {
    const result = await preflight('ssm', 'web-app', { keyPair: 'ada' });
    expect(result.plan.keyPair).toBe('ada');
    expect(ec2.commandCalls(RunInstancesCommand)[0]!.args[0].input.KeyName).toBe('ada');
  });

  test('access = both keeps port 22 and the settings key pair, and checks the role', async () => {
    const result = await preflight('both');
    expect(result.plan).toMatchObject({ access: 'both', keyPair: 'ada', securityGroup: { ports: [22, 8080] } });
    expect(item(result.items, 'ssm-role').status).toBe('pass');
  });

  test('without an instance profile: a pre-flight failure saying how to fix it', async () => {
    for (const access of ['ssm', 'both']) {
      const result = await preflight(access, null);
      expect(result.ok).toBe(false);
      expect(item(result.items, 'instance-profile')).toMatchObject({
        status: 'fail',
        message: expect.stringMatching(/access = (ssm|both), but names no instance profile.*fleeting-meta:iam-instance-profile.*AmazonSSMManagedInstanceCore/),
      });
      expect(item(result.items, 'ssm-role').status).toBe('skip');
    }
    expect(iam.commandCalls(GetInstanceProfileCommand)).toHaveLength(0);
  });

  test('an existing group without port 22 passes for ssm', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [{ GroupId: 'sg-0bbbbbbbbbbbbbbbb', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '198.51.100.7/32' }] }] }],
    });
    const result = await preflight('ssm', 'web-app', { securityGroupId: 'sg-0bbbbbbbbbbbbbbbb' });
    expect(item(result.items, 'security-group')).toMatchObject({ status: 'pass', message: expect.stringContaining('shells go over SSM') });
  });
});

describe("pre-flight 'ssm-role'", () => {
  test('the managed policy on a later page of ListAttachedRolePolicies is found (Marker followed)', async () => {
    iam.on(ListAttachedRolePoliciesCommand).callsFake(async (request: ListAttachedRolePoliciesCommandInput) =>
      request.Marker === 'page-2'
        ? { AttachedPolicies: [CORE], IsTruncated: false }
        : { AttachedPolicies: [{ PolicyName: 'web-app-s3', PolicyArn: 'arn:aws:iam::123456789012:policy/web-app-s3' }], IsTruncated: true, Marker: 'page-2' },
    );
    const result = await preflight('ssm');
    expect(item(result.items, 'ssm-role').status).toBe('pass');
    // Two pages asked for (the SDK's paginator reuses its input object, so only the last Marker can be read back).
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(2);
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand).at(-1)!.args[0].input.Marker).toBe('page-2');
  });

  test('a role without the managed policy or any other: a warning naming it, with the command to attach it', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    const result = await preflight('ssm');
    expect(result.ok).toBe(true);
    expect(item(result.items, 'ssm-role')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('lacks the managed policy AmazonSSMManagedInstanceCore'),
    });
    expect(item(result.items, 'ssm-role').message).toContain('aws iam attach-role-policy --role-name web-app-role --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
  });

  test('only inline policies: passes when they name the agent’s actions, else "could not confirm" (never a failure)', async () => {
    iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
    iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['ssm-agent'], IsTruncated: false });
    const agent = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:UpdateInstanceInformation', 'ssmmessages:*', 'ec2messages:*'], Resource: '*' }] };
    iam.on(GetRolePolicyCommand).resolves({ RoleName: 'web-app-role', PolicyName: 'ssm-agent', PolicyDocument: encodeURIComponent(JSON.stringify(agent)) });
    expect(item((await preflight('ssm')).items, 'ssm-role')).toMatchObject({ status: 'pass', message: expect.stringContaining('inline policy ssm-agent') });

    const s3Only = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web/*' }] };
    iam.on(GetRolePolicyCommand).resolves({ RoleName: 'web-app-role', PolicyName: 'ssm-agent', PolicyDocument: encodeURIComponent(JSON.stringify(s3Only)) });
    expect(item((await preflight('ssm')).items, 'ssm-role')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^Could not confirm that role web-app-role.*ssm-agent \(inline\)/) });
  });

  test('a trust policy that does not let EC2 assume the role fails, saying how to fix it', async () => {
    iam.on(GetInstanceProfileCommand).resolves(profileAnswer(LAMBDA_TRUST));
    const result = await preflight('ssm');
    expect(result.ok).toBe(false);
    expect(item(result.items, 'ssm-role')).toMatchObject({ status: 'fail', message: expect.stringContaining('does not let EC2 assume it') });
  });

  test('a profile answer without the trust policy: it is read with GetRole (unreadable: a warning, not a failure)', async () => {
    iam.on(GetInstanceProfileCommand).resolves(profileAnswer(''));
    iam.on(GetRoleCommand).resolves({ Role: { ...profileAnswer().InstanceProfile.Roles[0]!, AssumeRolePolicyDocument: LAMBDA_TRUST } });
    expect(item((await preflight('ssm')).items, 'ssm-role').status).toBe('fail');
    expect(iam.commandCalls(GetRoleCommand)[0]!.args[0].input).toEqual({ RoleName: 'web-app-role' });

    iam.on(GetRoleCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ada is not authorized to perform: iam:GetRole', 403));
    expect(item((await preflight('ssm')).items, 'ssm-role')).toMatchObject({ status: 'warn', message: expect.stringContaining('Could not read its trust policy') });
  });

  test('AccessDenied on IAM reads is a warning ("could not check"), not a failure', async () => {
    iam.on(ListAttachedRolePoliciesCommand).rejects(
      awsError('AccessDenied', 'User: arn:aws:iam::123456789012:user/ada is not authorized to perform: iam:ListAttachedRolePolicies on resource: role web-app-role', 403),
    );
    const result = await preflight('ssm');
    expect(result.ok).toBe(true);
    expect(item(result.items, 'ssm-role')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^Could not check .*AccessDenied/) });
  });

  test('not reached over SSM: skipped without asking IAM', async () => {
    const result = await preflight('ssh');
    expect(item(result.items, 'ssm-role').status).toBe('skip');
    expect(iam.commandCalls(ListAttachedRolePoliciesCommand)).toHaveLength(0);
  });
});

describe('trustsEc2 (hostile trust documents)', () => {
  test.each([
    [EC2_TRUST, true],
    [LAMBDA_TRUST, false],
    [encodeURIComponent(JSON.stringify({ Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com.cn' }, Action: 'sts:AssumeRole' } })), true],
    [encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] })), false],
    [encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com.evil.example' }, Action: 'sts:AssumeRole' }] })), false],
    ['%E0%A4%A', null],
    [encodeURIComponent('not json'), null],
    [encodeURIComponent('null'), null],
    [undefined, null],
  ])('%s → %s', (document, expected) => {
    expect(trustsEc2(document)).toBe(expected);
  });
});
