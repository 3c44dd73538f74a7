import type { ErrorProblem } from '../errors';
import type { AccessMode, MarketMode } from '../instances/dto';

export type Severity = 'error' | 'warning';

/** One thing wrong with a project file, located and with a way to fix it. */
export interface Problem extends ErrorProblem {
  severity: Severity;
  /** Path as the user knows it, e.g. `projects/butter.sh`. */
  file: string;
  /** 1-based line, when the problem has one. */
  line?: number;
  /** The metadata key concerned, when there is one. */
  key?: string;
  /** What is wrong and how to fix it, without the location. */
  message: string;
  /** `file:line: message`, ready to print. */
  text: string;
}

export type ProjectState = 'valid' | 'warnings' | 'errors';

export interface ProjectSummary {
  id: string;
  file: string;
  name: string | null;
  repo: string | null;
  imageId: string | null;
  instanceType: string | null;
  readyUrl: string | null;
  state: ProjectState;
  errorCount: number;
  warningCount: number;
}

/** The kinds of value a template option takes (`fleeting-meta:option.<name> = <type> <default> "<description>"`). */
export type TemplateOptionType = 'int' | 'bool' | 'enum' | 'string';

/** One option a template declares; templates read its value as `OPTIONS.<name>` (always a string). */
export interface TemplateOption {
  /** `[a-z][a-z0-9_]*`, at most 40 characters. */
  name: string;
  type: TemplateOptionType;
  /** The value used when a launch and the launch defaults give none (valid for the type). */
  default: string;
  /** For `enum`: the accepted values, in the order declared; empty for the other types. */
  choices: string[];
  /** For `int` declared with a range (`int(1..16)`): the smallest and largest accepted values, inclusive. */
  min?: number;
  max?: number;
  /** The quoted text after the default; null when none. */
  description: string | null;
  /** 1-based line of the declaration. */
  line: number;
}

/** Where a runtime configuration value comes from on the instance. */
export type EnvReferenceKind = 'ssm' | 'secretsmanager';

/** One `KEY=VALUE` line of a project's env file (`projects/<id>.env`). Plain values are never sent to the renderer. */
export interface EnvFileEntry {
  key: string;
  /** 1-based line in the env file. */
  line: number;
  /** `ssm:/path/name` or `secretsmanager:name` values: resolved on the instance at boot; null for a plain value. */
  reference: { kind: EnvReferenceKind; name: string } | null;
}

/** A project's env file, when it has one. */
export interface ProjectEnvFile {
  /** Path as the user knows it, e.g. `projects/django-app.env`. */
  file: string;
  entries: EnvFileEntry[];
}

export interface ProjectDetail extends ProjectSummary {
  /** Every `fleeting-meta:` key with its (last) value, including keys kept for later features. */
  meta: Record<string, string>;
  /** `fleeting-meta:package`: the bucket package (FTL name rule) a launch deploys; null when none. */
  package: string | null;
  /** `fleeting-meta:option.<name>` declarations, in file order (invalid ones are problems, not listed). */
  options: TemplateOption[];
  /** `fleeting-meta:iam-instance-profile` (a name or an instance-profile ARN); null when none. */
  iamInstanceProfile: string | null;
  /** `fleeting-meta:access`: how instances are reached; `ssh` when unset. */
  access: AccessMode;
  /** `fleeting-meta:market`: what a launch buys unless the launch says otherwise; `on-demand` when unset. */
  market: MarketMode;
  /** `projects/<id>.env` next to the template; null when there is none. Problems in it are in `problems`. */
  envFile: ProjectEnvFile | null;
  problems: Problem[];
  /** The template source, for display. */
  source: string;
}

export interface PreviewInput {
  id: string;
  gitUser: string;
  gitBranch: string;
}

export interface PreviewResult {
  userData: string;
  /** UTF-8 size of the script. */
  bytes: number;
  /** Size once base64-encoded, which is what EC2's 16 KB limit counts. */
  base64Bytes: number;
  limitBytes: number;
}
