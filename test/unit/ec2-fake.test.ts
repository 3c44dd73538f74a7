/** The EC2 fakes answer as AWS documents it (see test/support/ec2-fake.ts for the references). */
import { ec2Instance, flotillaTags } from '../../main/core/instances/instances.test-helpers';
import { describeInstancesAnswer, ec2Error, ec2Throttled, instanceTypeOfferingsFake } from '../support/ec2-fake';

const fleet = [
  ec2Instance({ id: 'i-00000000000000001', tags: flotillaTags({ 'flotilla:launch-id': 'fl-a' }) }),
  ec2Instance({ id: 'i-00000000000000002', state: 'terminated', tags: flotillaTags({ 'flotilla:launch-id': 'fl-a' }) }),
  ec2Instance({ id: 'i-00000000000000003', state: 'stopped', tags: flotillaTags({ 'flotilla:launch-id': 'fl-b' }) }),
  ec2Instance({ id: 'i-00000000000000004', tags: { Name: 'prod-db' } }),
];
const ids = (answer: ReturnType<typeof describeInstancesAnswer>) => answer.Reservations.flatMap((r) => r.Instances.map((i) => i.InstanceId));

describe('describeInstancesAnswer', () => {
  test('lists recently terminated instances until a state filter leaves them out', () => {
    expect(ids(describeInstancesAnswer(fleet))).toEqual(['i-00000000000000001', 'i-00000000000000002', 'i-00000000000000003', 'i-00000000000000004']);
    expect(ids(describeInstancesAnswer(fleet, { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running', 'stopped'] }] }))).toEqual([
      'i-00000000000000001',
      'i-00000000000000003',
      'i-00000000000000004',
    ]);
  });

  test("ORs one filter's values, ANDs the filters, and takes * and ? as wildcards", () => {
    const filters = [
      { Name: 'tag:flotilla:launch-id', Values: ['fl-a', 'fl-b'] },
      { Name: 'instance-state-name', Values: ['run*', 'st?pped'] },
    ];
    expect(ids(describeInstancesAnswer(fleet, { Filters: filters }))).toEqual(['i-00000000000000001', 'i-00000000000000003']);
    expect(ids(describeInstancesAnswer(fleet, { Filters: [{ Name: 'tag-key', Values: ['flotilla:project'] }] }))).toHaveLength(3);
  });

  test('refuses a filter name EC2 does not know, even with nothing to match', () => {
    expect(() => describeInstancesAnswer([], { Filters: [{ Name: 'state', Values: ['running'] }] })).toThrow(expect.objectContaining({ name: 'InvalidParameterValue' }));
  });

  test('an unknown id: NotFound in InstanceIds, nothing in the instance-id filter', () => {
    expect(() => describeInstancesAnswer(fleet, { InstanceIds: ['i-0000000000000000f'] })).toThrow(expect.objectContaining({ name: 'InvalidInstanceID.NotFound' }));
    expect(ids(describeInstancesAnswer(fleet, { Filters: [{ Name: 'instance-id', Values: ['i-0000000000000000f'] }] }))).toEqual([]);
  });

  test('pages by MaxResults (5 to 1000) with a NextToken', () => {
    const many = Array.from({ length: 12 }, (_, i) => ec2Instance({ id: `i-${String(i).padStart(17, '0')}` }));
    const first = describeInstancesAnswer(many, { MaxResults: 5 });
    expect(ids(first)).toHaveLength(5);
    const rest = describeInstancesAnswer(many, { MaxResults: 1000, NextToken: first.NextToken });
    expect(ids(rest)).toHaveLength(7);
    expect(rest.NextToken).toBeUndefined();
    expect(() => describeInstancesAnswer(many, { MaxResults: 4 })).toThrow(expect.objectContaining({ name: 'InvalidParameterValue' }));
  });
});

describe('EC2 errors', () => {
  test('throttling is RequestLimitExceeded with HTTP 503; other client errors 400', () => {
    expect(ec2Throttled()).toMatchObject({ name: 'RequestLimitExceeded', $fault: 'server', $metadata: { httpStatusCode: 503 } });
    expect(ec2Error('Throttling')).toMatchObject({ $metadata: { httpStatusCode: 503 } });
    expect(ec2Error('DryRunOperation')).toMatchObject({ $metadata: { httpStatusCode: 412 } });
    expect(ec2Error('InvalidAMIID.NotFound')).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 400 } });
  });
});

describe('instanceTypeOfferingsFake', () => {
  const region = (name: string) => () => ({ config: { region: async () => name } });
  test('answers a type the region does not offer with no offering, not an error', async () => {
    const offerings = instanceTypeOfferingsFake({ 'eu-west-1': ['m5.large'] });
    const filter = (type: string) => ({ LocationType: 'region', Filters: [{ Name: 'instance-type', Values: [type] }] });
    expect((await offerings(filter('t3.small'), region('eu-west-1'))).InstanceTypeOfferings).toEqual([]);
    expect((await offerings(filter('m5.*'), region('eu-west-1'))).InstanceTypeOfferings).toEqual([{ InstanceType: 'm5.large', LocationType: 'region', Location: 'eu-west-1' }]);
    expect((await offerings(filter('t3.small'), region('us-east-1'))).InstanceTypeOfferings).toHaveLength(1);
  });
});
