import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsClientFactory } from '../aws/client-factory';
import { fetchOnDemandPrice } from './price-list';
import { priceListItem } from './prices.test-helpers';

/** A Price List Query API endpoint on the wire (awsJson1_1, X-Amz-Target AWSPriceListService.GetProducts). */
describe('AWS_ENDPOINT_URL_PRICING', () => {
  let server: Server;
  let url: string;
  const requests: Array<{ target: string; body: string; authorization: string }> = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ target: String(req.headers['x-amz-target'] ?? ''), body, authorization: String(req.headers.authorization ?? '') });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ FormatVersion: 'aws_v1', PriceList: [priceListItem({ type: 't3.small', region: 'eu-west-1', usd: '0.0228000000' })] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  test('the Price List client sends GetProducts there, signed for us-east-1, and its answer is read', async () => {
    const factory = createAwsClientFactory({
      env: { AWS_ENDPOINT_URL_PRICING: url, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
      credentials: async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }),
    });
    expect(factory.endpointFor('pricing')).toBe(url);
    const usd = await fetchOnDemandPrice(factory.pricing(), 't3.small', 'eu-west-1');
    factory.destroy();
    expect(usd).toBe(0.0228);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.target).toBe('AWSPriceListService.GetProducts');
    expect(JSON.parse(requests[0]!.body)).toMatchObject({ ServiceCode: 'AmazonEC2', Filters: expect.arrayContaining([{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' }]) });
    expect(requests[0]!.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/pricing\/aws4_request/);
  });
});
