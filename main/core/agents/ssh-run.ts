import { StringDecoder } from 'node:string_decoder';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';
import { describeAuthFailure, type SshCredentials } from './credentials';
import { observedAgent, type AgentObservation } from './ssh-agent';
import { SyncFailure } from './sync-failure';

export { SyncFailure } from './sync-failure';

export interface SshRunOptions {
  host: string;
  port: number;
  user: string;
  /** The key file (its bytes go to ssh2 only, never logged or sent anywhere), then the ssh-agent. */
  credentials: SshCredentials;
  command: string;
  readyTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
  /** Called during the handshake with the server's public key blob; null accepts it, a SyncFailure refuses it. */
  verifyHostKey(key: Buffer): SyncFailure | null;
  /** The handshake finished: the server proved it holds the host key verifyHostKey accepted. */
  onHandshake?(): void;
  /** The command was started. */
  onStarted(): void;
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
  /** Aborting sends TERM to the command, closes the connection and rejects with kind `cancelled`. */
  signal: AbortSignal;
}

type ConnectError = Error & { level?: string; code?: string };

interface ConnectContext {
  host: string;
  port: number;
  user: string;
  readyTimeoutMs: number;
  /** For messages: which setting holds the key file (`regionKeys.<region>.sshKeyFile`). */
  keySetting: string;
}

/**
 * Turns ssh2's and the socket's errors into a SyncFailure that names the fix. `auth`: what was
 * offered (key file, agent), so a refusal says which keys were tried.
 */
export function describeConnectError(
  error: ConnectError,
  o: ConnectContext,
  socketConnected: boolean,
  auth?: { credentials: SshCredentials; agent: AgentObservation | null },
): SyncFailure {
  const where = `${o.host}:${o.port}`;
  const seconds = Number((o.readyTimeoutMs / 1000).toFixed(1));
  if (error.level === 'client-authentication' && auth) return describeAuthFailure(auth.credentials, o.user, o.host, auth.agent);
  if (error.level === 'client-authentication') {
    return new SyncFailure(
      'auth',
      `${o.user}@${o.host} refused the SSH key. Check that ${o.keySetting} is the private key of the instance's key pair, and that '${o.user}' is the right user (the project's ssh-user, else sshUser in Settings).`,
      o.keySetting,
    );
  }
  if (error.level === 'client-timeout' && /keepalive/i.test(error.message)) {
    return new SyncFailure('timeout', `${where} stopped answering (no reply to SSH keepalives); the instance may have stopped or its network changed. Try again.`);
  }
  if (error.level === 'client-timeout') {
    return socketConnected
      ? new SyncFailure('timeout', `Connected to ${where}, but the SSH handshake did not finish within ${seconds} s; the instance may still be booting. Try again in a minute.`)
      : new SyncFailure('unreachable', `No answer from ${where} within ${seconds} s. Check that the instance is running and that its security group allows port ${o.port} from your address (ingressCidr in Settings).`);
  }
  switch (error.code) {
    case 'ECONNREFUSED':
      return new SyncFailure('refused', `${where} refused the connection: sshd is not listening (the instance may still be booting), or a firewall rejects port ${o.port}.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new SyncFailure('unreachable', `Cannot reach ${where} (${error.code}). Check that the instance is running and that its security group allows port ${o.port} from your address (ingressCidr in Settings).`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new SyncFailure('unreachable', `Cannot resolve ${o.host} (${error.code}): check your network and DNS, then refresh the fleet for the instance's current address.`);
    default:
      return new SyncFailure('connection', `The SSH connection to ${where} failed: ${error.message}.`);
  }
}

/**
 * Connects with ssh2, runs `command` without a terminal, streams its output (UTF-8, split
 * characters kept whole) and resolves with its exit code once the channel closes; a command ended
 * by a signal rejects with `killed`, a connection that breaks first with `connection`.
 */
export function runOverSsh(o: SshRunOptions): Promise<{ exitCode: number }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let channel: ClientChannel | null = null;
    let socketConnected = false;
    let hostKeyFailure: SyncFailure | null = null;
    let settled = false;
    let exit: { code: number | null; signal: string | null } | null = null;
    const { credentials } = o;
    const watched = credentials.agent ? observedAgent(credentials.agent) : null;
    const context = { ...o, keySetting: credentials.keySetting };

    const finish = (outcome: { exitCode: number } | SyncFailure) => {
      if (settled) return;
      settled = true;
      o.signal.removeEventListener('abort', onAbort);
      client.end();
      // A server that never answers the disconnect does not keep the socket open.
      setTimeout(() => client.destroy(), 2_000).unref();
      if (outcome instanceof SyncFailure) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = () => {
      try {
        channel?.signal('TERM');
      } catch {
        // The channel is already gone.
      }
      finish(new SyncFailure('cancelled', 'Cancelled from Flotilla: the server was asked to stop the sync (an interrupted sync leaves no partial revision).'));
    };
    if (o.signal.aborted) return onAbort();
    o.signal.addEventListener('abort', onAbort, { once: true });

    client.on('connect', () => {
      socketConnected = true;
    });
    client.on('error', (error: ConnectError) => {
      // ssh2 reports an agent that cannot list keys or sign, then goes on with the next method;
      // the observation keeps it for the message if no method gets in.
      if (error.level === 'agent') return;
      finish(hostKeyFailure ?? describeConnectError(error, context, socketConnected, { credentials, agent: watched?.observation ?? null }));
    });
    client.once('handshake', () => {
      if (!settled) o.onHandshake?.();
    });
    client.on('close', () => finish(new SyncFailure('connection', `The SSH connection to ${o.host}:${o.port} closed before ${o.command} finished.`)));
    client.on('ready', () => {
      client.exec(o.command, (error, stream) => {
        if (error) return finish(new SyncFailure('connection', `${o.host} refused to run ${o.command}: ${error.message}.`));
        channel = stream;
        o.onStarted();
        const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
        const output = (name: 'stdout' | 'stderr') => (chunk: Buffer) => {
          const text = decoders[name].write(chunk);
          if (text) o.onOutput(name, text);
        };
        stream.on('data', output('stdout'));
        stream.stderr.on('data', output('stderr'));
        stream.on('exit', (code: number | null, signalName?: string) => {
          exit = { code: typeof code === 'number' ? code : null, signal: signalName ?? null };
        });
        stream.on('close', () => {
          for (const name of ['stdout', 'stderr'] as const) {
            const rest = decoders[name].end();
            if (rest) o.onOutput(name, rest);
          }
          if (exit?.code !== null && exit?.code !== undefined) return finish({ exitCode: exit.code });
          if (exit?.signal) return finish(new SyncFailure('killed', `${o.command} was ended by signal ${exit.signal} on ${o.host}.`));
          finish(new SyncFailure('connection', `${o.host} closed the session before ${o.command} reported an exit status.`));
        });
      });
    });

    // ssh2 tries the key file first, then each key of the agent.
    const config: ConnectConfig = {
      host: o.host,
      port: o.port,
      username: o.user,
      ...(credentials.privateKey ? { privateKey: credentials.privateKey } : {}),
      ...(watched ? { agent: watched.agent } : {}),
      readyTimeout: o.readyTimeoutMs,
      keepaliveInterval: o.keepaliveIntervalMs,
      keepaliveCountMax: o.keepaliveCountMax,
      hostVerifier: (key: Buffer) => {
        hostKeyFailure = o.verifyHostKey(key);
        return hostKeyFailure === null;
      },
    };
    client.connect(config);
  });
}
