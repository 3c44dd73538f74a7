import { S3ServiceException } from '@aws-sdk/client-s3';
import { EC2ServiceException } from '@aws-sdk/client-ec2';
import { awsErrorCode, encodedAuthorizationMessage, isAccessDenied, isClockSkew, isThrottling, isTransient, isUnreachable } from './aws-errors';

const throttled = () => Object.assign(new Error('Request limit exceeded.'), { name: 'RequestLimitExceeded' });
/** What Node's http stack throws when the endpoint cannot be reached. */
const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code, syscall: 'connect' });
const ec2 = (name: string, status: number) => new EC2ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name });

describe('aws-errors', () => {
  test('codes and throttling', () => {
    expect(awsErrorCode(throttled())).toBe('RequestLimitExceeded');
    expect(isThrottling(throttled())).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe(true);
    expect(isThrottling(new Error('x'))).toBe(false);
    expect(awsErrorCode('boom')).toBe('Unknown');
  });

  test('throttling: every code the SDK knows, HTTP 429, and an error known only by its Code', () => {
    for (const name of ['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'ThrottledException', 'RequestThrottled', 'RequestThrottledException', 'TooManyRequestsException', 'SlowDown', 'EC2ThrottledException']) {
      expect(isThrottling(Object.assign(new Error(name), { name }))).toBe(true);
    }
    expect(isThrottling(new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isThrottling({ name: 'Unknown', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isThrottling({ Code: 'RequestLimitExceeded' })).toBe(true);
    expect(isThrottling(ec2('InvalidAMIID.NotFound', 400))).toBe(false);
    expect(isThrottling(null)).toBe(false);
  });

  test('unreachable: DNS, refused, reset, timed out, also when only the message names it; never once AWS answered', () => {
    for (const code of ['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']) {
      expect(isUnreachable(nodeError(code, `connect ${code} 127.0.0.1:443`))).toBe(true);
    }
    expect(isUnreachable(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }))).toBe(true);
    expect(isUnreachable(new Error('getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com'))).toBe(true);
    expect(isUnreachable(new Error('socket hang up'))).toBe(true);
    // fetch wraps the network error: the cause says it.
    expect(isUnreachable(Object.assign(new TypeError('fetch failed'), { cause: nodeError('ECONNREFUSED', 'connect ECONNREFUSED') }))).toBe(true);
    expect(isUnreachable(ec2('ServiceUnavailable', 503))).toBe(false);
    expect(isUnreachable(ec2('UnauthorizedOperation', 403))).toBe(false);
    expect(isUnreachable(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe(false);
    expect(isUnreachable(new Error('The security token included in the request is invalid.'))).toBe(false);
  });

  test('transient: throttling, the network, timeouts and server errors; not refusals', () => {
    expect(isTransient(throttled())).toBe(true);
    expect(isTransient(nodeError('ECONNRESET', 'socket hang up'))).toBe(true);
    expect(isTransient(new S3ServiceException({ name: 'RequestTimeout', $fault: 'client', $metadata: { httpStatusCode: 400 } }))).toBe(true);
    expect(isTransient(ec2('InternalError', 500))).toBe(true);
    expect(isTransient(ec2('NotImplemented', 501))).toBe(true);
    expect(isTransient({ name: 'ServiceUnavailable' })).toBe(true);
    expect(isTransient(ec2('InvalidParameterValue', 400))).toBe(false);
    expect(isTransient(ec2('UnauthorizedOperation', 403))).toBe(false);
  });

  test('clock skew and access denied', () => {
    expect(isClockSkew(new S3ServiceException({ name: 'RequestTimeTooSkewed', $fault: 'client', $metadata: { httpStatusCode: 403 } }))).toBe(true);
    expect(isClockSkew({ Code: 'RequestExpired' })).toBe(true);
    expect(isClockSkew(ec2('AuthFailure', 401))).toBe(false);
    expect(isAccessDenied(ec2('UnauthorizedOperation', 403))).toBe(true);
    expect(isAccessDenied({ name: 'AccessDenied' })).toBe(true);
    expect(isAccessDenied(throttled())).toBe(false);
  });

  test('finds the encoded authorization message', () => {
    const error = new Error('You are not authorized to perform this operation. Encoded authorization failure message: AbC-12_x/+=');
    expect(encodedAuthorizationMessage(error)).toBe('AbC-12_x/+=');
    expect(encodedAuthorizationMessage(new Error('no'))).toBeNull();
  });
});
