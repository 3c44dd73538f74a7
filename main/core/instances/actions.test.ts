import { CreateTagsCommand, DescribeInstancesCommand, DescribeInstanceStatusCommand, GetConsoleOutputCommand } from '@aws-sdk/client-ec2';
import { createInstancesService } from './service';
import { TAG } from './tags';
import { describeInstancesFake, ec2Instance, flotillaTags, mockedAws, testDeps, testSettings } from './instances.test-helpers';

const { ec2 } = mockedAws();

const ID = 'i-0123456789abcdef0';
const tagWrites = () => ec2.commandCalls(CreateTagsCommand).map((c) => c.args[0].input);

describe('extend and pin', () => {
  test('extend moves flotilla:expires-at past the current expiry (the guard on the instance follows the tag)', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    const { deps, recorded } = testDeps();
    const dto = await createInstancesService(deps).api.extend({ id: ID, duration: '4h' });
    expect(tagWrites()).toEqual([{ Resources: [ID], Tags: [{ Key: 'flotilla:expires-at', Value: '2025-06-02T16:00:00Z' }] }]);
    expect(dto).toMatchObject({ id: ID, expiresAt: '2025-06-02T16:00:00.000Z', pinned: false });
    expect(recorded.events.at(-1)).toMatchObject({ event: 'instances.changed', payload: { upserted: [expect.objectContaining({ id: ID })] } });
  });

  test('extending a pinned instance asks first (it unpins it), then counts from now; beyond the maximum is refused', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, tags: flotillaTags({ [TAG.expiresAt]: 'never' }) })]));
    const { deps } = testDeps({ settings: () => testSettings({ ttlMaxMs: 2 * 86_400_000 }) });
    const api = createInstancesService(deps).api;
    const refused = await api.extend({ id: ID, duration: '90m' }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'invalid-input', data: { needsConfirm: true, pinned: true } });
    expect(refused.message).toMatch(/is pinned: extending it by 90m unpins it/);
    expect(tagWrites()).toEqual([]);
    expect((await api.extend({ id: ID, duration: '90m', confirm: true })).expiresAt).toBe('2025-06-01T13:30:00.000Z');
    await expect(api.extend({ id: ID, duration: '3d', confirm: true })).rejects.toThrow(/would expire in 3d, beyond the maximum of 2d/);
    await expect(api.extend({ id: ID, duration: 'soon' })).rejects.toThrow(/not a duration/);
  });

  test('unpin gives a pinned instance an expiry again (Settings\' default TTL unless told), and refuses one that is not pinned', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, tags: flotillaTags({ [TAG.expiresAt]: 'never' }) })]));
    const { deps, recorded } = testDeps({ settings: () => testSettings({ ttlDefaultMs: 4 * 3_600_000 }) });
    const api = createInstancesService(deps).api;
    expect(await api.unpin({ id: ID })).toMatchObject({ pinned: false, expiresAt: '2025-06-01T16:00:00.000Z' });
    expect(await api.unpin({ id: ID, duration: '30m' })).toMatchObject({ expiresAt: '2025-06-01T12:30:00.000Z' });
    expect(tagWrites().map((w) => w.Tags)).toEqual([[{ Key: 'flotilla:expires-at', Value: '2025-06-01T16:00:00Z' }], [{ Key: 'flotilla:expires-at', Value: '2025-06-01T12:30:00Z' }]]);
    expect(recorded.events.at(-1)).toMatchObject({ event: 'instances.changed', payload: { upserted: [expect.objectContaining({ id: ID, pinned: false })] } });
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    await expect(api.unpin({ id: ID })).rejects.toThrow(/is not pinned/);
  });

  test('pin needs confirm: true, then writes never', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    const { deps } = testDeps();
    const api = createInstancesService(deps).api;
    const refused = await api.pin({ id: ID, confirm: false }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'invalid-input', data: { needsConfirm: true } });
    expect(refused.message).toContain('about $0.0208 an hour, $14.98 a month');
    expect(tagWrites()).toEqual([]);
    expect(await api.pin({ id: ID, confirm: true })).toMatchObject({ pinned: true, expiresAt: null, projectedCost: null });
    expect(tagWrites()[0]!.Tags).toEqual([{ Key: 'flotilla:expires-at', Value: 'never' }]);
  });

  test('never extends or pins an instance Flotilla did not launch', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, tags: { Name: 'prod-db', [TAG.expiresAt]: 'x' } })]));
    const { deps } = testDeps();
    await expect(createInstancesService(deps).api.pin({ id: ID, confirm: true })).rejects.toMatchObject({ code: 'forbidden' });
    expect(tagWrites()).toEqual([]);
  });
});

describe('ssh, open, console, diagnose', () => {
  test("ssh: the project's ssh-user, the region's key file, arguments as an array; openSsh runs it in a terminal", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    const { deps, recorded } = testDeps({ settings: () => testSettings({ sshKeyFile: { 'us-east-1': '/home/ada/My Keys/ada.pem' } }) });
    const api = createInstancesService(deps).api;
    const command = await api.sshCommand({ id: ID });
    expect(command).toEqual({
      command: 'ssh',
      args: ['-i', '/home/ada/My Keys/ada.pem', '-o', 'StrictHostKeyChecking=accept-new', 'ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com'],
      text: "ssh -i '/home/ada/My Keys/ada.pem' -o StrictHostKeyChecking=accept-new ubuntu@ec2-203-0-113-10.compute-1.amazonaws.com",
      user: 'ubuntu',
      host: 'ec2-203-0-113-10.compute-1.amazonaws.com',
      keyFile: '/home/ada/My Keys/ada.pem',
    });
    await api.openSsh({ id: ID });
    expect(recorded.terminal).toEqual([{ command: 'ssh', args: command.args }]);
  });

  test('openSsh passes the terminal chosen in Settings to the terminal port', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    const { deps, recorded } = testDeps({ settings: () => testSettings({ terminal: 'konsole' }) });
    await createInstancesService(deps).api.openSsh({ id: ID });
    expect(recorded.terminal).toEqual([expect.objectContaining({ command: 'ssh', choice: 'konsole' })]);
  });

  test("ssh for a project this catalog does not have: the settings' user", async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, tags: flotillaTags({ [TAG.project]: 'someone-elses' }) })]));
    const { deps } = testDeps({ settings: () => testSettings({ sshUser: 'admin', sshKeyFile: {} }) });
    expect((await createInstancesService(deps).api.sshCommand({ id: ID })).args).toEqual(['-o', 'StrictHostKeyChecking=accept-new', 'admin@ec2-203-0-113-10.compute-1.amazonaws.com']);
  });

  test('openUrl opens the ready-url at the instance address', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    const { deps, recorded } = testDeps();
    expect(await createInstancesService(deps).api.openUrl({ id: ID })).toEqual({ url: 'http://ec2-203-0-113-10.compute-1.amazonaws.com:8080/health' });
    expect(recorded.opened).toEqual(['http://ec2-203-0-113-10.compute-1.amazonaws.com:8080/health']);
  });

  test('console output is decoded', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID })]));
    ec2.on(GetConsoleOutputCommand).resolves({ InstanceId: ID, Output: Buffer.from('cloud-init: ok\n').toString('base64'), Timestamp: new Date('2025-06-01T12:00:00Z') });
    const { deps } = testDeps();
    expect(await createInstancesService(deps).api.consoleOutput({ id: ID })).toEqual({ id: ID, region: 'us-east-1', output: 'cloud-init: ok\n', timestamp: '2025-06-01T12:00:00.000Z' });
  });

  test('diagnose: an instance without a public address says so', async () => {
    ec2.on(DescribeInstancesCommand).callsFake(describeInstancesFake([ec2Instance({ id: ID, dns: '', ip: '' })]));
    ec2.on(DescribeInstanceStatusCommand).resolves({ InstanceStatuses: [{ InstanceId: ID, InstanceStatus: { Status: 'initializing' }, SystemStatus: { Status: 'ok' } }] });
    ec2.on(GetConsoleOutputCommand).resolves({ InstanceId: ID });
    const { deps } = testDeps();
    const diagnosis = await createInstancesService(deps).api.diagnose({ id: ID });
    expect(diagnosis.stages.map((s) => [s.stage, s.status])).toEqual([
      ['state', 'pass'],
      ['status-checks', 'pending'],
      ['address', 'fail'],
      ['ready-url', 'unknown'],
    ]);
    expect(diagnosis.summary).toBe('address: no public DNS name or IP: its subnet does not assign public IPs; launch into a public subnet');
  });
});
