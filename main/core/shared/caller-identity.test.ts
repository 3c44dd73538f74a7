/**
 * STS over HTTP: a local endpoint answers GetCallerIdentity with the body AWS documents (STS's
 * query protocol), so the real SDK client parses it.
 */
import { STSClient } from '@aws-sdk/client-sts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sdkStsFactory } from '../credentials/sts';
import { callerIdentity } from './caller-identity';

const answer = (fields: string) =>
  `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${fields}</GetCallerIdentityResult>` +
  '<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const ALICE = '<Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account>';
const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });

describe('callerIdentity', () => {
  let server: Server;
  let endpoint: string;
  let body = answer(ALICE);
  const actions: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        actions.push(new URLSearchParams(text).get('Action') ?? '');
        res.writeHead(200, { 'content-type': 'text/xml' }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  afterEach(() => {
    body = answer(ALICE);
    actions.length = 0;
  });

  test('asks STS GetCallerIdentity and answers account, ARN and user id', async () => {
    const sts = new STSClient({ region: 'us-east-1', endpoint, credentials });
    expect(await callerIdentity(sts)).toEqual({ account: '123456789012', arn: 'arn:aws:iam::123456789012:user/Alice', userId: 'AIDACKCEVSQ6C2EXAMPLE' });
    expect(actions).toEqual(['GetCallerIdentity']);
    sts.destroy();
  });

  test('a field STS left out is empty, not undefined', async () => {
    body = answer('<Arn>arn:aws:sts::123456789012:assumed-role/dev/ada</Arn>');
    const sts = new STSClient({ region: 'us-east-1', endpoint, credentials });
    expect(await callerIdentity(sts)).toEqual({ account: '', arn: 'arn:aws:sts::123456789012:assumed-role/dev/ada', userId: '' });
    sts.destroy();
  });

  test("the credentials' connection test goes the same way, to the STS endpoint it is given", async () => {
    expect(await sdkStsFactory({ region: 'eu-west-1', credentials, endpoint }).getCallerIdentity()).toEqual({
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/Alice',
      userId: 'AIDACKCEVSQ6C2EXAMPLE',
    });
    expect(actions).toEqual(['GetCallerIdentity']);
  });
});
