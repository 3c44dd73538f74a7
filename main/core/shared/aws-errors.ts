/** Reading errors thrown by the AWS SDK (v3) without depending on its classes. */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

/** EC2's code (`InvalidAMIID.NotFound`, `DryRunOperation`, ...), the SDK's error name, or `Unknown`. */
export function awsErrorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const value of [e.Code, e.name, e.code]) {
      if (typeof value === 'string' && value !== '' && value !== 'Error') return value;
    }
  }
  return 'Unknown';
}

export function awsErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || awsErrorCode(error);
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/**
 * The AWS error classifier: the SDK's own (@smithy/core/retry, what its retry middleware decides
 * with), plus the few codes it does not know. Every caller asks here instead of keeping a list.
 */
type SdkError = Parameters<typeof isTransientError>[0];

/** The error as the SDK's classifiers read it: its code as `name` (EC2 and S3 bodies carry `Code`). */
function asSdkError(error: unknown): SdkError {
  const e = (error && typeof error === 'object' ? error : {}) as { code?: unknown; $metadata?: unknown; $retryable?: unknown; cause?: unknown };
  const cause = e.cause && typeof e.cause === 'object' ? e.cause : undefined;
  return Object.assign(new Error(awsErrorMessage(error)), {
    name: awsErrorCode(error),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(e.$metadata && typeof e.$metadata === 'object' ? { $metadata: e.$metadata } : {}),
    ...(e.$retryable && typeof e.$retryable === 'object' ? { $retryable: e.$retryable } : {}),
    ...(cause ? { cause: cause as SdkError } : {}),
  }) as SdkError;
}

const statusOf = (error: unknown): number | undefined => (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;

/** AWS slowing the caller down: RequestLimitExceeded, Throttling, SlowDown, HTTP 429, ... (the SDK's list). */
export function isThrottling(error: unknown): boolean {
  return isThrottlingError(asSdkError(error));
}

/** Server-side codes some AWS services answer without the SDK knowing them as transient. */
const UNAVAILABLE_CODES = new Set(['InternalError', 'ServiceUnavailable', 'Unavailable']);

/** Worth one more try: throttling, the network, a timeout, or a server error (HTTP 5xx). */
export function isTransient(error: unknown): boolean {
  const sdk = asSdkError(error);
  return isThrottlingError(sdk) || isTransientError(sdk) || isServerError(sdk) || UNAVAILABLE_CODES.has(sdk.name);
}

/** Node's words for a network failure when only the message kept them (a provider wrapped the error). */
const NETWORK_TEXT = /getaddrinfo|socket hang up|\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/;

/** A network failure reaching AWS at all (DNS, refused, reset, timed out): no HTTP answer came. */
export function isUnreachable(error: unknown): boolean {
  if (statusOf(error) !== undefined) return false;
  const sdk = asSdkError(error);
  return isTransientError(sdk) || NETWORK_TEXT.test(sdk.message);
}

/**
 * The request's time is too far from AWS's (the computer's clock is wrong): sending again does not
 * help until the clock is corrected. The unambiguous part of the SDK's clock-skew list (its
 * isClockSkewError, deprecated, also counts AccessDeniedException and SignatureDoesNotMatch).
 */
export function isClockSkew(error: unknown): boolean {
  return /^(RequestTimeTooSkewed|RequestInTheFuture|RequestExpired)$/.test(awsErrorCode(error));
}

/** The `Encoded authorization failure message` EC2 adds to UnauthorizedOperation, if any. */
export function encodedAuthorizationMessage(error: unknown): string | null {
  const match = /Encoded authorization failure message:\s*([A-Za-z0-9_\-+/=]+)/.exec(awsErrorMessage(error));
  return match ? match[1]! : null;
}

/** `AccessDenied` and friends: the identity may not do this. */
export function isAccessDenied(error: unknown): boolean {
  return /^(UnauthorizedOperation|AccessDenied|AccessDeniedException|AuthFailure|Forbidden|OptInRequired)$/.test(awsErrorCode(error));
}
