/**
 * EC2 answers for aws-sdk-client-mock fakes, built to AWS's documented behaviour rather than to
 * what the code under test happens to send, so a wrong filter or a wrong error code shows:
 *
 * - DescribeInstances applies `InstanceIds`, `Filters` and `MaxResults`/`NextToken` itself
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html): values of
 *   one filter are ORed, filters are ANDed, `*` and `?` are wildcards, an unknown filter name is
 *   refused (InvalidParameterValue), an unknown instance id in `InstanceIds` is
 *   InvalidInstanceID.NotFound (in the `instance-id` filter it just matches nothing), and recently
 *   terminated instances are still listed: only a filter on the state leaves them out.
 * - DescribeInstanceTypeOfferings lists only what the region offers
 *   (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypeOfferings.html):
 *   a type that is not offered is simply absent.
 * - Throttling is `RequestLimitExceeded` with HTTP 503, as EC2 answers it
 *   (https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html names the code; the
 *   status is what EC2 sends, e.g. "Status Code: 503; Error Code: RequestLimitExceeded" in
 *   github.com/cloudfoundry/bosh-aws-cpi-release/issues/61).
 */
import { EC2ServiceException, type Filter, type Instance, type InstanceTypeOffering } from '@aws-sdk/client-ec2';

/**
 * The HTTP status EC2 answers with each error code: throttling 503, a dry run that would have
 * succeeded 412, server errors 500/503, every other client error 400
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
 */
const STATUS: Record<string, number> = {
  RequestLimitExceeded: 503,
  Throttling: 503,
  DryRunOperation: 412,
  InternalError: 500,
  ServiceUnavailable: 503,
  Unavailable: 503,
};

/** An error as the SDK throws it for an EC2 error response; the status follows the code unless given. */
export function ec2Error(name: string, message = name, status = STATUS[name] ?? 400): EC2ServiceException {
  return new EC2ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message });
}

/** EC2 throttling this account: RequestLimitExceeded, HTTP 503. */
export const ec2Throttled = () => ec2Error('RequestLimitExceeded', 'Request limit exceeded.');

/** EC2's filter value matching: exact, or with `*` (any run) and `?` (one character) as wildcards. */
function matchesValue(value: string | undefined, patterns: readonly string[]): boolean {
  if (value === undefined) return false;
  return patterns.some((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 's').test(value));
}

type Field = (instance: Instance) => Array<string | undefined>;

/** The DescribeInstances filters this fake knows; EC2 knows more, and refuses names it does not. */
const INSTANCE_FIELDS: Record<string, Field> = {
  'instance-id': (i) => [i.InstanceId],
  'instance-state-name': (i) => [i.State?.Name],
  'instance-state-code': (i) => [i.State?.Code === undefined ? undefined : String(i.State.Code)],
  'instance-type': (i) => [i.InstanceType],
  'image-id': (i) => [i.ImageId],
  'key-name': (i) => [i.KeyName],
  'tag-key': (i) => (i.Tags ?? []).map((t) => t.Key),
  'tag-value': (i) => (i.Tags ?? []).map((t) => t.Value),
};

function fieldOf(name: string): Field {
  if (name.startsWith('tag:')) {
    const key = name.slice(4);
    return (i) => (i.Tags ?? []).filter((t) => t.Key === key).map((t) => t.Value);
  }
  const field = INSTANCE_FIELDS[name];
  if (!field) throw ec2Error('InvalidParameterValue', `The filter '${name}' is invalid`);
  return field;
}

/** Whether `instance` passes every filter (each filter: any of its values). */
export function matchesFilters(instance: Instance, filters: readonly Filter[] = []): boolean {
  return filters.every((filter) => {
    if (!filter.Name || !filter.Values?.length) throw ec2Error('InvalidParameterValue', `The filter '${filter.Name ?? ''}' needs a name and at least one value`);
    return fieldOf(filter.Name)(instance).some((value) => matchesValue(value, filter.Values!));
  });
}

export interface DescribeInstancesInput {
  InstanceIds?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/** One page of a DescribeInstances answer over `instances`, one reservation each. */
export function describeInstancesAnswer(instances: readonly Instance[], input: DescribeInstancesInput = {}) {
  // Check every filter name even when no instance is there to test it against.
  for (const filter of input.Filters ?? []) if (filter.Name) fieldOf(filter.Name);
  if (input.InstanceIds?.length && input.MaxResults !== undefined) {
    throw ec2Error('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000)) {
    throw ec2Error('InvalidParameterValue', `Value ( ${input.MaxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  const ids = input.InstanceIds ?? [];
  const unknown = ids.filter((id) => !instances.some((i) => i.InstanceId === id));
  if (unknown.length > 0) throw ec2Error('InvalidInstanceID.NotFound', `The instance IDs '${unknown.join(', ')}' do not exist`);
  const all = instances.filter((i) => (ids.length === 0 || ids.includes(i.InstanceId!)) && matchesFilters(i, input.Filters));
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  if (!Number.isSafeInteger(start) || start < 0 || start > all.length) throw ec2Error('InvalidPaginationToken', `Invalid token: ${input.NextToken}`);
  const end = input.MaxResults === undefined ? all.length : Math.min(all.length, start + input.MaxResults);
  return {
    Reservations: all.slice(start, end).map((instance) => ({ ReservationId: `r-${instance.InstanceId!.slice(2)}`, OwnerId: '123456789012', Instances: [instance] })),
    ...(end < all.length ? { NextToken: String(end) } : {}),
  };
}

type GetClient = () => { config: { region: () => Promise<string> | string } };

/**
 * A DescribeInstances fake for `ec2.on(DescribeInstancesCommand).callsFake(...)` over a fixed
 * list, or over what `instances(region)` answers at the time of each call.
 */
export function describeInstancesFake(instances: readonly Instance[] | ((region: string) => readonly Instance[])) {
  return async (input: DescribeInstancesInput, getClient?: GetClient) => {
    const list = typeof instances === 'function' ? instances(getClient ? await getClient().config.region() : 'us-east-1') : instances;
    return describeInstancesAnswer(list, input);
  };
}

/** Instance types a region offers by default in these fakes (every region alike). */
export const OFFERED_TYPES = ['t3.nano', 't3.micro', 't3.small', 't3.medium', 't3.large', 'm5.large', 'm7g.large', 'c5.large', 'c7g.large'];

export interface OfferingsInput {
  LocationType?: string;
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}

/**
 * A DescribeInstanceTypeOfferings fake: the region's offered types (`offered[region]`, else
 * `OFFERED_TYPES`), filtered by `instance-type` and `location`; a type not offered is absent.
 */
export function instanceTypeOfferingsFake(offered: Record<string, readonly string[]> = {}) {
  return async (input: OfferingsInput, getClient?: GetClient) => {
    const region = getClient ? await getClient().config.region() : 'us-east-1';
    if ((input.LocationType ?? 'region') !== 'region') throw ec2Error('InvalidParameterValue', `This fake answers LocationType 'region' only, not '${input.LocationType}'`);
    const fields: Record<string, (o: InstanceTypeOffering) => string | undefined> = { 'instance-type': (o) => o.InstanceType, location: (o) => o.Location };
    let offerings: InstanceTypeOffering[] = (offered[region] ?? OFFERED_TYPES).map((type) => ({ InstanceType: type as InstanceTypeOffering['InstanceType'], LocationType: 'region', Location: region }));
    for (const filter of input.Filters ?? []) {
      const field = fields[filter.Name ?? ''];
      if (!field) throw ec2Error('InvalidParameterValue', `The filter '${filter.Name ?? ''}' is invalid`);
      offerings = offerings.filter((o) => matchesValue(field(o), filter.Values ?? []));
    }
    const start = Number(input.NextToken ?? 0);
    const end = input.MaxResults === undefined ? offerings.length : Math.min(offerings.length, start + input.MaxResults);
    return { InstanceTypeOfferings: offerings.slice(start, end), ...(end < offerings.length ? { NextToken: String(end) } : {}) };
  };
}
