import {
  GetInstanceProfileCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  type IAMClient,
  type Role,
} from '@aws-sdk/client-iam';
import { awsErrorCode, awsErrorMessage, isAccessDenied } from '../shared/aws-errors';
import type { NormalizedLaunch } from './launch-input';
import type { CheckOutcome } from './preflight-checks';
import { profileName } from './preflight-runtime';

/** The AWS managed policy that lets the SSM agent register and open sessions. */
export const SSM_CORE_POLICY = 'AmazonSSMManagedInstanceCore';

/** What the SSM agent needs, as an inline or customer policy would name it. */
const SSM_AGENT_ACTIONS = ['ssm:UpdateInstanceInformation', 'ssmmessages:*', 'ec2messages:*'];

const attachCommand = (role: string) => `aws iam attach-role-policy --role-name ${role} --policy-arn arn:aws:iam::aws:policy/${SSM_CORE_POLICY}`;

/** Pages followed at most per list (IAM answers up to 1000 items a page): a Marker that never ends is an endpoint's fault. */
const MAX_PAGES = 20;

/** `"x"` or `["x", "y"]` as a list of strings; anything else: none. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Whether a trust policy (IAM answers it URL-encoded, RFC 3986) lets EC2 assume the role: an Allow
 * statement whose Principal.Service names ec2.amazonaws.com (or the China partition's
 * ec2.amazonaws.com.cn) for sts:AssumeRole. null when the document cannot be read.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html (AssumeRolePolicyDocument)
 */
export function trustsEc2(document: string | undefined): boolean | null {
  if (!document) return null;
  let policy: unknown;
  try {
    policy = JSON.parse(decodeURIComponent(document));
  } catch {
    return null;
  }
  if (!policy || typeof policy !== 'object') return null;
  const raw = (policy as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((s): s is Record<string, unknown> => Boolean(s) && typeof s === 'object');
  return statements.some((s) => {
    if (s.Effect !== 'Allow') return false;
    const actions = strings(s.Action);
    if (!actions.some((a) => /^(sts:AssumeRole|sts:\*|\*)$/i.test(a))) return false;
    const principal = s.Principal;
    if (principal === '*') return true;
    const services = principal && typeof principal === 'object' ? strings((principal as { Service?: unknown }).Service) : [];
    return services.some((service) => /^ec2\.amazonaws\.com(\.cn)?$/.test(service));
  });
}

/** Whether the policy texts name every action the SSM agent needs (or a wildcard over them). */
function namesAgentActions(documents: readonly string[]): boolean {
  const text = documents.join('\n');
  const allows = (action: string) => {
    const [service] = action.split(':');
    return text.includes(`"${action}"`) || text.includes(`"${service}:*"`) || text.includes('"*"');
  };
  return SSM_AGENT_ACTIONS.every(allows);
}

interface RolePolicies {
  attached: string[];
  inline: Array<{ name: string; document: string }>;
}

async function rolePolicies(iam: IAMClient, role: string): Promise<RolePolicies> {
  const attached: string[] = [];
  let pages = 0;
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: role })) {
    for (const p of page.AttachedPolicies ?? []) if (p.PolicyName) attached.push(p.PolicyName);
    if (++pages >= MAX_PAGES) break;
  }
  if (attached.includes(SSM_CORE_POLICY)) return { attached, inline: [] };
  const names: string[] = [];
  pages = 0;
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: role })) {
    names.push(...(page.PolicyNames ?? []).filter((n) => typeof n === 'string'));
    if (++pages >= MAX_PAGES) break;
  }
  const inline = await Promise.all(
    names.slice(0, 10).map(async (name) => {
      const answer = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: name }));
      return { name, document: safeDecode(answer.PolicyDocument ?? '') };
    }),
  );
  return { attached, inline };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One role's findings: a failure, a warning, or a pass, each with its sentence. */
/**
 * The role's trust policy: as GetInstanceProfile listed it, else from GetRole (an answer may leave
 * it empty, as AWS's own GetInstanceProfile example does); undefined when IAM will not say.
 */
async function trustDocument(iam: IAMClient, role: Role): Promise<string | undefined> {
  if (role.AssumeRolePolicyDocument) return role.AssumeRolePolicyDocument;
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: role.RoleName }))).Role?.AssumeRolePolicyDocument || undefined;
  } catch (error) {
    if (isAccessDenied(error)) return undefined;
    throw error;
  }
}

async function checkRole(iam: IAMClient, role: Role): Promise<CheckOutcome> {
  const name = role.RoleName ?? '';
  const trust = trustsEc2(await trustDocument(iam, role));
  if (trust === false) {
    return {
      status: 'fail',
      message: `Role ${name}'s trust policy does not let EC2 assume it (no Allow for the service ec2.amazonaws.com), so the instances get no credentials and the SSM agent cannot register: add ec2.amazonaws.com as a trusted service (aws iam update-assume-role-policy).`,
    };
  }
  const unreadTrust = trust === null ? ` Could not read its trust policy; it must trust ec2.amazonaws.com.` : '';
  const { attached, inline } = await rolePolicies(iam, name);
  if (attached.includes(SSM_CORE_POLICY)) {
    return { status: trust === null ? 'warn' : 'pass', message: `Role ${name} has ${SSM_CORE_POLICY}, so the SSM agent can register.${unreadTrust}` };
  }
  if (inline.length > 0 && namesAgentActions(inline.map((p) => p.document))) {
    return { status: trust === null ? 'warn' : 'pass', message: `Role ${name}'s inline polic${inline.length === 1 ? 'y' : 'ies'} ${inline.map((p) => p.name).join(', ')} name ${SSM_AGENT_ACTIONS.join(', ')}, so the SSM agent should register.${unreadTrust}` };
  }
  const others = [...attached, ...inline.map((p) => `${p.name} (inline)`)];
  if (others.length > 0) {
    return {
      status: 'warn',
      message: `Could not confirm that role ${name} lets the SSM agent register: it lacks ${SSM_CORE_POLICY}, and its other policies (${others.join(', ')}) must allow ${SSM_AGENT_ACTIONS.join(', ')}. If they do not, attach it: ${attachCommand(name)}.${unreadTrust}`,
    };
  }
  return {
    status: 'warn',
    message: `Role ${name} lacks the managed policy ${SSM_CORE_POLICY}, so the SSM agent cannot register and SSM shells will not connect: ${attachCommand(name)}.${unreadTrust}`,
  };
}

/**
 * For a project reached over SSM (`access` ssm or both): the instance profile's role(s) can be used
 * by the SSM agent. IAM GetInstanceProfile for the roles (with their trust policies), then per role
 * ListAttachedRolePolicies (paginated) and, without AmazonSSMManagedInstanceCore, its inline
 * policies. Not being allowed to read IAM is a warning ("could not check"), never a failure. A
 * missing profile is the 'instance-profile' check's failure; this one is then skipped.
 */
export async function checkSsmRole(iam: IAMClient, launch: NormalizedLaunch): Promise<CheckOutcome> {
  const { access, iamInstanceProfile: profile } = launch.project;
  if (access === 'ssh') return { status: 'skip', message: 'Not reached over SSM (access = ssh).' };
  if (!profile) return { status: 'skip', message: 'Skipped: SSM needs an instance profile (see Instance profile).' };
  const name = profileName(profile);
  try {
    const answer = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }));
    const roles = (answer.InstanceProfile?.Roles ?? []).filter((r) => r.RoleName);
    if (roles.length === 0) {
      return { status: 'warn', message: `Instance profile '${name}' has no role, so the SSM agent cannot register: add a role with ${SSM_CORE_POLICY} (aws iam add-role-to-instance-profile).` };
    }
    const outcomes = await Promise.all(roles.map((role) => checkRole(iam, role)));
    const worst = outcomes.find((o) => o.status === 'fail') ?? outcomes.find((o) => o.status === 'warn') ?? outcomes[0]!;
    return { status: worst.status, message: outcomes.map((o) => o.message).join(' ') };
  } catch (error) {
    const code = awsErrorCode(error);
    if (code === 'NoSuchEntityException' || code === 'NoSuchEntity') return { status: 'skip', message: `Skipped: instance profile '${name}' does not exist (see Instance profile).` };
    if (isAccessDenied(error)) {
      return {
        status: 'warn',
        message: `Could not check that instance profile '${name}' lets the SSM agent register: your identity may not read IAM (${code}; needs iam:GetInstanceProfile, iam:GetRole, iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetRolePolicy). Its role needs ${SSM_CORE_POLICY}.`,
      };
    }
    throw new Error(`Could not check instance profile '${name}' for SSM: ${code}: ${awsErrorMessage(error)}`);
  }
}
