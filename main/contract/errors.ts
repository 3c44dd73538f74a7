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

export interface ContractError {
  code: ErrorCode;
  message: string;
  data?: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** Thrown by the core; the dispatcher turns it into `{ ok: false, error }` with the same code. */
export class FlotillaError extends Error {
  readonly code: ErrorCode;
  readonly data?: unknown;

  constructor(code: ErrorCode, message: string, data?: unknown) {
    super(message);
    this.name = 'FlotillaError';
    this.code = code;
    this.data = data;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, data?: unknown): Result<never> {
  return data === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, data } };
}

/** A FlotillaError, also one that crossed a module or bundle boundary (a different class object, same name and code). */
export function isFlotillaErrorLike(error: unknown): error is FlotillaError {
  return error instanceof FlotillaError || (error instanceof Error && error.name === 'FlotillaError' && isErrorCode((error as FlotillaError).code));
}
