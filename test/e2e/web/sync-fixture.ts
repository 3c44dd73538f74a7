/**
 * Sync now end to end: browser mode with the real core and the mocked fleet (instances-fixture.ts),
 * and a real SSH server (ssh2) on 127.0.0.1 standing in for the instances. The core connects to it
 * through the `testing.agentsSshPort` core option, with the region's key file set to a key the server
 * accepts, and no ssh-agent (the core gets the fixture's environment, not the developer's).
 *
 * The server's `flotilla-agent sync` prints EARLY_LINES a line at a time, then waits until the test
 * calls `printLateLines()`, prints LATE_LINES a line at a time, then waits for `finish()` and exits 0:
 * the test decides when output flows and when the command ends, so it can reload the page while
 * the command surely still runs. Other commands exit 127 (not installed).
 */
import { test as base } from '@playwright/test';
import { makeKeyPair, startSshServer, type ExecContext, type TestSshServer } from '../../support/ssh-server';
import { startMockedServe } from './instances-fixture';

export const EARLY_LINES = ['fetching site…', 'site acme-shop: 3 packages to check', 'shop 1.4.2: downloading (2.1 MB)', 'shop 1.4.2: sha256 verified'];
export const LATE_LINES = ['shop 1.4.2: unpacked into /srv/shop/releases/1.4.2', 'shop: current → 1.4.2', 'shop.service restarted', 'synced 1 of 3 packages; 2 already current'];
/** Time between two lines, as a slow `flotilla-agent sync` would take (the whole run: about 3 s). */
const LINE_MS = 350;

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The fake `flotilla-agent sync`: writes lines LINE_MS apart, stops writing once the session closes. */
async function fakeAgentSync(context: ExecContext, gates: { late: Promise<void>; finish: Promise<void> }): Promise<void> {
  const { channel } = context;
  let closed = false;
  context.onClose(() => (closed = true));
  const pause = () => new Promise((resolve) => setTimeout(resolve, LINE_MS));
  const print = async (lines: string[]) => {
    for (const line of lines) {
      if (closed) return;
      channel.write(`${line}\n`);
      await pause();
    }
  };
  const gone = new Promise<void>((resolve) => context.onClose(resolve));
  await print(EARLY_LINES);
  await Promise.race([gates.late, gone]);
  await print(LATE_LINES);
  await Promise.race([gates.finish, gone]);
  if (closed) return;
  channel.exit(0);
  channel.end();
}

export async function startSyncServe() {
  const clientKey = makeKeyPair();
  const late = deferred();
  const finish = deferred();
  const ssh: TestSshServer = await startSshServer({
    authorizedKeys: [clientKey.publicBlob],
    exec: (context) => {
      if (context.command === 'flotilla-agent sync') {
        void fakeAgentSync(context, { late: late.promise, finish: finish.promise }).catch(() => undefined); // a write after the client left
        return;
      }
      context.channel.stderr.write(`sh: 1: ${context.command.split(' ')[0]}: not found\n`);
      context.channel.exit(127);
      context.channel.end();
    },
  });
  // Running instances have no public DNS name, so the core connects to 127.0.0.1 (where the server listens).
  const served = await startMockedServe({ ssh: { port: ssh.port, privateKeyPem: clientKey.privatePem }, publicDnsName: '' }).catch(async (error: unknown) => {
    await ssh.close();
    throw error;
  });
  return {
    ...served,
    ssh,
    clientKey,
    /** Lets the server's `flotilla-agent sync` go on to print LATE_LINES. */
    printLateLines: () => late.resolve(),
    /** Lets it exit 0 (once LATE_LINES are printed). */
    finish: () => finish.resolve(),
    stop: async () => {
      late.resolve();
      finish.resolve();
      await served.stop(); // the core cancels what still runs and disconnects first
      await ssh.close();
    },
  };
}

export const test = base.extend<{ synced: Awaited<ReturnType<typeof startSyncServe>> }>({
  synced: async ({}, use) => {
    const served = await startSyncServe();
    await use(served);
    await served.stop();
  },
});

export { expect } from '@playwright/test';
