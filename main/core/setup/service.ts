import { DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import type { Settings } from '../../contract/dto/settings';
import type { ConnectionStatus, SetupChecklist, SetupItem } from '../../contract/dto/setup';
import type { SetupApi } from '../../contract/setup-api';
import type { AwsClientFactory } from '../aws/client-factory';
import type { CoreService } from '../core-service';
import { awsErrorCode, awsErrorMessage } from '../shared/aws-errors';
import { credentialSource, describeSource } from '../credentials/environment';

export interface SetupServiceOptions {
  settings: () => Settings;
  env: Record<string, string | undefined>;
  /** The AWS clients for the credentials in use (the selected ones, else the SDK's default chain). */
  aws: AwsClientFactory;
  /** The caller's public IPv4 address (AWS's checkip), for the ingress rule. */
  publicIp: () => Promise<string>;
  /** Where an ssh-agent answers, null when none does (agents/ssh-agent.ts findSshAgent). */
  sshAgent: () => Promise<{ label: string } | null>;
  /** Redacts text that reaches the renderer (secrets the credentials service handled). */
  redact: (text: string) => string;
}

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The header's connection line and the first-run checklist (contract/setup-api.ts). */
export function createSetupService(o: SetupServiceOptions): CoreService<SetupApi> {
  async function connection(): Promise<ConnectionStatus> {
    const s = o.settings();
    const source = credentialSource(s.credential, o.env);
    const base = { source, sourceLabel: describeSource(source), regions: s.regions, defaultRegion: s.defaultRegion, endpoint: o.aws.endpointFor('ec2') };
    try {
      const { arn, account } = await o.aws.identity(s.defaultRegion);
      return { ...base, identity: { arn, account }, error: null };
    } catch (error) {
      return { ...base, identity: null, error: o.redact(messageOf(error)) };
    }
  }

  /** Whether EC2 answers in the region, and the key pairs it holds there. */
  async function keyPairs(region: string): Promise<{ names: string[] } | { error: string }> {
    try {
      const out = await o.aws.ec2(region).send(new DescribeKeyPairsCommand({}));
      return { names: (out.KeyPairs ?? []).map((k) => k.KeyName ?? '').filter(Boolean) };
    } catch (error) {
      return { error: o.redact(`${awsErrorCode(error)}: ${awsErrorMessage(error)}`) };
    }
  }

  async function checklist(): Promise<SetupChecklist> {
    const s = o.settings();
    const region = s.defaultRegion;
    const conn = await connection();
    const ok = conn.identity !== null;
    const [pairs, ip, agent] = await Promise.all([
      ok ? keyPairs(region) : null,
      s.ingressCidr ? null : o.publicIp().then((address) => ({ address }), (error: unknown) => ({ error: messageOf(error) })),
      o.sshAgent().catch(() => null),
    ]);
    const items: SetupItem[] = [
      {
        id: 'credentials',
        label: 'AWS credentials',
        done: ok,
        optional: false,
        detail: capitalized(ok ? `${conn.sourceLabel}: ${conn.identity!.arn}` : `${conn.sourceLabel} did not work: ${conn.error}`),
        target: 'aws-accounts',
      },
      regionItem(region, pairs),
      keyItem(region, s, pairs, agent),
      {
        id: 'ingress',
        label: 'Ingress',
        done: s.ingressCidr !== null || (ip !== null && 'address' in ip),
        optional: false,
        detail: s.ingressCidr
          ? `SSH and the ready-url port open to ${s.ingressCidr}.`
          : ip && 'address' in ip
            ? `SSH and the ready-url port open to your public IP, ${ip.address}/32.`
            : `${ip?.error ?? 'Your public IP address is unknown.'}`,
        target: 'ingress-cidr',
      },
      {
        id: 'bucket',
        label: 'Revisions bucket',
        done: s.revisions.bucket !== null,
        optional: true,
        detail: s.revisions.bucket ? `Revisions are kept in s3://${s.revisions.bucket}.` : 'No S3 bucket for revisions is set; only needed to spool releases.',
        target: 'revisions-bucket',
      },
    ];
    return { connection: conn, items };
  }

  return { api: { connection, checklist } };
}

function regionItem(region: string, pairs: { names: string[] } | { error: string } | null): SetupItem {
  const item = { id: 'region' as const, label: 'Region', optional: false, target: 'default-region' as const };
  if (pairs === null) return { ...item, done: false, detail: `${region}: checked once the credentials work.` };
  if ('error' in pairs) return { ...item, done: false, detail: `EC2 in ${region} did not answer (${pairs.error}). Pick a region your account uses.` };
  return { ...item, done: true, detail: `EC2 answers in ${region}.` };
}

function keyItem(region: string, s: Settings, pairs: { names: string[] } | { error: string } | null, agent: { label: string } | null): SetupItem {
  const item = { id: 'key' as const, label: `Key pair in ${region}`, optional: false, target: 'key-pair' as const };
  const keys = s.regionKeys[region];
  const keyPair = keys?.keyPair ?? null;
  if (!keyPair) {
    const known = pairs && 'names' in pairs && pairs.names.length ? ` ${region} has ${pairs.names.slice(0, 5).join(', ')}.` : '';
    return { ...item, done: false, detail: `No key pair is set for ${region}: SSH will not work.${known}` };
  }
  if (pairs && 'names' in pairs && !pairs.names.includes(keyPair)) {
    return { ...item, done: false, detail: `Key pair '${keyPair}' does not exist in ${region}; key pairs are per region. Import yours there with \`aws ec2 import-key-pair\`, or pick another.` };
  }
  if (!keys?.sshKeyFile && !agent) {
    return { ...item, done: false, detail: `No SSH key file is set for ${region} and no ssh-agent answers: set the key file of '${keyPair}', or add its key with \`ssh-add <file>\`.` };
  }
  return { ...item, done: pairs !== null && 'names' in pairs, detail: `Key pair '${keyPair}', its key in ${keys?.sshKeyFile ?? agent!.label}.` };
}
