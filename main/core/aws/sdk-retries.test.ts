/**
 * Sends counted at a real HTTP endpoint, through the real SDK clients the factory builds (their
 * whole middleware stack, retries included; aws-sdk-client-mock would replace `send` and hide the
 * SDK's own retries). Error bodies are the services' documented ones: EC2 answers throttling with
 * HTTP 503 and `RequestLimitExceeded` in its query-protocol `<Response><Errors>` body; S3 with
 * HTTP 503 `SlowDown` in its `<Error>` body.
 */
import { DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../ports';
import { awsErrorCode } from '../shared/aws-errors';
import { createAwsClientFactory, type AwsClientFactory } from './client-factory';
import { SDK_MAX_ATTEMPTS, withBackoff } from '../shared/retry-policy';

const ec2Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`;
const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>example</HostId></Error>`;

/** Flotilla's backoff without the waiting: every timer fires on the next turn. */
const instantClock: Clock = {
  now: () => new Date(),
  setTimeout: (callback) => {
    const timer = setImmediate(callback);
    return () => clearImmediate(timer);
  },
};

describe('one retry policy: sends per call', () => {
  let server: Server;
  let answer: { status: number; body: string; type?: string };
  let sends = 0;
  let factory: AwsClientFactory;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        sends++;
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'text/xml;charset=UTF-8' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    factory = createAwsClientFactory({
      env: { AWS_ENDPOINT_URL: url },
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });
  });
  beforeEach(() => {
    sends = 0;
  });
  afterAll(async () => {
    factory.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const describeKeyPairs = () =>
    withBackoff(() => factory.ec2('us-east-1').send(new DescribeKeyPairsCommand({ KeyNames: ['fleet'] })), { clock: instantClock });

  test('a throttled EC2 call is sent 6 times (Flotilla\'s backoff: 1 + 5 retries), not 6 × the SDK\'s 3', async () => {
    answer = { status: 503, body: ec2Error('RequestLimitExceeded', 'Request limit exceeded.') };
    const error = await describeKeyPairs().catch((e: unknown) => e);
    expect(awsErrorCode(error)).toBe('RequestLimitExceeded');
    expect(sends).toBe(6);
  });

  test('an EC2 server error (HTTP 500 InternalError) is retried by the SDK alone: 3 sends', async () => {
    answer = { status: 500, body: ec2Error('InternalError', 'An internal error has occurred.') };
    const error = await describeKeyPairs().catch((e: unknown) => e);
    expect(awsErrorCode(error)).toBe('InternalError');
    expect(sends).toBe(SDK_MAX_ATTEMPTS);
  });

  test('an EC2 refusal (HTTP 400) is sent once', async () => {
    answer = { status: 400, body: ec2Error('InvalidKeyPair.NotFound', "The key pair 'fleet' does not exist") };
    expect(awsErrorCode(await describeKeyPairs().catch((e: unknown) => e))).toBe('InvalidKeyPair.NotFound');
    expect(sends).toBe(1);
  });

  test('a throttled S3 call (503 SlowDown; S3 calls are not wrapped) gets the SDK\'s 3 sends', async () => {
    answer = { status: 503, body: s3Error('SlowDown', 'Please reduce your request rate.') };
    const error = await factory
      .s3('us-east-1')
      .send(new GetObjectCommand({ Bucket: 'releases', Key: 'web.current' }))
      .catch((e: unknown) => e);
    expect(awsErrorCode(error)).toBe('SlowDown');
    expect(sends).toBe(SDK_MAX_ATTEMPTS);
  });

  test("a throttled SSM call (the launch pre-flight's DescribeParameters; JSON protocol, HTTP 400 ThrottlingException) gets the SDK's 3 sends", async () => {
    answer = { status: 400, type: 'application/x-amz-json-1.1', body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) };
    const error = await factory
      .ssm('us-east-1')
      .send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: ['/web/db'] }] }))
      .catch((e: unknown) => e);
    expect(awsErrorCode(error)).toBe('ThrottlingException');
    expect(sends).toBe(SDK_MAX_ATTEMPTS);
  });
});
