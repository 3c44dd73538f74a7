import type { CredentialsNeed } from './credentials/dto';
import type { LaunchFailure, LaunchProblem, PreflightResult } from './instances/launch-dto';
import type { HookFailure } from './revisions/dto';

/** Error codes every call may answer with. The renderer branches on these, never on message text. */
export const errorCodes = [
  'bad-request', // the payload failed validation at the boundary (data.field names it)
  'not-found', // the thing asked for does not exist (unknown method, project id, ...)
  'invalid-input', // well-formed, but refused by a rule of the domain (data.problems lists why)
  'forbidden', // the caller may not do this
  'unavailable', // a dependency (AWS, keychain, disk) could not be reached
  'internal', // anything unexpected; logged in main with its stack
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One field the contract's schema refused (`bad-request`), by its dotted path. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/**
 * One reason an input was refused, the one shape of every `data.problems`: `text` is the whole
 * line to show (location, message, fix). Settings' problems (SettingsProblem) and projects'
 * (Problem) are this with their location fields.
 */
export interface ErrorProblem {
  /** What is wrong, without the location. */
  message: string;
  /** Ready to print: `file:line: message`, or the message when there is no location. */
  text: string;
  severity?: 'error' | 'warning';
  /** The input field concerned, when there is one. */
  field?: string;
  /** Where: the file as shown to the user, its 1-based line, its INI section and key. */
  file?: string;
  line?: number;
  section?: string;
  key?: string;
  /** How to fix it. */
  fix?: string;
}

/** A problem with no location: its text is its message. */
export function errorProblem(message: string, field?: string): ErrorProblem {
  return field === undefined ? { message, text: message } : { message, text: message, field };
}

/**
 * Every field an error's `data` may carry, each with one meaning wherever it appears. Which code
 * carries which is ErrorDataMap; all are optional (a field is there when it applies).
 */
export interface ErrorFields {
  /** The input field (or setting key) at fault: what a form puts the message next to. */
  field: string;
  /** `bad-request`: every schema issue, by path. */
  issues: SchemaIssue[];
  /** `invalid-input`: every reason, when there are several (see ErrorProblem). */
  problems: ErrorProblem[];
  /** `invalid-input` of a launch: each problem by launch field. */
  fields: LaunchProblem[];
  /** `invalid-input` of a launch whose pre-flight failed: the whole checklist. */
  preflight: PreflightResult;
  /** The setting to fix (`revisions.bucket`, `terminal`): where Settings can take the user. */
  setting: string;
  /** What the user must do first before credentials can be tried (see CredentialsNeed). */
  needs: CredentialsNeed['needs'];
  /** The AWS profile concerned. */
  profile: string;
  /** `needs: 'mfa-code'`: the MFA device whose code to enter. */
  mfaSerial: string;
  /** `needs: 'sso-login'`: the SSO portal to sign in at. */
  startUrl: string;
  /** An SSO sign-in stopped by cancelSsoLogin. */
  cancelled: boolean;
  /** `not-found`: the channel that does not exist. */
  channel: string;
  /** The id of the thing concerned (project, instance). */
  id: string;
  /** The name of the thing concerned (a keychain credential). */
  name: string;
  /** The instance's state when it refused the action. */
  state: string;
  /** AWS's error code, or Node's (`ENOENT`). */
  code: string;
  /** A file or folder path. */
  path: string;
  /** A file the error is about, as shown to the user. */
  file: string;
  /** The revisions bucket. */
  bucket: string;
  /** A package name, and a revision of it. */
  package: string;
  rev: string;
  /** A template option's name. */
  option: string;
  /** An environment line that is not KEY=VALUE, or the variables that may not be set. */
  entry: string;
  keys: string[];
  /** The value refused (never a secret). */
  value: string;
  /** An AMI id. */
  imageId: string;
  /** An SSH user name. */
  user: string;
  /** A sync job id. */
  jobId: string;
  /** A URL refused. */
  url: string;
  /** A program that was not found. */
  command: string;
  /** Why: a token (`corrupt`: a settings file that is not JSON; `no-keychain`, `keychain-error`), or a refused archive's reason. */
  reason: string;
  /** The underlying error's own words. */
  detail: string;
  /** Where a corrupt settings file was kept, or null. */
  backup: string | null;
  /** An action refused until the caller confirms it (extend or pin a pinned instance). */
  needsConfirm: boolean;
  pinned: boolean;
  /** The longest expiry Settings allow, in milliseconds. */
  maxMs: number;
  /** An image role (`role:<name>`) and the region looked in. */
  role: string;
  region: string;
  /** A launch's id, and what EC2 answered for each instance it did not start. */
  launchId: string;
  failures: LaunchFailure[];
  /** A release hook that failed. */
  hookFailure: HookFailure;
  /** A revision (`<package>.<rev>`) and a spooled file's name. */
  revision: string;
  fileName: string;
  /** FTL_ROOT on a server. */
  root: string;
  /** A lock file and the process holding it (null when unknown). */
  lock: string;
  pid: number | null;
  /** How many spools are running. */
  running: number;
  /** An HTTP status: browser mode's, or S3's. */
  status: number;
  /** S3's error name (`NoSuchBucket`, `AccessDenied`). */
  s3Error: string;
  /** An S3 object key. */
  key: string;
  /** A package's pointer (`current`, `previous`). */
  pointer: string;
}

/** Which fields each code's `data` may carry. */
export interface ErrorDataMap {
  'bad-request': Partial<Pick<ErrorFields, 'field' | 'issues'>>;
  'not-found': Partial<
    Pick<
      ErrorFields,
      'channel' | 'id' | 'name' | 'profile' | 'bucket' | 'package' | 'revision' | 'field' | 'path' | 'setting' | 'role' | 'region' | 'root' | 'imageId' | 'code' | 'key'
    >
  >;
  'invalid-input': Partial<
    Pick<
      ErrorFields,
      | 'field' | 'problems' | 'fields' | 'preflight' | 'setting' | 'needs' | 'profile' | 'mfaSerial' | 'startUrl' | 'id' | 'state' | 'code'
      | 'path' | 'file' | 'package' | 'rev' | 'revision' | 'fileName' | 'option' | 'entry' | 'keys' | 'value' | 'imageId' | 'user' | 'jobId'
      | 'reason' | 'detail' | 'backup' | 'needsConfirm' | 'pinned' | 'maxMs' | 'launchId' | 'failures' | 'hookFailure' | 'running' | 'bucket'
      | 'name' | 'key' | 'pointer'
    >
  >;
  forbidden: Partial<
    Pick<ErrorFields, 'url' | 'code' | 'profile' | 'needs' | 'id' | 'field' | 'path' | 'setting' | 'launchId' | 'failures' | 'status' | 'detail' | 'bucket' | 's3Error' | 'key'>
  >;
  unavailable: Partial<
    Pick<
      ErrorFields,
      | 'file' | 'reason' | 'detail' | 'cancelled' | 'profile' | 'setting' | 'command' | 'code' | 'field' | 'path' | 'launchId' | 'failures'
      | 'revision' | 'root' | 'lock' | 'pid' | 'bucket' | 'imageId' | 's3Error' | 'status' | 'key'
    >
  >;
  internal: Partial<Pick<ErrorFields, 'launchId' | 'failures'>>;
}

/** The `data` of an error with code `C` (of any code, for the union). */
export type ErrorData<C extends ErrorCode = ErrorCode> = ErrorDataMap[C];

/** An error as it crosses IPC and HTTP: `{ code, message, data? }`, data typed by the code. */
export type ContractError<C extends ErrorCode = ErrorCode> = { [K in C]: { code: K; message: string; data?: ErrorData<K> } }[C];

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Thrown by the core; the dispatcher turns it into `{ ok: false, error }` with the same code. */
export class FlotillaError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly data?: ErrorData<C>;

  constructor(code: C, message: string, data?: ErrorData<C>) {
    super(message);
    this.name = 'FlotillaError';
    this.code = code;
    this.data = data;
  }
}

/** `error.data` typed for `code` when the error has that code; undefined otherwise (or without data). */
export function errorData<C extends ErrorCode>(error: { code: ErrorCode; data?: unknown }, code: C): ErrorData<C> | undefined {
  return error.code === code ? (error.data as ErrorData<C> | undefined) : undefined;
}

/** `{ code, message }`, with `data` only when there is some (the wire shape). */
function contractError<C extends ErrorCode>(code: C, message: string, data: ErrorData<C> | undefined): ContractError {
  return (data === undefined ? { code, message } : { code, message, data }) as ContractError;
}

/** A FlotillaError as it crosses IPC and HTTP (a Result's error, a spool's failure). */
export function contractErrorOf(error: FlotillaError): ContractError {
  return contractError(error.code, error.message, error.data);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<C extends ErrorCode>(code: C, message: string, data?: ErrorData<C>): Result<never> {
  return { ok: false, error: contractError(code, message, data) };
}

/** A FlotillaError, also one that crossed a module or bundle boundary (a different class object, same name and code). */
export function isFlotillaErrorLike(error: unknown): error is FlotillaError {
  return error instanceof FlotillaError || (error instanceof Error && error.name === 'FlotillaError' && isErrorCode((error as FlotillaError).code));
}
