import type { LaunchEnvSource } from '../../contract/dto/instances';
import type { EnvReferenceKind, ProjectDetail } from '../../contract/dto/projects';

/** A value the instance fetches at boot with its role, instead of a value written into the user-data. */
export interface EnvReference {
  kind: EnvReferenceKind;
  name: string;
}

/** SSM parameter names (PutParameter's Name: letters, digits, `_.-/`, at most 1011 characters after an optional leading /). */
export const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-/]{1,1011}$/;
/** Secrets Manager secret names (CreateSecret's Name: letters, digits and `/_+=.@-`, at most 512). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** A secret's ARN: `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 random characters>`. */
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;

const PREFIX: Record<EnvReferenceKind, string> = { ssm: 'ssm:', secretsmanager: 'secretsmanager:' };

/**
 * What a value of a launch's env refers to: `ssm:/path/name` (an SSM parameter) or
 * `secretsmanager:name` (a secret, by name or ARN); null for a plain value. A value that starts
 * with one of the prefixes but names nothing valid is a problem, not a plain value, so a typo never
 * puts the reference text on the instance as if it were the value.
 */
export function parseEnvReference(value: string): { reference: EnvReference | null; problem: string | null } {
  for (const kind of ['ssm', 'secretsmanager'] as const) {
    if (!value.startsWith(PREFIX[kind])) continue;
    const name = value.slice(PREFIX[kind].length);
    if (kind === 'ssm' && !SSM_PARAMETER_NAME.test(name)) {
      return { reference: null, problem: 'is not an SSM parameter name (ssm:/path/name: letters, digits and _ . - /, at most 1011 characters)' };
    }
    if (kind === 'secretsmanager' && !SECRET_NAME.test(name) && !SECRET_ARN.test(name)) {
      return { reference: null, problem: 'is not a secret name or ARN (secretsmanager:name: letters, digits and / _ + = . @ -, at most 512 characters)' };
    }
    return { reference: { kind, name }, problem: null };
  }
  return { reference: null, problem: null };
}

/** `ssm:/app/db` / `secretsmanager:app/db`, as the user wrote it (names only, never a value). */
export function referenceText(reference: EnvReference): string {
  return `${PREFIX[reference.kind]}${reference.name}`;
}

/** The region a reference is read in: a secret ARN's own, else the launch's. */
export function referenceRegion(reference: EnvReference, launchRegion: string): string {
  return (reference.kind === 'secretsmanager' && SECRET_ARN.exec(reference.name)?.[1]) || launchRegion;
}

export interface MergedEnv {
  /** Every variable with its raw value (a reference's text for a reference). */
  values: Record<string, string>;
  sources: LaunchEnvSource[];
  /** `[KEY, problem]` for launch values that look like a reference but are not one. */
  problems: Array<[string, string]>;
}

/**
 * The launch's environment: the project's env file (`fileValues`, in file order) under the
 * launch's own variables, key by key. A file key's reference comes from the project's parsed env
 * file; a launch value is parsed here.
 */
export function mergeEnv(project: Pick<ProjectDetail, 'envFile'>, fileValues: Readonly<Record<string, string>>, launchEnv: Readonly<Record<string, string>>): MergedEnv {
  const values: Record<string, string> = {};
  const sources = new Map<string, LaunchEnvSource>();
  const problems: Array<[string, string]> = [];
  const fileRefs = new Map((project.envFile?.entries ?? []).map((e) => [e.key, e.reference]));
  for (const [key, value] of Object.entries(fileValues)) {
    values[key] = value;
    const reference = fileRefs.has(key) ? fileRefs.get(key)! : parseEnvReference(value).reference;
    sources.set(key, { key, source: 'env-file', reference: reference ? { kind: reference.kind, name: reference.name } : null });
  }
  for (const [key, value] of Object.entries(launchEnv)) {
    values[key] = value;
    const parsed = typeof value === 'string' ? parseEnvReference(value) : { reference: null, problem: null };
    if (parsed.problem) problems.push([key, parsed.problem]);
    sources.delete(key); // the launch's own value wins and is listed in the launch's order
    sources.set(key, { key, source: 'launch', reference: parsed.reference });
  }
  return { values, sources: [...sources.values()], problems };
}

/** The plain values only: what a template sees as ENV (a referenced value exists only on the instance). */
export function plainEnv(values: Readonly<Record<string, string>>, sources: readonly LaunchEnvSource[]): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const source of sources) if (!source.reference && Object.hasOwn(values, source.key)) plain[source.key] = values[source.key]!;
  return plain;
}
