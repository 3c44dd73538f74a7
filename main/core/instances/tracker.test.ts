import { CreateTagsCommand, DescribeInstancesCommand, DescribeInstanceStatusCommand, GetConsoleOutputCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from './deps';
import { DEFAULT_TIMINGS } from './deps';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { createTracker } from './tracker';
import { describeInstancesFake, ec2Instance, ec2Throttled, FakeClock, flotillaTags, mockedAws, silentLogger, testClients, testDeps, testSettings } from './instances.test-helpers';

const { ec2 } = mockedAws();
let server: Server;
let port: number;
let status = 503;
let readyUrl: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(status);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  readyUrl = `http://localhost:${port}/health`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  status = 503;
});

/** Real HTTP for probes; webhook posts recorded. */
function fetchWith(webhooks: unknown[]): FetchLike {
  return async (url, init) => {
    if (url.startsWith('https://hooks.example.com/')) {
      webhooks.push(JSON.parse(String(init?.body)));
      return new Response('ok');
    }
    return fetch(url, init);
  };
}

const A = 'i-0000000000000000a';
const B = 'i-0000000000000000b';
const booted = () => [
  ec2Instance({ id: A, dns: 'localhost', tags: flotillaTags({ [TAG.readyUrl]: `http://localhost:${port}/health` }) }),
  ec2Instance({ id: B, dns: '', ip: '127.0.0.1', tags: flotillaTags({ [TAG.readyUrl]: `http://localhost:${port}/health` }) }),
];
const pollCalls = () => ec2.commandCalls(DescribeInstancesCommand).filter((c) => c.args[0].input.Filters?.[0]?.Name === `tag:${TAG.launchId}`);

describe('readiness tracking', () => {
  test('pending → addressed → ready: one DescribeInstances per cycle, probes the rewritten URL, then tells everyone', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake(booted()));
    const webhooks: unknown[] = [];
    const { deps, recorded, clock } = testDeps({ fetch: fetchWith(webhooks), settings: () => testSettings({ webhookUrl: 'https://hooks.example.com/T1' }) });
    const service = createInstancesService(deps);
    const outcome = service.api.waitReady({ ids: [A, B], region: 'us-east-1' });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(0);
    await vi.waitFor(() => expect(clock.delays()).toEqual([5000]));
    expect(pollCalls()).toHaveLength(1);
    expect(pollCalls()[0]!.args[0].input.Filters).toEqual([{ Name: 'tag:flotilla:launch-id', Values: ['fl-000000000001'] }]);
    const changed = recorded.events.filter((e) => e.event === 'instances.changed').flatMap((e) => (e.payload as { upserted: Array<{ id: string; readiness: string }> }).upserted);
    expect(changed.map((i) => [i.id, i.readiness])).toEqual([
      [A, 'addressed'],
      [B, 'addressed'],
    ]);

    status = 200;
    await clock.advance(5000);
    expect(await outcome).toEqual([
      { id: A, region: 'us-east-1', readiness: 'ready', readyUrl: `http://localhost:${port}/health` },
      { id: B, region: 'us-east-1', readiness: 'ready', readyUrl: `http://127.0.0.1:${port}/health` },
    ]);
    expect(pollCalls()).toHaveLength(2);
    const readyEvents = recorded.events.filter((e) => e.event === 'instances.ready').map((e) => e.payload as { url: string; instance: { readiness: string } });
    expect(readyEvents.map((e) => [e.url, e.instance.readiness])).toEqual([
      [`http://localhost:${port}/health`, 'ready'],
      [`http://127.0.0.1:${port}/health`, 'ready'],
    ]);
    // Two of one launch: ONE notification for both.
    expect(recorded.notifications).toEqual([
      {
        title: 'web/feature-x: 2 of 2 ready',
        body: `${A}: http://localhost:${port}/health\n${B}: http://127.0.0.1:${port}/health\nin us-east-1`,
      },
    ]);
    const tagged = ec2.commandCalls(CreateTagsCommand)[0]!.args[0].input;
    expect(tagged).toEqual({ Resources: [A, B], Tags: [{ Key: 'flotilla:ready-at', Value: '2025-06-01T12:00:05Z' }] });
    await service.close();
    expect(webhooks).toEqual([{ text: expect.stringMatching(/^:white_check_mark: web\/feature-x: 2 of 2 ready \(us-east-1, launched by octocat\): i-0000000000000000a: http:\/\/localhost:\d+\/health; i-0000000000000000b: /) }]);
    expect(clock.pending()).toBe(0);
  });

  test('not ready by the deadline: a diagnosis stage by stage, with the console tail', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([booted()[0]!]));
    ec2.on(DescribeInstanceStatusCommand).resolves({
      InstanceStatuses: [{ InstanceId: A, InstanceStatus: { Status: 'ok' }, SystemStatus: { Status: 'ok' } }],
    });
    const consoleText = Array.from({ length: 60 }, (_, i) => `line ${i + 1}`).join('\n') + '\nnpm ERR! missing script: start\n';
    ec2.on(GetConsoleOutputCommand).resolves({ InstanceId: A, Output: Buffer.from(consoleText).toString('base64'), Timestamp: new Date('2025-06-01T12:01:00Z') });
    const { deps, recorded, clock } = testDeps({ fetch: fetchWith([]), settings: () => testSettings({ readyTimeoutMs: 60_000 }) });
    const service = createInstancesService(deps);
    const [outcome] = await clock.run(service.api.waitReady({ ids: [A], region: 'us-east-1' }));
    await service.close();
    expect(outcome!.readiness).toBe('timed-out');
    expect(outcome!.diagnosis!.stages).toEqual([
      { stage: 'state', status: 'pass', message: 'running since 2025-06-01T11:00:00.000Z' },
      { stage: 'status-checks', status: 'pass', message: 'system and instance status checks pass' },
      { stage: 'address', status: 'pass', message: 'public address localhost' },
      { stage: 'ready-url', status: 'fail', message: expect.stringMatching(/^http:\/\/localhost:\d+\/health: answered HTTP 503 \(at .*\); the app did not start/) },
    ]);
    expect(outcome!.diagnosis!.summary).toMatch(/^ready-url: .*answered HTTP 503.*the end of its console output is below$/);
    expect(outcome!.diagnosis!.consoleTail!.split('\n')).toHaveLength(40);
    expect(outcome!.diagnosis!.consoleTail!.endsWith('npm ERR! missing script: start')).toBe(true);
    expect(recorded.events.find((e) => e.event === 'instances.failed')).toBeDefined();
    expect(recorded.notifications[0]!.title).toBe('web/feature-x did not become ready');
    expect(pollCalls().length).toBeGreaterThanOrEqual(12);
    expect(pollCalls().length).toBeLessThanOrEqual(14);
  });

  test('an instance that terminates while booting fails at once with the reason', async () => {
    const gone = { ...ec2Instance({ id: A, state: 'terminated' }), StateReason: { Code: 'Client.InstanceInitiatedShutdown', Message: 'Client.InstanceInitiatedShutdown: Instance initiated shutdown' } };
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([gone]));
    ec2.on(GetConsoleOutputCommand).resolves({ InstanceId: A });
    const { deps, clock } = testDeps({ fetch: fetchWith([]) });
    const service = createInstancesService(deps);
    const [outcome] = await clock.run(service.api.waitReady({ ids: [A], region: 'us-east-1' }));
    await service.close();
    expect(outcome!.readiness).toBe('stopped');
    expect(outcome!.diagnosis!.stages[0]).toEqual({
      stage: 'state',
      status: 'fail',
      message: expect.stringContaining('terminated: Client.InstanceInitiatedShutdown: Instance initiated shutdown (it shut itself down'),
    });
    expect(outcome!.diagnosis!.consoleTail).toBeNull();
  });

  test('one instance of a launch ready: "is ready" with Open and SSH', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([booted()[0]!]));
    status = 200;
    const { deps, recorded, clock } = testDeps({ fetch: fetchWith([]) });
    const service = createInstancesService(deps);
    await clock.run(service.api.waitReady({ ids: [A], region: 'us-east-1' }));
    await service.close();
    expect(recorded.notifications).toEqual([
      {
        title: 'web/feature-x is ready',
        body: `http://localhost:${port}/health\n${A} in us-east-1`,
        actions: [
          { id: `open:us-east-1/${A}`, label: 'Open' },
          { id: `ssh:us-east-1/${A}`, label: 'SSH' },
        ],
      },
    ]);
  });

  test('terminated by the user or expired while booting: no "did not become ready", no notification', async () => {
    const C = 'i-0000000000000000c';
    const byUser = { ...ec2Instance({ id: A, state: 'terminated' }), StateReason: { Code: 'Client.UserInitiatedShutdown', Message: 'Client.UserInitiatedShutdown: User initiated shutdown' } };
    const expired = ec2Instance({ id: B, state: 'shutting-down', tags: flotillaTags({ [TAG.expiresAt]: '2025-06-01T11:59:00Z' }) });
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([byUser, expired, ec2Instance({ id: C, state: 'pending' })]));
    const { deps, recorded, clock } = testDeps({ fetch: fetchWith([]) });
    const service = createInstancesService(deps);
    const waiting = service.api.waitReady({ ids: [A, B, C], region: 'us-east-1' });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(0);
    // Terminated here (Terminate): forgotten at once.
    ec2.on(TerminateInstancesCommand).resolves({ TerminatingInstances: [{ InstanceId: C, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 0, Name: 'pending' } }] });
    await service.api.terminate({ ids: [C], region: 'us-east-1' });
    const outcomes = await waiting;
    await service.close();
    expect(outcomes.map((o) => [o.id, o.readiness, o.diagnosis])).toEqual([
      [A, 'stopped', undefined],
      [B, 'stopped', undefined],
      [C, 'stopped', undefined],
    ]);
    expect(recorded.events.filter((e) => e.event === 'instances.failed')).toEqual([]);
    expect(recorded.notifications).toEqual([]);
  });
});

describe('createTracker', () => {
  test('ONE DescribeInstances per region per cycle, however many instances; backs off while throttled', async () => {
    const clock = new FakeClock();
    const clients = testClients();
    ec2.on(DescribeInstancesCommand).callsFake(
      describeInstancesFake((region) =>
        region === 'us-east-1' ? [ec2Instance({ id: A, state: 'pending' }), ec2Instance({ id: B, state: 'pending' })] : [ec2Instance({ id: 'i-0000000000000000c', state: 'pending' })],
      ),
    );
    const tracker = createTracker({
      clients,
      clock,
      logger: silentLogger,
      fetch: async () => new Response(null, { status: 503 }),
      timings: DEFAULT_TIMINGS,
      random: () => 0.5,
      hooks: { changed: () => {}, ready: () => {}, failed: () => {}, settled: () => {} },
    });
    const deadline = clock.now().getTime() + 3_600_000;
    tracker.track([
      { instance: ec2Instance({ id: A, state: 'pending' }), region: 'us-east-1', readyUrlTemplate: 'http://localhost/', deadline },
      { instance: ec2Instance({ id: B, state: 'pending' }), region: 'us-east-1', readyUrlTemplate: 'http://localhost/', deadline },
      { instance: ec2Instance({ id: 'i-0000000000000000c', state: 'pending' }), region: 'eu-west-1', readyUrlTemplate: 'http://localhost/', deadline },
    ]);
    await clock.advance(0);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(2);
    expect(clock.delays()).toEqual([5000]);

    ec2.on(DescribeInstancesCommand).rejects(ec2Throttled());
    await clock.advance(5000);
    expect(clock.delays()).toEqual([7500]);
    await clock.advance(7500);
    expect(clock.delays()).toEqual([15_000]);
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([]));
    await clock.advance(15_000);
    expect(clock.delays()).toEqual([5000]);
    await tracker.stop();
    expect(clock.pending()).toBe(0);
  });
});
