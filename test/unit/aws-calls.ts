import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which AWS API calls code can make, read from its source: every file reachable through relative
 * imports from an entry, every `new <Op>Command(` and `paginate<Op>(` whose name it imports from an
 * `@aws-sdk/client-*` package. Used to hold the shipped IAM policies to what the code really calls.
 */
export function reachableFiles(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [path.resolve(entry)];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const resolved = resolveTs(path.dirname(file), spec!);
      if (resolved && !/\.test(-helpers)?\.tsx?$/.test(resolved)) queue.push(resolved);
    }
  }
  return [...seen].sort();
}

function resolveTs(dir: string, spec: string): string | null {
  const base = path.resolve(dir, spec.replace(/\.(m?js)$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

/** `<client>:<Operation>` for each call, the client named as its package (`s3`, `ec2`, `ssm`...). */
export function awsCalls(files: readonly string[]): Set<string> {
  const calls = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const clientOf = new Map<string, string>();
    for (const [, names, client] of text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g)) {
      for (const name of names!.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!)) clientOf.set(name, client!);
    }
    for (const [, op] of text.matchAll(/new\s+([A-Z][A-Za-z0-9]*)Command\(/g)) {
      const client = clientOf.get(`${op}Command`);
      if (client) calls.add(`${client}:${op}`);
    }
    for (const [, op] of text.matchAll(/\bpaginate([A-Z][A-Za-z0-9]*)\(/g)) {
      const client = clientOf.get(`paginate${op}`);
      if (client) calls.add(`${client}:${op}`);
    }
  }
  return calls;
}

const S3_ACTIONS: Record<string, string> = {
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  HeadBucket: 's3:ListBucket',
  DeleteObject: 's3:DeleteObject',
  DeleteObjects: 's3:DeleteObject',
  GetBucketLocation: 's3:GetBucketLocation',
};
const PREFIX: Record<string, string> = { ec2: 'ec2', iam: 'iam', ssm: 'ssm', 'secrets-manager': 'secretsmanager', pricing: 'pricing' };
/** Calls no IAM policy grants or needs: STS GetCallerIdentity is always allowed; SSO OIDC is unauthenticated. */
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity', 'sso-oidc:RegisterClient', 'sso-oidc:StartDeviceAuthorization', 'sso-oidc:CreateToken']);

/** The IAM action a call needs (S3's differ from its operation names), or null when none. */
export function iamActionOf(call: string): string | null {
  if (NEEDS_NO_PERMISSION.has(call)) return null;
  const [client, op] = call.split(':') as [string, string];
  if (client === 's3') {
    const action = S3_ACTIONS[op];
    if (!action) throw new Error(`no IAM action known for S3 ${op}: add it to S3_ACTIONS`);
    return action;
  }
  const prefix = PREFIX[client];
  if (!prefix) throw new Error(`no IAM prefix known for @aws-sdk/client-${client}: add it to PREFIX`);
  return `${prefix}:${op}`;
}

interface Statement {
  Effect: string;
  Action: string | string[];
}

/** Every action a policy document allows (its Allow statements' actions, wildcards as written). */
export function allowedActions(policy: { Statement: Statement[] }): string[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

export function allows(actions: readonly string[], action: string): boolean {
  return actions.some((a) => a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1))));
}
