import { GetProductsCommand, PricingClient, ThrottlingException } from '@aws-sdk/client-pricing';
import { LazyJsonString } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchOnDemandPrice, onDemandPriceOf, parsePriceListItem, PRICE_LIST_LIMITS } from './price-list';
import { getProductsAnswer, priceListItem } from './prices.test-helpers';

const pricing = mockClient(PricingClient);
const client = () => new PricingClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

beforeEach(() => pricing.reset());
afterAll(() => pricing.restore());

describe('a PriceList item', () => {
  test('gives the on-demand hourly USD, not the reserved one', () => {
    expect(parsePriceListItem(priceListItem(), 't3.micro', 'us-east-1')).toEqual({ usd: 0.0104, operation: 'RunInstances' });
    // As the SDK really answers it: a LazyJsonString (a boxed String).
    expect(parsePriceListItem(LazyJsonString.from(priceListItem()), 't3.micro', 'us-east-1')?.usd).toBe(0.0104);
  });

  test('is hostile until checked: not JSON, not a price, another type or region, too big', () => {
    const item = (usd: string) => priceListItem({ usd });
    for (const bad of ['NaN', 'Infinity', '-0.0104', '0.0000000000', '1e3', '0x10', '', '99999999.0', ' ']) {
      expect(parsePriceListItem(item(bad), 't3.micro', 'us-east-1'), bad).toBeNull();
    }
    expect(parsePriceListItem('{"product":', 't3.micro', 'us-east-1')).toBeNull();
    expect(parsePriceListItem(42, 't3.micro', 'us-east-1')).toBeNull();
    expect(parsePriceListItem('null', 't3.micro', 'us-east-1')).toBeNull();
    expect(parsePriceListItem('{"product":{"attributes":[]},"terms":{}}', 't3.micro', 'us-east-1')).toBeNull();
    expect(parsePriceListItem(priceListItem({ type: 't3.large' }), 't3.micro', 'us-east-1')).toBeNull();
    expect(parsePriceListItem(priceListItem({ region: 'eu-west-1' }), 't3.micro', 'us-east-1')).toBeNull();
    const huge = priceListItem().replace('"appliesTo":[]', `"appliesTo":["${'x'.repeat(PRICE_LIST_LIMITS.itemChars)}"]`);
    expect(parsePriceListItem(huge, 't3.micro', 'us-east-1')).toBeNull();
    // A price given as a JSON number (AWS sends strings) is still read; an object is not.
    expect(parsePriceListItem(priceListItem().replace('"USD":"0.0104000000"', '"USD":0.0104'), 't3.micro', 'us-east-1')?.usd).toBe(0.0104);
    expect(parsePriceListItem(priceListItem().replace('"USD":"0.0104000000"', '"USD":{"a":1}'), 't3.micro', 'us-east-1')).toBeNull();
  });

  test('several products: plain RunInstances first, and the highest among several', () => {
    const items = [priceListItem({ usd: '0.0200000000', operation: 'RunInstances:0g00', sku: 'A' }), priceListItem({ usd: '0.0104000000', sku: 'B' }), 'garbage'];
    expect(onDemandPriceOf(items, 't3.micro', 'us-east-1')).toBe(0.0104);
    expect(onDemandPriceOf([priceListItem({ usd: '0.0104000000', sku: 'B' }), priceListItem({ usd: '0.0110000000', sku: 'C' })], 't3.micro', 'us-east-1')).toBe(0.011);
    expect(onDemandPriceOf([priceListItem({ usd: '0.0200000000', operation: 'RunInstances:0g00' })], 't3.micro', 'us-east-1')).toBe(0.02);
    expect(onDemandPriceOf([], 't3.micro', 'us-east-1')).toBeNull();
  });
});

describe('GetProducts', () => {
  test('asks for Linux, shared tenancy, no software or licence, capacity used, in the region', async () => {
    pricing.on(GetProductsCommand).resolves(getProductsAnswer([priceListItem({ type: 'm7g.large', region: 'eu-central-1', usd: '0.0952000000' })]));
    expect(await fetchOnDemandPrice(client(), 'm7g.large', 'eu-central-1')).toBe(0.0952);
    const input = pricing.commandCalls(GetProductsCommand)[0]!.args[0].input;
    expect(input.ServiceCode).toBe('AmazonEC2');
    expect(Object.fromEntries((input.Filters ?? []).map((f) => [f.Field, [f.Type, f.Value]]))).toEqual({
      instanceType: ['TERM_MATCH', 'm7g.large'],
      regionCode: ['TERM_MATCH', 'eu-central-1'],
      operatingSystem: ['TERM_MATCH', 'Linux'],
      tenancy: ['TERM_MATCH', 'Shared'],
      preInstalledSw: ['TERM_MATCH', 'NA'],
      capacitystatus: ['TERM_MATCH', 'Used'],
      licenseModel: ['TERM_MATCH', 'No License required'],
    });
  });

  test('follows NextToken for a bounded number of pages; an empty answer is no price', async () => {
    pricing.on(GetProductsCommand).resolves(getProductsAnswer([], 'more'));
    expect(await fetchOnDemandPrice(client(), 't3.micro', 'us-east-1')).toBeNull();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(PRICE_LIST_LIMITS.pages);
    pricing.reset();
    pricing.on(GetProductsCommand).resolvesOnce(getProductsAnswer([], 'p2')).resolves(getProductsAnswer([priceListItem()]));
    expect(await fetchOnDemandPrice(client(), 't3.micro', 'us-east-1')).toBe(0.0104);
    expect(pricing.commandCalls(GetProductsCommand)[1]!.args[0].input.NextToken).toBe('p2');
    pricing.reset();
    pricing.on(GetProductsCommand).resolves({ PriceList: 'not a list' as never });
    expect(await fetchOnDemandPrice(client(), 't3.micro', 'us-east-1')).toBeNull();
  });

  test("AWS's errors reach the caller", async () => {
    pricing.on(GetProductsCommand).rejects(new ThrottlingException({ $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' }));
    await expect(fetchOnDemandPrice(client(), 't3.micro', 'us-east-1')).rejects.toThrow('Rate exceeded');
  });
});
