import type { LaunchEnvSource } from '../../contract/instances/launch-dto';
import type { ProjectDetail } from '../../contract/projects/dto';
import { parseEnvReference, type EnvReference } from '../projects/env-file';

export type { EnvReference };

/** The region part of a secret's ARN (`arn:<partition>:secretsmanager:<region>:...`). */
const SECRET_ARN_REGION = /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/;

/** `ssm:/app/db` / `secretsmanager:app/db`, as the user wrote it (names only, never a value). */
export function referenceText(reference: EnvReference): string {
  return `${reference.kind}:${reference.name}`;
}

/** The region a reference is read in: a secret ARN's own, else the launch's. */
export function referenceRegion(reference: EnvReference, launchRegion: string): string {
  return (reference.kind === 'secretsmanager' && SECRET_ARN_REGION.exec(reference.name)?.[1]) || launchRegion;
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
    const parsed = parseEnvReference(value);
    const reference = fileRefs.has(key) ? fileRefs.get(key)! : parsed && 'reference' in parsed ? parsed.reference : null;
    sources.set(key, { key, source: 'env-file', reference: reference ? { kind: reference.kind, name: reference.name } : null });
  }
  for (const [key, value] of Object.entries(launchEnv)) {
    values[key] = value;
    const parsed = typeof value === 'string' ? parseEnvReference(value) : null;
    if (parsed && 'problem' in parsed) problems.push([key, parsed.problem]);
    sources.delete(key); // the launch's own value wins and is listed in the launch's order
    sources.set(key, { key, source: 'launch', reference: parsed && 'reference' in parsed ? parsed.reference : null });
  }
  return { values, sources: [...sources.values()], problems };
}

/** The plain values only: what a template sees as ENV (a referenced value exists only on the instance). */
export function plainEnv(values: Readonly<Record<string, string>>, sources: readonly LaunchEnvSource[]): Record<string, string> {
  const plain: Record<string, string> = {};
  for (const source of sources) if (!source.reference && Object.hasOwn(values, source.key)) plain[source.key] = values[source.key]!;
  return plain;
}
