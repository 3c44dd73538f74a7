import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { createPriceBook } from '../prices/price-book';
import { getProductsAnswer, priceListItem } from '../prices/prices.test-helpers';
import { createInstancesService } from './service';
import { describeInstancesFake, ec2Instance, flush, mockedAws, silentLogger, testClients, testDeps } from './instances.test-helpers';

const { ec2 } = mockedAws();
const pricing = mockClient(PricingClient);
afterAll(() => pricing.restore());

describe('live prices reach the fleet', () => {
  test('a refreshed price re-prices the fleet in an instances.changed, once, a few seconds later', async () => {
    pricing.reset();
    pricing.on(GetProductsCommand).resolves(getProductsAnswer([priceListItem({ type: 't3.small', usd: '0.0210000000' })]));
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: 'i-00000000000000001' }), ec2Instance({ id: 'i-00000000000000002' })]));
    const { deps, clock, recorded } = testDeps();
    const clients = testClients();
    const prices = createPriceBook({ clock, logger: silentLogger, live: { pricing: () => clients.pricing(), ec2: (r) => clients.ec2(r) } });
    const service = createInstancesService({ ...deps, prices });
    const listed = await service.api.list({});
    expect(listed.instances.map((i) => i.priceSource?.source)).toEqual(['shipped', 'shipped']); // never waits for the price
    await flush();
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(1); // one type, one region: one call
    const changed = () => recorded.events.filter((e) => e.event === 'instances.changed');
    expect(changed()).toHaveLength(0);
    await clock.advance(3_000);
    await flush();
    expect(changed()).toHaveLength(1);
    expect(changed()[0]!.payload).toMatchObject({ upserted: [{ hourlyPrice: 0.021, priceSource: { source: 'price-list' } }, { hourlyPrice: 0.021 }], removed: [] });
    await service.close();
    await prices.close();
    expect(clock.pending()).toBe(0);
  });
});
