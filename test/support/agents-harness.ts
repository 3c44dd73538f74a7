import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentsEventMap } from '../../main/contract/agents-api';
import { FlotillaError } from '../../main/contract/errors';
import { createAgentsService, type AgentsDeps, type AgentsTimings, type SshTargetInfo } from '../../main/core/agents/service';
import { systemClock } from '../../main/core/shared/clock';
import { makeKeyPair, startSshServer, type ExecContext, type TestSshServer } from './ssh-server';

export type AgentsEvent = { [E in keyof AgentsEventMap]: { event: E; payload: AgentsEventMap[E] } }[keyof AgentsEventMap];

export const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** The key pair the test servers accept by default; its private key is in `keyFile`. */
export const clientKey = makeKeyPair();

export const ref = (id: string) => ({ id, region: 'us-east-1' });

/**
 * Per test: a scratch folder with a home (~/.ssh/fleet.pem holds clientKey) and a bin folder, the
 * ssh2 servers and services a test starts (closed after it), and `setup`, which builds the agents
 * service with its events recorded.
 */
export function useAgentsHarness() {
  const state = { dir: '', home: '', keyFile: '', bin: '' };
  const closers: Array<() => Promise<void>> = [];

  beforeEach(() => {
    state.dir = mkdtempSync(path.join(tmpdir(), 'flotilla-agents-'));
    state.home = path.join(state.dir, 'home');
    mkdirSync(path.join(state.home, '.ssh'), { recursive: true });
    state.keyFile = path.join(state.home, '.ssh', 'fleet.pem');
    writeFileSync(state.keyFile, clientKey.privatePem, { mode: 0o600 });
    state.bin = path.join(state.dir, 'bin');
    mkdirSync(state.bin);
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    rmSync(state.dir, { recursive: true, force: true });
  });

  const harness = {
    get dir() {
      return state.dir;
    },
    get home() {
      return state.home;
    },
    get keyFile() {
      return state.keyFile;
    },
    get bin() {
      return state.bin;
    },
    /** Closed after the test, last started first. */
    track(close: () => Promise<void>) {
      closers.push(close);
    },
    async sshServer(exec: (context: ExecContext) => void, authorizedKeys = [clientKey.publicBlob]): Promise<TestSshServer> {
      const server = await startSshServer({ authorizedKeys, exec });
      closers.push(() => server.close());
      return server;
    },
    /** A `flotilla-agent` on the test server's PATH: a real shell script. */
    fakeAgent(script: string): string {
      const file = path.join(state.bin, 'flotilla-agent');
      writeFileSync(file, `#!/bin/sh\n${script}\n`);
      chmodSync(file, 0o755);
      return `${state.bin}:/usr/bin:/bin`;
    },
    at(server: { port: number }, user = 'ada'): SshTargetInfo {
      return { host: '127.0.0.1', port: server.port, user, keyFile: state.keyFile };
    },
    setup(targets: Record<string, SshTargetInfo | Error>, timings: Partial<AgentsTimings> = {}, extra: Partial<AgentsDeps> = {}) {
      const events: AgentsEvent[] = [];
      const service = createAgentsService({
        target: async ({ id }) => {
          const t = targets[id];
          if (!t) throw new FlotillaError('not-found', `There is no instance ${id}.`);
          if (t instanceof Error) throw t;
          return t;
        },
        emit: (event, payload) => events.push({ event, payload } as AgentsEvent),
        clock: systemClock,
        logger: silentLogger,
        home: state.home,
        env: {},
        platform: 'linux',
        knownHostsFiles: [path.join(state.home, '.ssh', 'known_hosts')],
        timings: { flushMs: 20, readyTimeoutMs: 3_000, ...timings },
        ...extra,
      });
      closers.push(() => service.close());
      const of = <E extends AgentsEvent['event']>(event: E, instanceId?: string): Array<AgentsEventMap[E]> =>
        events.filter((e) => e.event === event && (!instanceId || e.payload.instanceId === instanceId)).map((e) => e.payload as AgentsEventMap[E]);
      const doneOf = (instanceId: string) => of('agents.done', instanceId)[0];
      const waitDone = (ids: string[]) => vi.waitFor(() => ids.forEach((id) => expect(doneOf(id)).toBeDefined()), { timeout: 10_000, interval: 10 });
      const textOf = (instanceId: string, stream?: 'stdout' | 'stderr') =>
        of('agents.output', instanceId).filter((o) => !stream || o.stream === stream).map((o) => o.text).join('');
      return { service, events, of, doneOf, waitDone, textOf };
    },
  };
  return harness;
}
