import type { AccessMode, InstanceDto, MarketMode, PriceSource } from './dto';

/** What a launch takes, resolves, checks (pre-flight) and answers: pure data, shared by core, UI and CLI. */

/** The revision a launch deploys, once resolved against the revisions bucket. */
export interface PackageRevision {
  /** `<package>.<rev>`. */
  name: string;
  bucket: string;
}

/** `current`, `previous`, or a full revision name `<package>.<rev>` of the template's package. */
export type RevisionRef = string;

export interface LaunchInput {
  /** Project id (its file name without `.sh`). */
  project: string;
  gitUser: string;
  branch: string;
  /** 1 to 20; default 1. */
  count?: number;
  /** Duration such as `4h`, `90m`, `2d`; default the project's `ttl`, then the settings'. */
  ttl?: string;
  /** Default the project's `region`, then the settings' default region. */
  region?: string;
  /** Overrides the project's image: an AMI id, or `role:<name>` (the newest image tagged role=<name>). */
  image?: string;
  /** Overrides the project's instance-type. */
  instanceType?: string;
  /** Default the settings' key pair for the region; none means no SSH. */
  keyPair?: string;
  /** An existing group; without it Flotilla creates one for this launch. */
  securityGroupId?: string;
  /**
   * Passed to the template as ENV; names must match [A-Z_][A-Z0-9_]*. Merged over the project's env
   * file; a value may be `ssm:/path/name` or `secretsmanager:name`, resolved on the instance at boot.
   */
  env?: Record<string, string>;
  /**
   * For a template with `fleeting-meta:package`: the revision to deploy from the revisions bucket
   * (default `current`). Reaches the template as REVISION, REVISION_BUCKET, REVISION_URL (a presigned
   * GET valid at least the TTL) and REVISION_SHA256. Refused for a template without a package.
   */
  revision?: RevisionRef;
  /** Template option values by name (`OPTIONS.<name>`), as text; over the launch defaults' and the template's defaults. */
  options?: Record<string, string>;
  /** Set it to retry a launch safely: the same id never starts instances twice. */
  launchId?: string;
  /** Root volume GiB (1 to MAX_ROOT_VOLUME_GIB), at least the image's; default the project's `root-volume-size`, then the image's size. */
  rootVolumeSize?: number;
  /** What the launch buys: on-demand, one-time Spot, or Spot falling back to on-demand; default the project's `market`. */
  market?: MarketMode;
}

/** A launch form field, as LaunchInput names it; `option.<name>` for one template option. */
export type LaunchField = Exclude<keyof LaunchInput, 'launchId'> | 'launchId' | `option.${string}`;

/** One thing wrong with one field of a launch; `message` reads after the field's name where it can. */
export interface LaunchProblem {
  field: LaunchField;
  message: string;
}

/** Where a launch's value comes from: the launch itself, the template's meta, the project's launch defaults (Settings), Settings, or the project's env file. */
export type LaunchValueSource = 'launch' | 'template' | 'launch-defaults' | 'settings' | 'env-file';

export interface ResolvedLaunchValue {
  /** null when nothing gives one (e.g. no key pair for the region). */
  value: string | null;
  source: LaunchValueSource;
}

/** What a launch of a project would use, and why, and what is wrong with the input: no AWS call. */
export interface LaunchResolution {
  project: string;
  region: ResolvedLaunchValue;
  ttl: ResolvedLaunchValue;
  image: ResolvedLaunchValue;
  instanceType: ResolvedLaunchValue;
  keyPair: ResolvedLaunchValue;
  /** The template's package (null: the template deploys none) and the revision asked for (`current` unless the launch says). */
  revision: { package: string | null; ref: RevisionRef | null; source: LaunchValueSource };
  /** Every declared option with the value a launch would use and where it comes from, in declaration order. */
  options: Array<{ name: string; value: string; source: LaunchValueSource }>;
  /** Every environment variable the instance gets, by name, with its source; values are never included. */
  env: LaunchEnvSource[];
  /** Every problem with the input at once, by field; empty when the launch can go to the pre-flight. */
  problems: LaunchProblem[];
  /** What the launch buys: the launch's `market`, else the template's `fleeting-meta:market` (on-demand when unset). */
  market: { value: MarketMode; source: LaunchValueSource };
}

/** Where one environment variable of a launch comes from; `reference` names the parameter or secret fetched at boot. */
export interface LaunchEnvSource {
  key: string;
  /** `launch` (typed for this launch, over the file) or `env-file`. */
  source: 'launch' | 'env-file';
  reference: { kind: 'ssm' | 'secretsmanager'; name: string } | null;
}

/** The largest root-volume-size Flotilla takes, in GiB: EBS's limit for gp2 and gp3 volumes (16 TiB). */
export const MAX_ROOT_VOLUME_GIB = 16_384;

/** The pre-flight checks, in the order they are listed. */
export type PreflightCheckId = 'template' | 'credentials' | 'branch' | 'image' | 'instance-type' | 'key-pair'
  | 'security-group' | 'revision' | 'instance-profile' | 'ssm-role' | 'parameters' | 'budget' | 'dry-run';

/** `pending` and `running` only appear in progress events; a finished checklist has the others. */
export type CheckStatus = 'pending' | 'running' | 'pass' | 'warn' | 'fail' | 'skip';

export interface PreflightItem {
  id: PreflightCheckId;
  label: string;
  status: CheckStatus;
  /** What was found; for warn and fail, what to do about it. */
  message: string;
}

export type SecurityGroupPlan = { mode: 'existing'; id: string } | { mode: 'create'; cidr: string; ports: number[] };

/** What a launch would do, as far as the checks got. */
export interface LaunchPlan {
  project: string;
  region: string;
  /** The AMI after resolving `role:<name>`; null if that failed. */
  imageId: string | null;
  imageName: string | null;
  instanceType: string;
  count: number;
  ttl: string;
  expiresAt: string;
  keyPair: string | null;
  securityGroup: SecurityGroupPlan | null;
  /** Guard + script, once base64-encoded (EC2 allows 16 384). */
  userDataBase64Bytes: number | null;
  /** GiB of the root volume (root-volume-size, else the image's); null for an instance-store root or when unknown. */
  rootVolumeSize: number | null;
  hourlyPrice: number | null;
  projectedCost: number | null; // count × hourly × TTL
  owner: string | null;
  /** The revision deployed (`<package>.<rev>` after resolving current/previous); null without one or when it could not be resolved. */
  revision: string | null;
  /** The instance profile passed to RunInstances; null when none. */
  iamInstanceProfile: string | null;
  /** Template option values the script is rendered with. */
  options: Record<string, string>;
  /** Where each environment variable comes from (no values). */
  env: LaunchEnvSource[];
  /** Where hourlyPrice (and so projectedCost and the budget check) comes from; null when no price is known. */
  priceSource: PriceSource | null;
  /** What the launch buys (on-demand, spot, or spot-or-on-demand). */
  market: MarketMode;
  /** How the instances are reached (the project's `access`), tagged `flotilla:access`. */
  access: AccessMode;
}

/** `ok`: no item failed (warnings allowed). */
export interface PreflightResult {
  launchId: string;
  ok: boolean;
  items: PreflightItem[];
  plan: LaunchPlan;
}

export interface LaunchFailure {
  /** How many of the requested instances did not start for this reason (EC2's code, e.g. InsufficientInstanceCapacity). */
  count: number;
  code: string;
  message: string;
}

export interface LaunchResult {
  launchId: string;
  region: string;
  project: string;
  branch: string;
  requested: number;
  /** Those that started (maybe fewer than requested, see failures). */
  instances: InstanceDto[];
  failures: LaunchFailure[];
  /** The group the instances are in, and whether this launch created it (it goes with the last instance). */
  securityGroupId: string | null;
  securityGroupCreated: boolean;
  preflight: PreflightItem[];
  /** The checks' warnings, one line each. */
  warnings: string[];
  plan: LaunchPlan;
  /**
   * How each started instance was bought: `spot`, or `on-demand` (with `fallback` saying which Spot refusal
   * made it on-demand under `spot-or-on-demand`, null when on-demand was asked for).
   */
  markets: LaunchedMarket[];
}

/** One started instance's market, and for a Spot fallback, EC2's refusal (code and message) that caused it. */
export interface LaunchedMarket {
  id: string;
  market: 'on-demand' | 'spot';
  fallback: { code: string; message: string } | null;
}
