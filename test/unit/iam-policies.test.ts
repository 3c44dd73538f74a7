import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allowedActions, allows, awsCalls, iamActionOf, reachableFiles } from './aws-calls';

// The least-privilege policies README → "IAM permissions" ships (security/iam/*.json) against what
// the code really calls: every call the app can make is allowed, and nothing is allowed that no
// code needs. A new AWS call without its permission, or a permission left behind, fails here.
const root = path.resolve(import.meta.dirname, '..', '..');
const policy = (name: string) => JSON.parse(readFileSync(path.join(root, 'security/iam', name), 'utf8')) as Parameters<typeof allowedActions>[0];
const actionsOf = (calls: Set<string>) => [...new Set([...calls].map(iamActionOf).filter((a): a is string => a !== null))].sort();

/** Needed though no `new <Op>Command` names them: AWS authorizes them inside other calls. */
const IMPLIED_BY_OTHER_CALLS = [
  'iam:PassRole', // RunInstances with an IamInstanceProfile passes the profile's role to EC2
  'iam:CreateServiceLinkedRole', // the account's first Spot launch creates AWSServiceRoleForEC2Spot
  // "Open shell (SSM)" runs your AWS CLI's `aws ssm start-session`, with the same identity
  'ssm:StartSession',
  'ssm:TerminateSession',
  'ssm:ResumeSession',
];

describe("Flotilla's user policy (security/iam/flotilla-user-policy.json)", () => {
  const allowed = allowedActions(policy('flotilla-user-policy.json'));
  // Everything the app, browser mode and the CLI can call goes through the core.
  const needed = actionsOf(awsCalls([...reachableFiles(path.join(root, 'main/core/create-core.ts')), ...reachableFiles(path.join(root, 'main/cli/index.ts'))]));

  test('allows every AWS call the core and the CLI can make', () => {
    expect(needed.length).toBeGreaterThan(20);
    expect(needed.filter((action) => !allows(allowed, action))).toEqual([]);
  });

  test('the shell over SSM really runs aws ssm start-session', () => {
    expect(readFileSync(path.join(root, 'main/core/instances/ssm-shell.ts'), 'utf8')).toMatch(/'ssm',\s*'start-session'/);
  });

  test('allows nothing the code does not need (no wildcards)', () => {
    expect(allowed.filter((a) => a.includes('*'))).toEqual([]);
    expect(allowed.filter((a) => !needed.includes(a) && !IMPLIED_BY_OTHER_CALLS.includes(a))).toEqual([]);
  });
});

describe("the instance profile's policy (security/iam/instance-profile-policy.json)", () => {
  const allowed = allowedActions(policy('instance-profile-policy.json'));
  /** What runs on the instance: flotilla-agent sync (S3) and the boot script's AWS CLI calls. */
  const boot = [
    ['main/core/instances/env-prelude.ts', 'aws ssm get-parameter', 'ssm:GetParameter'],
    ['main/core/instances/env-prelude.ts', 'aws secretsmanager get-secret-value', 'secretsmanager:GetSecretValue'],
    ['main/core/instances/expiry-guard.ts', 'aws ec2 create-tags', 'ec2:CreateTags'],
  ] as const;

  test.each(boot)('%s runs `%s`, which needs %s, allowed', (file, command, action) => {
    expect(readFileSync(path.join(root, file), 'utf8')).toContain(command);
    expect(allows(allowed, action)).toBe(true);
  });

  test('lets flotilla-agent sync read the revisions and report what it runs, and no more', () => {
    const agentCalls = actionsOf(awsCalls(reachableFiles(path.join(root, 'main/agent/index.ts'))));
    const sync = ['s3:GetObject', 's3:ListBucket', 's3:PutObject'];
    for (const action of sync) expect(agentCalls).toContain(action);
    expect(allowed.filter((a) => !sync.includes(a) && !boot.some(([, , action]) => action === a))).toEqual([]);
  });

  test("lets the SSM agent put Sync now's whole output under the SSM output prefix, and nowhere else new", () => {
    const document = JSON.parse(readFileSync(path.join(root, 'security/iam/instance-profile-policy.json'), 'utf8')) as { Statement: Array<{ Action: string | string[]; Resource: string | string[] }> };
    const puts = document.Statement.filter((st) =>
      [st.Action].flat().includes('s3:PutObject'),
    );
    expect(puts.flatMap((st) => [st.Resource].flat()).sort()).toEqual(['arn:aws:s3:::REVISIONS-BUCKET/flotilla-ssm-output/*', 'arn:aws:s3:::REVISIONS-BUCKET/flotilla-status/*']);
    // The prefix the README and the settings form suggest is the one the policy allows.
    expect(readFileSync(path.join(root, 'renderer/src/features/settings/SettingsForm.tsx'), 'utf8')).toContain("placeholder: 'flotilla-ssm-output/'");
  });
});

describe('the scanner', () => {
  test('maps S3 operations to their IAM actions and ignores calls that need none', () => {
    expect(iamActionOf('s3:HeadObject')).toBe('s3:GetObject');
    expect(iamActionOf('s3:ListObjectsV2')).toBe('s3:ListBucket');
    expect(iamActionOf('secrets-manager:DescribeSecret')).toBe('secretsmanager:DescribeSecret');
    expect(iamActionOf('sts:GetCallerIdentity')).toBeNull();
    expect(() => iamActionOf('s3:PutBucketPolicy')).toThrow(/S3_ACTIONS/);
  });

  test('a wildcard allows what it covers', () => {
    expect(allows(['ec2:Describe*'], 'ec2:DescribeInstances')).toBe(true);
    expect(allows(['ec2:DescribeInstances'], 'ec2:RunInstances')).toBe(false);
  });
});
