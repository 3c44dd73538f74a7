import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import type { FetchLike } from './deps';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, flotillaTags, mockedAws, testDeps } from './instances.test-helpers';

/**
 * Issue 11, item 10, end to end through the service: a teammate (or anyone with ec2:CreateTags)
 * points an instance's flotilla:ready-url at the user's loopback, the metadata service or another
 * host. Waiting for it, diagnosing it and opening it must only ever reach the instance itself.
 */
const { ec2 } = mockedAws();

const A = 'i-0000000000000000a';
const DNS = 'ec2-203-0-113-10.compute-1.amazonaws.com';
const hostileTags = ['http://[::ffff:7f00:1]:6379/secret', 'http://169.254.169.254/latest/meta-data/iam/', 'http://127.1:9222/json', 'https://attacker.example/collect'];

/** Records every URL the core asks for and answers 200 without touching the network. */
function recordingFetch(urls: string[]): FetchLike {
  return async (url) => {
    urls.push(url);
    return new Response('ok');
  };
}

describe.each(hostileTags)('tag flotilla:ready-url = %s', (tag) => {
  const hostile = () => ec2Instance({ id: A, dns: DNS, tags: flotillaTags({ [TAG.readyUrl]: tag }) });

  test('waitReady probes the instance address only', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([hostile()]));
    const urls: string[] = [];
    const { deps, clock } = testDeps({ fetch: recordingFetch(urls) });
    const service = createInstancesService(deps);
    const [outcome] = await clock.run(service.api.waitReady({ ids: [A], region: 'us-east-1' }));
    await service.close();
    expect(outcome!.readiness).toBe('ready');
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url).hostname).toBe(DNS);
    expect(new URL(outcome!.readyUrl!).hostname).toBe(DNS);
  });

  test('diagnose and openUrl reach the instance address only', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([hostile()]));
    const urls: string[] = [];
    const { deps, recorded } = testDeps({ fetch: recordingFetch(urls) });
    const service = createInstancesService(deps);
    await service.api.diagnose({ id: A, region: 'us-east-1' });
    const opened = await service.api.openUrl({ id: A, region: 'us-east-1' });
    await service.close();
    for (const url of [...urls, opened.url, ...recorded.opened]) expect(new URL(url).hostname).toBe(DNS);
  });
});
