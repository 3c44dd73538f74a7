/** Reading errors thrown by the AWS SDK (v3) without depending on its classes. */

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

const THROTTLING = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
]);

export function isThrottling(error: unknown): boolean {
  return THROTTLING.has(awsErrorCode(error));
}

/** Network-level failures worth one more try (not AWS refusing). */
export function isTransient(error: unknown): boolean {
  const code = awsErrorCode(error);
  if (isThrottling(error)) return true;
  if (['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'TimeoutError', 'RequestTimeout', 'InternalError', 'ServiceUnavailable', 'Unavailable'].includes(code)) return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
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

/** A network failure reaching AWS at all (DNS, refused, reset). */
export function isUnreachable(error: unknown): boolean {
  const code = awsErrorCode(error);
  return /^(ENOTFOUND|ECONNREFUSED|ECONNRESET|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|TimeoutError)$/.test(code);
}
