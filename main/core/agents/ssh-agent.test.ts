import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { clientKey, ref, useAgentsHarness } from '../../../test/support/agents-harness';
import { canRunSshAgent, makeEncryptedKeyPair, startSshAgent, type TestSshAgent } from '../../../test/support/ssh-agent';
import type { TestSshServer } from '../../../test/support/ssh-server';
import { findSshAgent, WINDOWS_OPENSSH_AGENT_PIPE } from './ssh-agent';

const h = useAgentsHarness();

describe('which ssh-agent Sync now uses', () => {
  test('takes SSH_AUTH_SOCK from the environment it is given; on Windows without it, the OpenSSH agent pipe, else Pageant', async () => {
    const never = async () => false;
    expect(await findSshAgent({ env: { SSH_AUTH_SOCK: '/tmp/ssh-x/agent.1' }, platform: 'linux' })).toEqual({ path: '/tmp/ssh-x/agent.1', label: 'the ssh-agent at /tmp/ssh-x/agent.1 (SSH_AUTH_SOCK)' });
    expect(await findSshAgent({ env: { SSH_AUTH_SOCK: '  ' }, platform: 'darwin' })).toBeNull();
    expect(await findSshAgent({ env: {}, platform: 'linux', pipeExists: async () => true })).toBeNull();
    const asked: string[] = [];
    const pipe = await findSshAgent({ env: {}, platform: 'win32', pipeExists: async (name) => (asked.push(name), true) });
    expect(asked).toEqual(['openssh-ssh-agent']);
    expect(pipe).toEqual({ path: WINDOWS_OPENSSH_AGENT_PIPE, label: `the OpenSSH Authentication Agent (${WINDOWS_OPENSSH_AGENT_PIPE})` });
    expect(WINDOWS_OPENSSH_AGENT_PIPE).toBe('\\\\.\\pipe\\openssh-ssh-agent');
    expect(await findSshAgent({ env: {}, platform: 'win32', pipeExists: never })).toEqual({ path: 'pageant', label: 'Pageant' });
    expect((await findSshAgent({ env: { SSH_AUTH_SOCK: 'C:\\agent.sock' }, platform: 'win32', pipeExists: never }))!.path).toBe('C:\\agent.sock');
  });

  test('without an agent, says an agent would do, and how to load a key that has a passphrase', async () => {
    const locked = makeEncryptedKeyPair('correct horse');
    const lockedFile = path.join(h.dir, 'locked.pem');
    writeFileSync(lockedFile, locked.privateKey, { mode: 0o600 });
    const t = h.setup({
      'i-0aaa0001': { host: '127.0.0.1', user: 'ada', keyFile: null },
      'i-0bbb0002': { host: '127.0.0.1', user: 'ada', keyFile: lockedFile },
    });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001'), ref('i-0bbb0002')] });
    await t.waitDone(['i-0aaa0001', 'i-0bbb0002']);
    expect(t.doneOf('i-0aaa0001')!.error).toMatchObject({ kind: 'no-key-file', message: expect.stringContaining('or add that key to an ssh-agent with `ssh-add`') });
    expect(t.doneOf('i-0bbb0002')!.error).toEqual({
      kind: 'key-file',
      setting: 'regionKeys.us-east-1.sshKeyFile',
      message: `The SSH key file for us-east-1, ${lockedFile}, is protected by a passphrase, and no ssh-agent is available to hold it (SSH_AUTH_SOCK is not set). Add it to an ssh-agent with \`ssh-add ${lockedFile}\` and start Flotilla where SSH_AUTH_SOCK is set, or set regionKeys.us-east-1.sshKeyFile to a key without a passphrase.`,
    });
    expect(t.doneOf('i-0bbb0002')!.error!.message).not.toMatch(/cannot ask/);
  });

  test('names an SSH_AUTH_SOCK that no agent answers on, when no key file is set', async () => {
    const server = await h.sshServer(({ channel }) => (channel.exit(0), channel.end()));
    const gone = path.join(h.dir, 'no-agent.sock');
    const t = h.setup({ 'i-0aaa0001': { ...h.at(server), keyFile: null } }, {}, { env: { SSH_AUTH_SOCK: gone } });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    expect(t.doneOf('i-0aaa0001')!.error).toMatchObject({
      kind: 'no-key-file',
      setting: 'regionKeys.us-east-1.sshKeyFile',
      message: expect.stringMatching(new RegExp(`^No SSH key file is set for us-east-1, and the ssh-agent at ${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(SSH_AUTH_SOCK\\) could not be used \\(.+\\)\\. Set the SSH key file`)),
    });
    expect(server.commands).toEqual([]);
  });
});

// A private OpenSSH ssh-agent (`ssh-agent -D -a <socket>`) loaded with ssh-add, and a real ssh2 server.
describe.skipIf(!canRunSshAgent)('Sync now with keys in an ssh-agent (OpenSSH ssh-agent and ssh-add)', () => {
  const passphrase = 'correct horse battery';
  const agentKey = makeEncryptedKeyPair(passphrase);
  let agent: TestSshAgent;
  let agentKeyFile: string;

  beforeEach(async () => {
    agent = await startSshAgent(h.dir);
    h.track(() => agent.close());
    agentKeyFile = path.join(h.dir, 'agent-key');
    writeFileSync(agentKeyFile, agentKey.privateKey, { mode: 0o600 });
  });

  const exitZero = () => h.sshServer(({ channel }) => (channel.write('synced\n'), channel.exit(0), channel.end()), [agentKey.publicBlob]);
  const run = async (server: TestSshServer, keyFile: string | null, env: Record<string, string | undefined> = { SSH_AUTH_SOCK: agent.socket }) => {
    const t = h.setup({ 'i-0aaa0001': { ...h.at(server), keyFile } }, {}, { env });
    await t.service.api.syncNow({ instances: [ref('i-0aaa0001')] });
    await t.waitDone(['i-0aaa0001']);
    return t.doneOf('i-0aaa0001')!;
  };

  test('with no key file set, signs in with a passphrase-protected key added to the agent with ssh-add', async () => {
    await agent.add(agentKeyFile, passphrase);
    const server = await exitZero();
    expect(await run(server, null)).toMatchObject({ exitCode: 0 });
    expect(server.commands).toEqual([{ username: 'ada', command: 'flotilla-agent sync' }]);
    expect(server.offeredKeys.filter((k) => k.signed).map((k) => k.key)).toEqual([agentKey.publicBlob]);
  });

  test('uses the agent instead of a key file that has a passphrase', async () => {
    await agent.add(agentKeyFile, passphrase);
    const server = await exitZero();
    expect(await run(server, agentKeyFile)).toMatchObject({ exitCode: 0 });
  });

  test('tries the key file first, then the keys in the agent', async () => {
    await agent.add(agentKeyFile, passphrase);
    const server = await exitZero(); // accepts only the agent's key; the key file (clientKey) is refused
    expect(await run(server, h.keyFile)).toMatchObject({ exitCode: 0 });
    expect(server.offeredKeys.map((k) => [k.key.equals(clientKey.publicBlob) ? 'file' : 'agent', k.accepted])).toEqual([
      ['file', false],
      ['agent', true],
      ['agent', true],
    ]);

    // A key file the server takes: the agent is never asked.
    const fileOnly = await h.sshServer(({ channel }) => (channel.exit(0), channel.end()));
    expect(await run(fileOnly, h.keyFile)).toMatchObject({ exitCode: 0 });
    expect(fileOnly.offeredKeys.every((k) => k.key.equals(clientKey.publicBlob))).toBe(true);
  });

  test('says which keys were refused, or that the agent holds none', async () => {
    const server = await exitZero();
    const empty = await run(server, null);
    expect(empty.error).toEqual({
      kind: 'no-key-file',
      setting: 'regionKeys.us-east-1.sshKeyFile',
      message: `No SSH key file is set for us-east-1, and the ssh-agent at ${agent.socket} (SSH_AUTH_SOCK) holds no keys. Set the SSH key file for us-east-1 in Settings → AWS regions (regionKeys.us-east-1.sshKeyFile), or add the instance key pair's private key to the agent with \`ssh-add <file>\`.`,
    });
    const locked = await run(server, agentKeyFile);
    expect(locked.error).toMatchObject({ kind: 'key-file', message: expect.stringContaining(`is protected by a passphrase, so Flotilla uses it through the ssh-agent only, and the ssh-agent at ${agent.socket} (SSH_AUTH_SOCK) holds no keys. Add the key with \`ssh-add ${agentKeyFile}\``) });

    await agent.add(h.keyFile); // a key this server does not take
    const refused = await run(server, null);
    expect(refused.error).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining(`ada@127.0.0.1 refused the 1 key in the ssh-agent at ${agent.socket} (SSH_AUTH_SOCK), and no SSH key file is set for us-east-1.`),
    });
    const both = await run(server, h.keyFile);
    expect(both.error).toMatchObject({ kind: 'auth', message: expect.stringContaining('ada@127.0.0.1 refused the SSH key and the 1 key in the ssh-agent at') });
    expect(server.commands).toEqual([]);
  });
});
