import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { once } from 'node:events';
import { FlotillaError } from '../../contract/errors';
import { clientKey as client, ref, useAgentsHarness } from '../../../test/support/agents-harness';
import { makeKeyPair, runInShell } from '../../../test/support/ssh-server';

const h = useAgentsHarness();
const { sshServer, fakeAgent, setup, at } = h;

describe('Sync now over SSH (a real ssh2 server on 127.0.0.1)', () => {
  // The fake instance runs the command in a real /bin/sh (test/support/ssh-server.ts runInShell): not on Windows.
  test.skipIf(process.platform === 'win32')('runs flotilla-agent sync, streams its output in order and reports the exit code', async () => {
    const path_ = fakeAgent('echo "sync: my_site"\nsleep 0.1\necho "warning: slow bucket" >&2\nsleep 0.1\nfor i in 1 2 3; do echo "line $i"; done\nexit 3');
    const server = await sshServer((context) => void runInShell(context, path_));
    const t = setup({ 'i-0aaa0001': at(server) });
    const job = await t.service.api.syncNow({ instances: [ref('i-0aaa0001')], jobId: 'ui-job1' });
    expect(job).toEqual({ jobId: 'ui-job1', command: 'flotilla-agent sync', targets: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    expect(server.commands).toEqual([{ username: 'ada', command: 'flotilla-agent sync' }]);
    expect(t.of('agents.output').map((o) => o.stream)).toEqual(['stdout', 'stderr', 'stdout']);
    expect(t.textOf('i-0aaa0001', 'stdout')).toBe('sync: my_site\nline 1\nline 2\nline 3\n');
    expect(t.textOf('i-0aaa0001', 'stderr')).toBe('warning: slow bucket\n');
    expect(t.doneOf('i-0aaa0001')).toMatchObject({ jobId: 'ui-job1', exitCode: 3 });
    expect(t.doneOf('i-0aaa0001')!.error).toBeUndefined();
    const status = t.of('agents.status', 'i-0aaa0001');
    expect(status.map((s) => s.phase)).toEqual(['connecting', 'running']);
    expect(status[1]).toMatchObject({ target: 'ada@127.0.0.1', hostKey: { status: 'new', fingerprint: expect.stringMatching(/^SHA256:/) } });
    // 'done' comes after every output of the instance.
    expect(t.events.at(-1)!.event).toBe('agents.done');
  });

  test('runs instances in parallel, at most `concurrency` at a time, each with its own output and exit code', async () => {
    let active = 0;
    let most = 0;
    const waiting: Array<() => void> = [];
    const server = await sshServer(({ username, channel }) => {
      active++;
      most = Math.max(most, active);
      channel.write(`hello from ${username}\n`);
      // The first two only finish once both have started: run one at a time and this never ends.
      const release = () => {
        channel.write(`bye from ${username}\n`);
        active--;
        channel.exit(username === 'bob' ? 2 : 0);
        channel.end();
      };
      if (username === 'cy') setTimeout(release, 20);
      else if (waiting.push(release) === 2) waiting.splice(0).forEach((r) => r());
    });
    const t = setup({ 'i-0aaa0001': at(server, 'ada'), 'i-0bbb0002': at(server, 'bob'), 'i-0ccc0003': at(server, 'cy') }, { concurrency: 2 });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002'), ref('i-0ccc0003'), ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002', 'i-0ccc0003']);
    expect(most).toBe(2);
    expect(t.textOf('i-0aaa0001')).toBe('hello from ada\nbye from ada\n');
    expect(t.textOf('i-0bbb0002')).toBe('hello from bob\nbye from bob\n');
    expect(t.doneOf('i-0aaa0001')!.exitCode).toBe(0);
    expect(t.doneOf('i-0bbb0002')!.exitCode).toBe(2);
    expect(t.doneOf('i-0ccc0003')!.exitCode).toBe(0);
    expect(t.of('agents.done')).toHaveLength(3); // the repeated instance ran once
  });

  // The fake instance runs the command in a real /bin/sh (test/support/ssh-server.ts runInShell): not on Windows.
  test.skipIf(process.platform === 'win32')('says the agent is not installed when the command is not found (exit 127)', async () => {
    const empty = path.join(h.dir, 'empty');
    mkdirSync(empty);
    const server = await sshServer((context) => void runInShell(context, empty));
    const t = setup({ 'i-0aaa0001': at(server) });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    const done = t.doneOf('i-0aaa0001')!;
    expect(done.exitCode).toBe(127);
    expect(done.error).toMatchObject({ kind: 'not-installed', message: expect.stringMatching(/no flotilla-agent.*npm install -g/) });
    expect(t.textOf('i-0aaa0001', 'stderr')).toMatch(/flotilla-agent.*not found/);
  });

  test('explains a refused key, naming the key file setting and the user', async () => {
    const server = await sshServer(() => undefined, [makeKeyPair().publicBlob]);
    const t = setup({ 'i-0aaa0001': { ...at(server), user: 'ubuntu' } });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    expect(t.doneOf('i-0aaa0001')).toMatchObject({
      exitCode: null,
      error: { kind: 'auth', setting: 'regionKeys.us-east-1.sshKeyFile', message: expect.stringContaining("ubuntu@127.0.0.1 refused the SSH key") },
    });
    expect(server.commands).toEqual([]);
  });

  test('explains a closed port and a server that never speaks SSH', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket)); // accepts, then says nothing
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    h.track(() => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), silent.close(() => resolve()))));
    const t = setup(
      { 'i-0aaa0001': { host: '127.0.0.1', port: closedPort, user: 'ada', keyFile: h.keyFile }, 'i-0bbb0002': { host: '127.0.0.1', port: (silent.address() as { port: number }).port, user: 'ada', keyFile: h.keyFile } },
      { readyTimeoutMs: 300 },
    );
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')] });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002']);
    expect(t.doneOf('i-0aaa0001')!.error).toMatchObject({ kind: 'refused', message: expect.stringContaining(`127.0.0.1:${closedPort} refused the connection`) });
    expect(t.doneOf('i-0bbb0002')!.error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('SSH handshake did not finish within 0.3 s') });
  });

  test('cancel stops the running command (TERM, then disconnect) and skips queued instances', async () => {
    const signals: string[] = [];
    let exited: Promise<unknown> = Promise.resolve();
    const server = await sshServer(({ channel, onSignal, onClose }) => {
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']); // a real, long-running process (on every OS)
      exited = once(child, 'exit');
      channel.write('downloading my_site.2026112203723Ab\n');
      onSignal((name) => {
        signals.push(name);
        child.kill(`SIG${name}` as NodeJS.Signals);
      });
      // Cancel sends TERM and then disconnects at once: a KILL on close would race the TERM.
      onClose(() => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        child.once('exit', () => clearTimeout(timer));
      });
    });
    const t = setup({ 'i-0aaa0001': at(server), 'i-0bbb0002': at(server) }, { concurrency: 1 });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')], jobId: 'job-cancel' });
    await vi.waitFor(() => expect(t.textOf('i-0aaa0001')).toContain('downloading'), { timeout: 10_000, interval: 10 });
    expect(await t.service.api.cancel({ jobId: 'job-cancel' })).toEqual({ jobId: 'job-cancel', cancelled: 2 });
    expect(t.doneOf('i-0aaa0001')!.error).toMatchObject({ kind: 'cancelled', message: expect.stringContaining('asked to stop') });
    expect(t.doneOf('i-0bbb0002')!.error).toMatchObject({ kind: 'cancelled', message: expect.stringContaining('before it started') });
    const [, signal] = (await exited) as [number | null, string | null];
    expect(signal).toBe('SIGTERM');
    expect(signals).toEqual(['TERM']);
    await vi.waitFor(() => expect(server.closedSessions()).toBe(1), { timeout: 5_000, interval: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.commands).toHaveLength(1); // the queued one never connected
    expect(t.of('agents.done')).toHaveLength(2);
    expect(await t.service.api.cancel({ jobId: 'job-cancel' })).toEqual({ jobId: 'job-cancel', cancelled: 0 });
  });

  test('batches chatty output into a few events, and drops the excess with a count', async () => {
    const server = await sshServer(({ channel, username }) => {
      let n = 0;
      const burst = () => {
        for (let i = 0; i < 50; i++) channel.write(`line ${String(n++).padStart(5, '0')}\n`);
        if (n < 2000) setImmediate(burst);
        else {
          channel.exit(0);
          channel.end();
        }
      };
      void username;
      burst();
    });
    const t = setup({ 'i-0aaa0001': at(server, 'ada') }, { flushMs: 50 });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    const outputs = t.of('agents.output', 'i-0aaa0001');
    expect(outputs.length).toBeLessThan(40);
    expect(t.textOf('i-0aaa0001').split('\n')).toHaveLength(2001);

    const small = setup({ 'i-0bbb0002': at(server, 'bob') }, { flushMs: 50, maxCharsPerFlush: 500 });
    await small.service.api.syncNow({ instances: [ref('i-0bbb0002')] });
    await small.waitDone(['i-0bbb0002']);
    const chunks = small.of('agents.output', 'i-0bbb0002');
    const skipped = chunks.reduce((sum, c) => sum + (c.skipped ?? 0), 0);
    expect(skipped).toBeGreaterThan(0);
    expect(small.textOf('i-0bbb0002').length + skipped).toBe(2000 * 'line 00000\n'.length);
    expect(small.textOf('i-0bbb0002').endsWith('line 01999\n')).toBe(true);
  });

  test('checks the host key against ~/.ssh/known_hosts: a match is known, a different key is refused', async () => {
    const server = await sshServer(({ channel }) => {
      channel.exit(0);
      channel.end();
    });
    const knownHosts = path.join(h.home, '.ssh', 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${server.port} ecdsa-sha2-nistp256 ${server.hostKey.toString('base64')}\n`);
    const good = setup({ 'i-0aaa0001': at(server) });
    await good.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await good.waitDone(['i-0aaa0001']);
    expect(good.doneOf('i-0aaa0001')!.exitCode).toBe(0);
    expect(good.of('agents.status', 'i-0aaa0001')[1]!.hostKey).toMatchObject({ status: 'known' });

    writeFileSync(knownHosts, `# old instance\n[127.0.0.1]:${server.port} ecdsa-sha2-nistp256 ${makeKeyPair().publicBlob.toString('base64')}\n`);
    const bad = setup({ 'i-0aaa0001': at(server) });
    await bad.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await bad.waitDone(['i-0aaa0001']);
    expect(bad.doneOf('i-0aaa0001')!.error).toMatchObject({ kind: 'host-key', message: expect.stringContaining(`ssh-keygen -R [127.0.0.1]:${server.port}`) });
    expect(bad.doneOf('i-0aaa0001')!.error!.message).toContain('line 2');
    expect(server.commands).toHaveLength(1);
  });

  test('names what to fix when the key file or the address is missing, without connecting', async () => {
    writeFileSync(path.join(h.dir, 'public.pub'), `ecdsa-sha2-nistp256 ${client.publicBlob.toString('base64')} ada@laptop\n`);
    const t = setup({
      'i-0aaa0001': { host: '127.0.0.1', user: 'ada', keyFile: null },
      'i-0bbb0002': { host: '127.0.0.1', user: 'ada', keyFile: '~/.ssh/missing.pem' },
      'i-0ccc0003': { host: '127.0.0.1', user: 'ada', keyFile: path.join(h.dir, 'public.pub') },
      'i-0ddd0004': new FlotillaError('invalid-input', 'i-0ddd0004 has no public address yet; wait until it is running.'),
    });
    await t.service.api.syncNow({ instances: ['i-0aaa0001', 'i-0bbb0002', 'i-0ccc0003', 'i-0ddd0004'].map(ref) });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002', 'i-0ccc0003', 'i-0ddd0004']);
    expect(t.doneOf('i-0aaa0001')!.error).toEqual({
      kind: 'no-key-file',
      setting: 'regionKeys.us-east-1.sshKeyFile',
      message: expect.stringContaining(
        'No SSH key file is set for us-east-1, and no ssh-agent is available (SSH_AUTH_SOCK is not set). Set the SSH key file for us-east-1 in Settings → AWS regions (regionKeys.us-east-1.sshKeyFile)',
      ),
    });
    expect(t.doneOf('i-0bbb0002')!.error).toMatchObject({ kind: 'key-file', message: expect.stringContaining(`${path.join(h.home, '.ssh', 'missing.pem')}, does not exist`) });
    expect(t.doneOf('i-0ccc0003')!.error).toMatchObject({ kind: 'key-file' });
    expect(t.doneOf('i-0ddd0004')!.error).toEqual({ kind: 'no-address', message: 'i-0ddd0004 has no public address yet; wait until it is running.' });
    // The key's content is never in an event.
    expect(JSON.stringify(t.events)).not.toContain(client.privatePem.split('\n')[1]!);
  });

  test('refuses a job id that is still running', async () => {
    const server = await sshServer(() => undefined);
    const t = setup({ 'i-0aaa0001': at(server) });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')], jobId: 'same' });
    await expect(t.service.api.syncNow({ instances: [ref('i-0aaa0001')], jobId: 'same' })).rejects.toMatchObject({ code: 'invalid-input' });
    await t.service.api.cancel({ jobId: 'same' });
  });
});

describe('jobs: what a reloaded window shows again', () => {
  test('lists running and recently finished jobs, each instance with its phase, result and a bounded tail of its output', async () => {
    let release: () => void = () => undefined;
    const server = await sshServer(({ channel, username }) => {
      for (let i = 0; i < 30; i++) channel.write(`${username} line ${String(i).padStart(2, '0')}\n`); // 30 × 12 characters
      if (username === 'ada') {
        channel.exit(0);
        channel.end();
      } else release = () => (channel.write('bye\n'), channel.exit(4), channel.end());
    });
    const t = setup({ 'i-0aaa0001': at(server, 'ada'), 'i-0bbb0002': at(server, 'bob') }, {}, { records: { tailChars: 100, keepFinishedMs: 300 } });
    expect(await t.service.api.jobs({})).toEqual([]);
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')], jobId: 'job-a' });
    await t.waitDone(['i-0aaa0001']);
    await vi.waitFor(() => expect(t.textOf('i-0bbb0002')).toContain('bob line 29'), { timeout: 10_000, interval: 10 });

    const [job] = await t.service.api.jobs({});
    expect(job).toMatchObject({ jobId: 'job-a', command: 'flotilla-agent sync', finishedAt: null, startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    const [ada, bob] = job!.instances;
    expect(ada).toMatchObject({ id: 'i-0aaa0001', region: 'us-east-1', phase: 'done', exitCode: 0, target: 'ada@127.0.0.1', hostKey: { status: 'new' }, outputEnd: 360 });
    expect(ada!.output).toBe(t.textOf('i-0aaa0001').slice(-100));
    expect(bob).toMatchObject({ id: 'i-0bbb0002', phase: 'running', exitCode: null, target: 'bob@127.0.0.1', outputEnd: 360 });
    expect(bob!.output.endsWith('bob line 29\n')).toBe(true);
    // Each output event says how far the instance's output has got: the same count as outputEnd.
    expect(t.of('agents.output', 'i-0bbb0002').at(-1)!.end).toBe(bob!.outputEnd);

    release();
    await t.waitDone(['i-0bbb0002']);
    const [finished] = await t.service.api.jobs({});
    expect(finished!.finishedAt).not.toBeNull();
    expect(finished!.instances[1]).toMatchObject({ phase: 'done', exitCode: 4, outputEnd: 364, output: expect.stringMatching(/bye\n$/) });
    // Kept for keepFinishedMs (here 0.3 s), then forgotten.
    await vi.waitFor(async () => expect(await t.service.api.jobs({})).toEqual([]), { timeout: 5_000, interval: 50 });
  });

  test('keeps a cancelled job, every instance with its reason', async () => {
    const server = await sshServer(({ channel }) => channel.write('working\n'));
    const t = setup({ 'i-0aaa0001': at(server), 'i-0bbb0002': at(server) }, { concurrency: 1 });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')], jobId: 'job-c' });
    await vi.waitFor(() => expect(t.textOf('i-0aaa0001')).toContain('working'), { timeout: 10_000, interval: 10 });
    const [running] = await t.service.api.jobs({});
    expect(running!.instances.map((i) => i.phase)).toEqual(['running', 'queued']);
    await t.service.api.cancel({ jobId: 'job-c' });
    const [job] = await t.service.api.jobs({});
    expect(job!.finishedAt).not.toBeNull();
    expect(job!.instances.map((i) => [i.phase, i.error?.kind, i.output])).toEqual([
      ['done', 'cancelled', 'working\n'],
      ['done', 'cancelled', ''],
    ]);
  });
});

describe('transport by access', () => {
  test("`ssh` and `both` sync over SSH, never touching SSM; a failed access lookup names what is wrong", async () => {
    const server = await sshServer(({ channel }) => {
      channel.write('over ssh\n');
      channel.exit(0);
      channel.end();
    });
    const ssm = vi.fn(() => {
      throw new Error('SSM must not be used for ssh or both');
    });
    const access = { 'i-0aaa0001': 'ssh', 'i-0bbb0002': 'both' } as const;
    const t = setup({ 'i-0aaa0001': at(server), 'i-0bbb0002': at(server), 'i-0ccc0003': at(server) }, {}, {
      access: async ({ id }) => {
        if (id in access) return access[id as keyof typeof access];
        throw new FlotillaError('not-found', `There is no instance ${id}.`);
      },
      ssm,
    });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002'), ref('i-0ccc0003')] });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002', 'i-0ccc0003']);
    expect(t.doneOf('i-0aaa0001')).toMatchObject({ exitCode: 0 });
    expect(t.doneOf('i-0bbb0002')).toMatchObject({ exitCode: 0 });
    expect(t.textOf('i-0bbb0002')).toBe('over ssh\n');
    expect(t.of('agents.status', 'i-0bbb0002')[1]).toMatchObject({ target: 'ada@127.0.0.1' });
    expect(t.doneOf('i-0ccc0003')).toMatchObject({ exitCode: null, error: { kind: 'no-address', message: 'There is no instance i-0ccc0003.' } });
    expect(ssm).not.toHaveBeenCalled();
  });
});
