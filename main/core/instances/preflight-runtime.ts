import { GetInstanceProfileCommand, type IAMClient } from '@aws-sdk/client-iam';
import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DescribeParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { LaunchEnvSource } from '../../contract/instances/launch-dto';
import { awsErrorCode, awsErrorMessage, isAccessDenied } from '../shared/aws-errors';
import { referenceRegion, referenceText, type EnvReference } from './env-references';
import type { NormalizedLaunch } from './launch-input';
import type { CheckOutcome } from './preflight-checks';
import { INSTANCE_PROFILE_ARN } from './run-params';

/** The profile's name: the last part of an ARN's path, else the value itself. */
export function profileName(profile: string): string {
  return INSTANCE_PROFILE_ARN.test(profile) ? profile.slice(profile.lastIndexOf('/') + 1) : profile;
}

const referencedKeys = (sources: readonly LaunchEnvSource[]) => sources.filter((s) => s.reference).map((s) => s.key);
const listed = (keys: string[]) => `${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'}`;

/**
 * The project's instance profile exists (IAM GetInstanceProfile) and has a role. Required when the
 * launch's env has references (the instance reads them with that role) and when the project is
 * reached over SSM (`access` ssm or both: the SSM agent registers with that role). Not knowing (the caller
 * may not call GetInstanceProfile) is a warning: the dry run still checks iam:PassRole.
 */
export async function checkInstanceProfile(iam: IAMClient, launch: NormalizedLaunch): Promise<CheckOutcome> {
  const profile = launch.project.iamInstanceProfile;
  const references = referencedKeys(launch.envSources);
  if (!profile) {
    if (launch.project.access !== 'ssh') {
      return {
        status: 'fail',
        message:
          `${launch.project.file} says access = ${launch.project.access}, but names no instance profile, so the SSM agent cannot register and SSM cannot reach the instances: add ` +
          '`# fleeting-meta:iam-instance-profile = <name or ARN>`, a profile whose role has the AWS managed policy AmazonSSMManagedInstanceCore (or set access = ssh).',
      };
    }
    if (references.length === 0) return { status: 'skip', message: 'No instance profile (fleeting-meta:iam-instance-profile): the instances get no AWS role.' };
    return {
      status: 'fail',
      message:
        `${listed(references)} read from AWS at boot with the instance's role, but ${launch.project.file} names no instance profile: add ` +
        '`# fleeting-meta:iam-instance-profile = <name or ARN>`, a profile whose role may read them.',
    };
  }
  const name = profileName(profile);
  try {
    const answer = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }));
    const roles = (answer.InstanceProfile?.Roles ?? []).map((r) => r.RoleName).filter(Boolean);
    if (roles.length === 0) {
      const message = `Instance profile '${name}' has no role, so the instances get no AWS credentials: add one with aws iam add-role-to-instance-profile.`;
      return { status: references.length > 0 ? 'fail' : 'warn', message };
    }
    const reads = references.length > 0 ? ` Its role must be allowed to read ${references.join(', ')}'s parameters and secrets.` : '';
    return { status: 'pass', message: `Instance profile '${name}' exists (role ${roles.join(', ')}); the instances get its credentials.${reads}` };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'NoSuchEntityException' || code === 'NoSuchEntity') {
      return {
        status: 'fail',
        message:
          `Instance profile '${name}' does not exist in this account: create it (aws iam create-instance-profile, then add-role-to-instance-profile), ` +
          `or fix fleeting-meta:iam-instance-profile in ${launch.project.file}.`,
      };
    }
    if (isAccessDenied(error)) {
      return { status: 'warn', message: `Could not check instance profile '${name}': your identity may not call iam:GetInstanceProfile (${code}). The dry run still checks that you may pass it (iam:PassRole).` };
    }
    throw new Error(`Could not check instance profile '${name}': ${code}: ${awsErrorMessage(error)}`);
  }
}

/**
 * SSM's DescribeParameters takes at most 50 values per filter (ParameterStringFilter.Values) and
 * answers at most 50 per page (MaxResults).
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterStringFilter.html
 */
const SSM_BATCH = 50;

export interface ParameterClients {
  ssm(region: string): SSMClient;
  secretsManager(region: string): SecretsManagerClient;
}

/** Which references do not exist, by reference text; throws the AWS error for anything but absence. */
async function missingReferences(clients: ParameterClients, references: EnvReference[], region: string): Promise<Set<string>> {
  const missing = new Set<string>();
  const byRegion = new Map<string, Set<string>>();
  for (const ref of references.filter((r) => r.kind === 'ssm')) {
    const at = referenceRegion(ref, region);
    byRegion.set(at, (byRegion.get(at) ?? new Set()).add(ref.name));
  }
  for (const [at, unique] of byRegion) {
    const names = [...unique];
    const found = new Set<string>();
    for (let i = 0; i < names.length; i += SSM_BATCH) {
      const batch = names.slice(i, i + SSM_BATCH);
      let token: string | undefined;
      do {
        const page = await clients.ssm(at).send(
          new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: batch }], MaxResults: SSM_BATCH, NextToken: token }),
        );
        for (const p of page.Parameters ?? []) if (p.Name) found.add(p.Name);
        token = page.NextToken;
      } while (token);
    }
    for (const name of names) if (!found.has(name)) missing.add(referenceText({ kind: 'ssm', name }));
  }
  for (const ref of references.filter((r) => r.kind === 'secretsmanager')) {
    try {
      await clients.secretsManager(referenceRegion(ref, region)).send(new DescribeSecretCommand({ SecretId: ref.name }));
    } catch (error) {
      if (awsErrorCode(error) === 'ResourceNotFoundException') missing.add(referenceText(ref));
      else throw error;
    }
  }
  return missing;
}

/** `from the env file (projects/x.env): A, B; from the launch: C; read at boot: D from ssm:/d`. */
export function envSourcesText(sources: readonly LaunchEnvSource[], envFile: string | null): string {
  const plain = (source: LaunchEnvSource['source']) => sources.filter((s) => s.source === source && !s.reference).map((s) => s.key);
  const parts: string[] = [];
  if (plain('env-file').length) parts.push(`from the env file${envFile ? ` (${envFile})` : ''}: ${plain('env-file').join(', ')}`);
  if (plain('launch').length) parts.push(`from the launch: ${plain('launch').join(', ')}`);
  const refs = sources.filter((s) => s.reference).map((s) => `${s.key} from ${referenceText(s.reference!)}${s.source === 'launch' ? ' (launch)' : ''}`);
  if (refs.length) parts.push(`read at boot: ${refs.join(', ')}`);
  return parts.join('; ');
}

/**
 * Says where each environment variable comes from, and that each referenced SSM parameter
 * (DescribeParameters, by exact name, in batches) and secret (DescribeSecret) exists: names only,
 * never a value. Not being allowed to look is a warning (the instance may still read them).
 */
export async function checkParameters(clients: ParameterClients, launch: NormalizedLaunch): Promise<CheckOutcome> {
  const sources = launch.envSources;
  if (sources.length === 0) return { status: 'skip', message: 'No environment variables (no env file, none given).' };
  const where = `${sources.length} variable${sources.length === 1 ? '' : 's'}: ${envSourcesText(sources, launch.project.envFile?.file ?? null)}.`;
  const references = sources.filter((s) => s.reference).map((s) => s.reference!);
  if (references.length === 0) return { status: 'pass', message: where };
  let missing: Set<string>;
  try {
    missing = await missingReferences(clients, references, launch.region);
  } catch (error) {
    if (isAccessDenied(error)) {
      return { status: 'warn', message: `${where} Could not check that the parameters and secrets exist: your identity may not describe them (${awsErrorCode(error)}); the instance reads them with its own role.` };
    }
    throw new Error(`Could not check the parameters and secrets: ${awsErrorCode(error)}: ${awsErrorMessage(error)}`);
  }
  if (missing.size === 0) return { status: 'pass', message: `${where} Every parameter and secret exists.` };
  const gone = sources.filter((s) => s.reference && missing.has(referenceText(s.reference))).map((s) => `${s.key} (${referenceText(s.reference!)} in ${referenceRegion(s.reference!, launch.region)})`);
  return {
    status: 'fail',
    message: `${where} Not found: ${gone.join(', ')}. Create ${gone.length === 1 ? 'it' : 'them'} (aws ssm put-parameter / aws secretsmanager create-secret) or fix the reference.`,
  };
}
