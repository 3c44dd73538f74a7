import { DescribeSpotPriceHistoryCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { T0 } from '../fake-clock.test-helpers';
import { fetchSpotPrices, SPOT_LIMITS } from './spot-history';
import { spotEntries } from './prices.test-helpers';

const ec2 = mockClient(EC2Client);
const client = () => new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

beforeEach(() => ec2.reset());
afterAll(() => ec2.restore());

describe('the Spot price history', () => {
  test('asks for Linux/UNIX from now and answers the price per zone', async () => {
    ec2.on(DescribeSpotPriceHistoryCommand).resolves({ SpotPriceHistory: spotEntries('t3.micro', { 'us-east-1b': '0.003900', 'us-east-1a': '0.003100' }), NextToken: '' });
    expect(await fetchSpotPrices(client(), 't3.micro', new Date(T0))).toEqual({ 'us-east-1a': 0.0031, 'us-east-1b': 0.0039 });
    const input = ec2.commandCalls(DescribeSpotPriceHistoryCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ InstanceTypes: ['t3.micro'], ProductDescriptions: ['Linux/UNIX'], StartTime: new Date(T0) });
  });

  test('the newest entry of a zone wins; hostile entries are left out; pages are bounded', async () => {
    const older = spotEntries('t3.micro', { 'us-east-1a': '0.005000' }, new Date(T0 - 7_200_000));
    const newer = spotEntries('t3.micro', { 'us-east-1a': '0.003100' }, new Date(T0 - 3_600_000));
    const hostile = [
      ...spotEntries('t3.micro', { 'us-east-1c': 'NaN', 'us-east-1d': '-1', 'US EAST; rm -rf': '0.1', 'us-east-1e': '1e9' }),
      ...spotEntries('t3.large', { 'us-east-1f': '0.02' }),
      { ...spotEntries('t3.micro', { 'us-east-1g': '0.004' })[0]!, ProductDescription: 'Windows' as const },
      null as never,
    ];
    ec2.on(DescribeSpotPriceHistoryCommand).resolves({ SpotPriceHistory: [...newer, ...older, ...hostile], NextToken: 'again' });
    expect(await fetchSpotPrices(client(), 't3.micro', new Date(T0))).toEqual({ 'us-east-1a': 0.0031 });
    expect(ec2.commandCalls(DescribeSpotPriceHistoryCommand)).toHaveLength(SPOT_LIMITS.pages);
  });

  test('nothing for the type (not offered as Spot there) is an empty answer', async () => {
    ec2.on(DescribeSpotPriceHistoryCommand).resolves({ SpotPriceHistory: [] });
    expect(await fetchSpotPrices(client(), 'x9.huge', new Date(T0))).toEqual({});
  });
});
