import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { sshCommand } from './ssh';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, flotillaTags, mockedAws, T0, testDeps } from './instances.test-helpers';

const { ec2 } = mockedAws();

describe('createInstancesService lifecycle', () => {
  test("start resumes tracking the caller's instances that are still booting; stop leaves no timer", async () => {
    const booting = ec2Instance({ id: 'i-00000000000000001', launchedAt: T0 - 5 * 60_000 });
    const teammates = ec2Instance({ id: 'i-00000000000000002', launchedAt: T0 - 5 * 60_000, tags: flotillaTags({ [TAG.owner]: 'arn:aws:iam::1:user/bob' }) });
    const alreadyReady = ec2Instance({ id: 'i-00000000000000003', launchedAt: T0 - 5 * 60_000, tags: flotillaTags({ [TAG.readyAt]: '2025-06-01T11:58:00Z' }) });
    const old = ec2Instance({ id: 'i-00000000000000004', launchedAt: T0 - 3 * 3_600_000 });
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([booting, teammates, alreadyReady, old]));
    const { deps, clock } = testDeps({ fetch: async () => new Response(null, { status: 200 }) });
    const service = createInstancesService(deps);
    await service.start();
    const waiting = service.api.waitReady({ ids: ['i-00000000000000001'] });
    await clock.advance(0);
    expect(await waiting).toEqual([expect.objectContaining({ id: 'i-00000000000000001', readiness: 'ready' })]);
    const tracked = await service.api.get({ id: 'i-00000000000000002' });
    expect(tracked.readiness).toBe('unknown');
    await service.close();
    expect(clock.pending()).toBe(0);
  });
});

describe('sshCommand', () => {
  test('refuses an address that is not a host', () => {
    expect(() => sshCommand({ instance: ec2Instance({ dns: '-oProxyCommand=evil' }), user: 'ubuntu', keyFile: null })).toThrow(/is not a host name or IP address/);
    expect(() => sshCommand({ instance: ec2Instance(), user: 'x; rm', keyFile: null })).toThrow(/is not a user name/);
  });
});
