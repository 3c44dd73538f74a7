import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsClientFactory } from './client-factory';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>8f7724cf-496f-496e-8fe3-example</requestId>
  <reservationSet>
    <item>
      <reservationId>r-1234567890abcdef0</reservationId>
      <ownerId>123456789012</ownerId>
      <instancesSet>
        <item>
          <instanceId>i-1234567890abcdef0</instanceId>
          <imageId>ami-0123456789abcdef0</imageId>
          <instanceState><code>16</code><name>running</name></instanceState>
          <dnsName>ec2-203-0-113-10.compute-1.amazonaws.com</dnsName>
          <instanceType>t3.small</instanceType>
          <launchTime>2025-06-01T11:00:00.000Z</launchTime>
          <ipAddress>203.0.113.10</ipAddress>
          <tagSet><item><key>flotilla:project</key><value>web</value></item></tagSet>
        </item>
      </instancesSet>
    </item>
  </reservationSet>
</DescribeInstancesResponse>`;

describe('AWS_ENDPOINT_URL_EC2', () => {
  let server: Server;
  let url: string;
  const requests: Array<{ method: string; path: string; body: string; authorization: string }> = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', body, authorization: String(req.headers.authorization ?? '') });
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
        res.end(XML);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test("the factory's EC2 client sends to the endpoint and reads its answer", async () => {
    const factory = createAwsClientFactory({
      env: { AWS_ENDPOINT_URL_EC2: url, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });
    const answer = await factory.ec2('eu-west-1').send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag-key', Values: ['flotilla:project'] }] }));
    factory.destroy();
    expect(requests).toHaveLength(1);
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.body).toContain('Action=DescribeInstances');
    expect(requests[0]!.body).toContain('Filter.1.Name=tag-key');
    expect(requests[0]!.authorization).toContain('Credential=AKIDEXAMPLE/');
    expect(requests[0]!.authorization).toContain('/eu-west-1/ec2/');
    const instance = answer.Reservations?.[0]?.Instances?.[0];
    expect(instance).toMatchObject({ InstanceId: 'i-1234567890abcdef0', State: { Code: 16, Name: 'running' }, PublicIpAddress: '203.0.113.10' });
    expect(instance?.Tags).toEqual([{ Key: 'flotilla:project', Value: 'web' }]);
  });
});
