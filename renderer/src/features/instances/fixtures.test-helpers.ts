import type { FleetList, InstanceDto } from '@contract/instances/dto';
import type { LaunchResolution, LaunchResult, PreflightItem, PreflightResult } from '@contract/instances/launch-dto';

export const ME = 'arn:aws:iam::123456789012:user/ada';
export const BOB = 'arn:aws:iam::123456789012:user/bob';

let n = 0;
export function instance(overrides: Partial<InstanceDto> = {}): InstanceDto {
  n++;
  const id = overrides.id ?? `i-0${n.toString(16).padStart(16, '0')}`;
  const project = overrides.project ?? 'butter';
  const branch = overrides.branch ?? 'main';
  return {
    id,
    region: 'us-east-1',
    name: `${project}/${branch}`,
    project,
    branch,
    gitUser: 'ada',
    owner: ME,
    launchId: 'fl-000000000001',
    state: 'running',
    readiness: 'ready',
    publicDns: 'ec2-1-2-3-4.compute-1.amazonaws.com',
    publicIp: '1.2.3.4',
    readyUrl: 'http://ec2-1-2-3-4.compute-1.amazonaws.com:3000/health',
    launchedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    expiresAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
    pinned: false,
    instanceType: 't3.small',
    imageId: 'ami-0123456789abcdef0',
    keyName: 'ada',
    tags: { env: 'staging', site: 'eu' },
    revision: null,
    access: 'ssh',
    market: 'on-demand',
    hourlyPrice: 0.0208,
    costSoFar: 0.0104,
    projectedCost: 0.0728,
    priceSource: { source: 'price-list', asOf: '2026-01-15T08:00:00.000Z' },
    interruption: null,
    ssm: null,
    ...overrides,
  };
}

export function fleetOf(instances: InstanceDto[], me: string | null = ME): FleetList {
  return {
    instances,
    regions: [{ region: 'us-east-1', ok: true, count: instances.length }],
    me,
    totals: { hourly: 0, soFar: 0, projected: 0, unpriced: 0 },
    pricesTakenAt: '2026-01-15',
    fetchedAt: new Date().toISOString(),
  };
}

export const checks: Array<Pick<PreflightItem, 'id' | 'label'>> = [
  { id: 'template', label: 'Template' },
  { id: 'credentials', label: 'AWS credentials' },
  { id: 'branch', label: 'Branch' },
  { id: 'image', label: 'Image' },
];

export function items(statuses: PreflightItem['status'][]): PreflightItem[] {
  return statuses.map((status, i) => ({ ...checks[i]!, status, message: `${checks[i]!.label} ${status}` }));
}

export function preflightResult(list: PreflightItem[], launchId = 'ui-1'): PreflightResult {
  return {
    launchId,
    ok: !list.some((i) => i.status === 'fail'),
    items: list,
    plan: {
      project: 'butter',
      region: 'us-east-1',
      imageId: 'ami-0123456789abcdef0',
      imageName: 'ubuntu',
      instanceType: 't3.small',
      count: 1,
      ttl: '4h',
      expiresAt: new Date().toISOString(),
      keyPair: 'ada',
      securityGroup: null,
      userDataBase64Bytes: 1000,
      rootVolumeSize: 8,
      hourlyPrice: 0.0208,
      projectedCost: 0.0832,
      priceSource: { source: 'price-list', asOf: '2026-01-15T08:00:00.000Z' },
      owner: ME,
      revision: null,
      iamInstanceProfile: null,
      options: {},
      env: [],
      market: 'on-demand',
      access: 'ssh',
    },
  };
}

export function launchResult(started: InstanceDto[], requested: number, failures: LaunchResult['failures']): LaunchResult {
  const pre = preflightResult(items(['pass', 'pass', 'pass', 'pass']));
  return {
    launchId: 'ui-1',
    region: 'us-east-1',
    project: 'butter',
    branch: 'feature/x',
    requested,
    instances: started,
    failures,
    securityGroupId: 'sg-1',
    securityGroupCreated: true,
    preflight: pre.items,
    warnings: [],
    plan: pre.plan,
    markets: started.map((i) => ({ id: i.id, market: i.market, fallback: null })),
  };
}

/** What the core resolves for a launch of `project`: the template's TTL and region unless overridden. */
export function resolution(project: string, overrides: Partial<LaunchResolution> = {}): LaunchResolution {
  return {
    project,
    region: { value: 'us-east-1', source: 'settings' },
    ttl: { value: '24h', source: 'settings' },
    image: { value: 'ami-0123456789abcdef0', source: 'template' },
    instanceType: { value: 't3.small', source: 'template' },
    keyPair: { value: null, source: 'settings' },
    revision: { package: null, ref: null, source: 'template' },
    options: [],
    env: [],
    problems: [],
    market: { value: 'on-demand', source: 'template' },
    ...overrides,
  };
}
