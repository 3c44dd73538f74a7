import { notificationActionId, parseNotificationAction } from '../../contract/instances-api';
import type { Settings } from '../../contract/dto/settings';
import { checkIpLookup, nodeCommandRunner } from './node-adapters';
import { followInstancesSettings, instancesSettingsFrom } from './settings-adapter';
import { postWebhook } from './webhook';
import { defaultSettings } from '../settings/schema';
import { silentLogger } from './instances.test-helpers';

describe('node adapters', () => {
  test('the command runner runs without a shell and reports exit codes, timeouts and missing programs', async () => {
    const ok = await nodeCommandRunner.run(process.execPath, ['-e', 'process.stdout.write(process.argv[1])', '$(echo no shell); rm -rf /'], { timeoutMs: 10_000 });
    expect(ok).toEqual({ code: 0, stdout: '$(echo no shell); rm -rf /', stderr: '' });
    expect((await nodeCommandRunner.run(process.execPath, ['-e', 'process.exit(3)'], { timeoutMs: 10_000 })).code).toBe(3);
    expect((await nodeCommandRunner.run(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { timeoutMs: 100 })).error).toBe('timeout');
    expect((await nodeCommandRunner.run('flotilla-no-such-program', [], { timeoutMs: 1000 })).error).toBe('not-found');
  });

  test('public IP lookup checks the answer', async () => {
    expect(await checkIpLookup(async () => new Response('198.51.100.7\n'))()).toBe('198.51.100.7');
    await expect(checkIpLookup(async () => new Response('<html>'))()).rejects.toThrow(/not an IPv4 address/);
    await expect(checkIpLookup(async () => Promise.reject(new Error('getaddrinfo ENOTFOUND')))()).rejects.toThrow(/Set an ingress CIDR in Settings/);
  });
});

describe('webhook', () => {
  test('posts Slack-compatible JSON; failures are logged, never thrown', async () => {
    const sent: Array<{ url: string; init: RequestInit | undefined }> = [];
    await postWebhook(async (url, init) => (sent.push({ url, init }), new Response('ok')), 'https://hooks.example.com/T', 'hello', silentLogger);
    expect(sent[0]!.init).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hello"}' });
    await postWebhook(async () => Promise.reject(new Error('down')), 'https://hooks.example.com/T', 'x', silentLogger);
    await postWebhook(async () => { throw new Error('not called'); }, null, 'x', silentLogger);
  });
});

describe('notification actions', () => {
  test('round-trip', () => {
    const id = notificationActionId('ssh', { id: 'i-0123456789abcdef0', region: 'eu-west-1' });
    expect(id).toBe('ssh:eu-west-1/i-0123456789abcdef0');
    expect(parseNotificationAction(id)).toEqual({ action: 'ssh', region: 'eu-west-1', id: 'i-0123456789abcdef0' });
    expect(parseNotificationAction('rm:-rf/x')).toBeNull();
    const extend = notificationActionId('extend', { id: 'i-0123456789abcdef0', region: 'us-east-1' });
    expect(parseNotificationAction(extend)).toEqual({ action: 'extend', region: 'us-east-1', id: 'i-0123456789abcdef0' });
    expect(parseNotificationAction('extend:us-east-1/i-0123;rm')).toBeNull();
    expect(parseNotificationAction('terminate:us-east-1/i-0123456789abcdef0')).toBeNull();
  });
});

describe('settings', () => {
  test('converted once per change of Settings, not on every read', () => {
    let settings = defaultSettings();
    let reads = 0;
    const listeners = new Set<(s: Settings) => void>();
    const followed = followInstancesSettings({
      current: () => (reads++, settings),
      onChange: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    });
    const first = followed.current();
    expect(followed.current()).toBe(first);
    expect(first).toMatchObject({ ttlDefaultMs: 24 * 3_600_000, ttlMaxMs: 7 * 24 * 3_600_000, readyTimeoutMs: 20 * 60_000 });
    settings = { ...settings, ttl: { defaultMinutes: 90, maxMinutes: 600 } };
    for (const listener of listeners) listener(settings);
    expect(followed.current()).toMatchObject({ ttlDefaultMs: 90 * 60_000, ttlMaxMs: 600 * 60_000 });
    expect(reads).toBe(1);
    followed.close();
    expect(listeners.size).toBe(0);
  });

  test("from the app's Settings", () => {
    const settings = {
      regions: ['us-east-1', 'eu-west-1'],
      defaultRegion: 'eu-west-1',
      regionKeys: { 'eu-west-1': { keyPair: 'ada', sshKeyFile: '~/.ssh/ada.pem' }, 'us-east-1': { keyPair: null, sshKeyFile: null } },
      sshUser: 'ec2-user',
      ttl: { defaultMinutes: 240, maxMinutes: 10080 },
      budgetCapUsd: 50,
      ingressCidr: null,
      webhookUrl: 'https://hooks.example.com/x',
      notifications: { ready: true, failed: false, expiring: true },
      revisions: { bucket: 'acme-releases', keep: 5 },
    } as unknown as Settings;
    expect(instancesSettingsFrom(settings)).toEqual({
      regions: ['us-east-1', 'eu-west-1'],
      defaultRegion: 'eu-west-1',
      ttlDefaultMs: 4 * 3_600_000,
      ttlMaxMs: 168 * 3_600_000,
      sshUser: 'ec2-user',
      keyPairs: { 'eu-west-1': 'ada' },
      sshKeyFile: { 'eu-west-1': '~/.ssh/ada.pem' },
      ingressCidr: null,
      budgetCap: 50,
      webhookUrl: 'https://hooks.example.com/x',
      readyTimeoutMs: 20 * 60_000,
      notifications: { ready: true, failed: false, expiring: true },
      terminal: null,
      revisionsBucket: 'acme-releases',
    });
  });
});
