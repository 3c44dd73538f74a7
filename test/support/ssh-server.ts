import { spawn } from 'node:child_process';
import { generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { ParsedKey, ServerChannel } from 'ssh2';

/** A fresh ECDSA key pair: the private key as PEM (what ssh2 reads) and its public SSH blob. */
export function makeKeyPair(): { privatePem: string; publicBlob: Buffer; parsed: ParsedKey } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const parsed = ssh2.utils.parseKey(privateKey);
  if (parsed instanceof Error) throw parsed;
  return { privatePem: privateKey, publicBlob: parsed.getPublicSSH(), parsed };
}

/** What an exec handler gets: the command, who asked, the channel, and signals the client sent. */
export interface ExecContext {
  command: string;
  username: string;
  channel: ServerChannel;
  /** Called with the signal name ('TERM') when the client sends one. */
  onSignal(listener: (name: string) => void): void;
  /** Called once when the channel closes or the client disconnects (ssh2 does not close the channel then). */
  onClose(listener: () => void): void;
}

export interface TestSshServerOptions {
  /** Public key blobs accepted for publickey authentication (any user name). */
  authorizedKeys: Buffer[];
  exec(context: ExecContext): void;
}

export interface TestSshServer {
  port: number;
  /** The server's public host key blob (for known_hosts lines). */
  hostKey: Buffer;
  /** Every command run, with its user, in order of arrival. */
  commands: Array<{ username: string; command: string }>;
  /** Every public key a client offered or signed with, in order ('publickey' attempts only). */
  offeredKeys: Array<{ key: Buffer; signed: boolean; accepted: boolean }>;
  /** Exec sessions whose channel closed or whose client went away. */
  closedSessions(): number;
  close(): Promise<void>;
}

/** A real SSH server (ssh2's Server) on 127.0.0.1 and a free port, for tests. */
export async function startSshServer(options: TestSshServerOptions): Promise<TestSshServer> {
  const host = makeKeyPair();
  const commands: TestSshServer['commands'] = [];
  const offeredKeys: TestSshServer['offeredKeys'] = [];
  const clients = new Set<ssh2.Connection>();
  let closed = 0;
  const server = new ssh2.Server({ hostKeys: [host.privatePem] }, (client) => {
    clients.add(client);
    let username = '';
    const closers = new Set<() => void>();
    client.on('error', () => undefined);
    client.on('close', () => {
      clients.delete(client);
      for (const close of [...closers]) close();
    });
    client.on('authentication', (ctx) => {
      username = ctx.username;
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const allowed = options.authorizedKeys.find((k) => k.length === ctx.key.data.length && timingSafeEqual(k, ctx.key.data));
      offeredKeys.push({ key: Buffer.from(ctx.key.data), signed: Boolean(ctx.signature), accepted: Boolean(allowed) });
      if (!allowed) return ctx.reject(['publickey']);
      if (!ctx.signature) return ctx.accept(); // the client asks whether the key would do
      const key = ssh2.utils.parseKey(allowed);
      if (key instanceof Error || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        const signalListeners: Array<(name: string) => void> = [];
        session.on('signal', (acceptSignal, _reject, info) => {
          acceptSignal?.();
          for (const listener of signalListeners) listener(info.name);
        });
        session.on('exec', (acceptExec, _reject, info) => {
          const channel = acceptExec();
          commands.push({ username, command: info.command });
          const closeListeners: Array<() => void> = [];
          let isClosed = false;
          const close = () => {
            if (isClosed) return;
            isClosed = true;
            closed++;
            closers.delete(close);
            for (const listener of closeListeners) listener();
          };
          closers.add(close);
          channel.on('close', close);
          options.exec({
            command: info.command,
            username,
            channel,
            onSignal: (listener) => signalListeners.push(listener),
            onClose: (listener) => closeListeners.push(listener),
          });
        });
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    hostKey: host.publicBlob,
    commands,
    offeredKeys,
    closedSessions: () => closed,
    close: async () => {
      for (const client of clients) client.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Runs the command in a real `/bin/sh` child (Linux and macOS only) with PATH set to `path` only, its output piped to the
 * channel and its exit code reported; a signal from the client is passed on to the child.
 * Resolves with the child's exit (code or signal) once it is gone.
 */
export function runInShell(context: ExecContext, path: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = spawn('/bin/sh', ['-c', context.command], { env: { PATH: path }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => context.channel.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => context.channel.stderr.write(chunk));
  context.onSignal((name) => child.kill(`SIG${name}` as NodeJS.Signals));
  context.onClose(() => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      try {
        if (code !== null) context.channel.exit(code);
        else if (signal) context.channel.exit(signal.replace(/^SIG/, ''), false, '');
        context.channel.end();
      } catch {
        // The client already closed the channel.
      }
      resolve({ code, signal });
    });
  });
}
