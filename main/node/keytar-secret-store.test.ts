import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { keyringMode, keyringSkipReason, runTestFileInKeyring, withoutSessionKeychain } from '../../test/support/keyring';
import { createKeytarSecretStore, keychainError, type KeytarLike } from './keytar-secret-store';
import { rejection } from '../../test/support/rejection';

const mode = keyringMode();
const thisFile = import.meta.filename;

function fakeKeytar(): KeytarLike & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    getPassword: async (s, a) => entries.get(`${s}/${a}`) ?? null,
    setPassword: async (s, a, p) => void entries.set(`${s}/${a}`, p),
    deletePassword: async (s, a) => entries.delete(`${s}/${a}`),
  };
}

describe.runIf(mode === null)('keytar secret store', () => {
  test('files entries under service Flotilla, account = the name', async () => {
    const keytar = fakeKeytar();
    const store = createKeytarSecretStore({ load: async () => keytar });
    await store.set('work', 's3cret');
    expect([...keytar.entries]).toEqual([['Flotilla/work', 's3cret']]);
    expect(await store.get('work')).toBe('s3cret');
    expect(await store.delete('work')).toBe(true);
    expect(await store.get('work')).toBeNull();
  });

  test.each([
    'Cannot autolaunch D-Bus without X11 $DISPLAY',
    'The name org.freedesktop.secrets was not provided by any .service files',
    'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
    "Cannot find module 'keytar'",
  ])('"%s" means no keychain: unavailable, with how to install one', async (message) => {
    const store = createKeytarSecretStore({ platform: 'linux', load: async () => Promise.reject(new Error(message)) });
    const error = await rejection(store.set('work', 'x'));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/^No OS keychain is available \(.+\)\. Flotilla keeps AWS keys only in the OS keychain, never in a file\. /);
    expect(error.message).toContain('sudo apt install gnome-keyring');
    expect(error.message).toContain('KWallet');
    expect(error.data).toMatchObject({ reason: 'no-keychain' });
  });

  test('loading is retried after a failure (a keychain may have been installed meanwhile)', async () => {
    let attempts = 0;
    const keytar = fakeKeytar();
    const store = createKeytarSecretStore({ load: async () => (++attempts === 1 ? Promise.reject(new Error("Cannot find module 'keytar'")) : keytar) });
    expect((await rejection(store.get('a'))).code).toBe('unavailable');
    expect(await store.get('a')).toBeNull();
    expect(attempts).toBe(2);
  });

  test('other keychain failures are unavailable too, with the detail, never the secret', async () => {
    const keytar = { ...fakeKeytar(), setPassword: async () => Promise.reject(new Error('Prompt dismissed')) };
    const store = createKeytarSecretStore({ load: async () => keytar });
    const error = await rejection(store.set('work', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'));
    expect(error.message).toBe("The OS keychain refused to store 'work' (Prompt dismissed); unlock your keychain and try again.");
    expect((await rejection(store.get(''))).code).toBe('bad-request');
  });

  test('hints fit the platform', () => {
    expect(keychainError(new Error('libsecret missing'), 'x', 'darwin').message).toContain('macOS Keychain');
    expect(keychainError(new Error('libsecret missing'), 'x', 'win32').message).toContain('Windows Credential Manager');
  });

  describe('against a real keychain (each case in a child vitest under its own D-Bus session)', () => {
    const skip = keyringSkipReason();
    const skipKeyring = keyringSkipReason('keyring');
    if (skip) console.log(`[keyring] NOT RUN: ${skip}`);
    else if (skipKeyring) console.log(`[keyring] gnome-keyring test NOT RUN: ${skipKeyring}`);

    test.skipIf(skipKeyring !== null)('gnome-keyring: stores, reads, overwrites and deletes', { timeout: 60_000 }, async () => {
      const run = await runTestFileInKeyring(thisFile, 'keyring');
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/✓ .*inside a keyring session > stores, reads, overwrites and deletes/);
      expect(run.output).toMatch(/✓ .*inside a keyring session > a process given withoutSessionKeychain\(env\) cannot reach it/);
    });

    test.skipIf(skip !== null)('no D-Bus session: unavailable with the install hint', { timeout: 60_000 }, async () => {
      const run = await runTestFileInKeyring(thisFile, 'no-bus');
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/✓ .*without a keychain \(no-bus\) > answers unavailable/);
    });

    test.skipIf(skip !== null)('a D-Bus session without a Secret Service: unavailable with the install hint', { timeout: 60_000 }, async () => {
      const run = await runTestFileInKeyring(thisFile, 'no-service');
      expect(run.code, run.output).toBe(0);
      expect(run.output).toMatch(/✓ .*without a keychain \(no-service\) > answers unavailable/);
    });
  });
});

describe.runIf(mode === 'keyring')('inside a keyring session', () => {
  test('stores, reads, overwrites and deletes', async () => {
    const store = createKeytarSecretStore({ service: 'FlotillaTest' });
    const secret = JSON.stringify({ v: 1, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    expect(await store.get('work')).toBeNull();
    await store.set('work', secret);
    expect(await store.get('work')).toBe(secret);
    await store.set('work', 'rotated ✓');
    expect(await store.get('work')).toBe('rotated ✓');
    expect(await createKeytarSecretStore({ service: 'OtherApp' }).get('work')).toBeNull();
    expect(await store.delete('work')).toBe(true);
    expect(await store.get('work')).toBeNull();
    expect(await store.delete('work')).toBe(false);
  });
  // What the browser-mode e2e servers get (test/e2e/web/serve-fixture.ts), so a test saving a key
  // on a Linux desktop never writes it into the developer's keyring.
  test('a process given withoutSessionKeychain(env) cannot reach it', async () => {
    const probe = "require('keytar').setPassword('FlotillaTest', 'probe', 'x').then(() => console.log('STORED'), (e) => console.log('REFUSED ' + e.message))";
    const run = (env: NodeJS.ProcessEnv) => promisify(execFile)(process.execPath, ['-e', probe], { cwd: path.resolve(import.meta.dirname, '..', '..'), env });
    const runtime = await mkdtemp(path.join(tmpdir(), 'flotilla-no-session-'));
    try {
      // This session's keyring is reachable as it is (so the check below can fail) ...
      expect((await run(process.env)).stdout).toContain('STORED');
      // ... and not with its D-Bus address, runtime folder and display taken away.
      expect((await run(withoutSessionKeychain(process.env, path.join(runtime, 'run')))).stdout).toMatch(/^REFUSED .*(D-Bus|DBus|dbus)/);
    } finally {
      await createKeytarSecretStore({ service: 'FlotillaTest' }).delete('probe');
      await rm(runtime, { recursive: true, force: true });
    }
  });
});

describe.runIf(mode === 'no-bus' || mode === 'no-service')(`without a keychain (${mode})`, () => {
  test('answers unavailable, says how to install one, and stores nothing anywhere', async () => {
    const store = createKeytarSecretStore({ service: 'FlotillaTest' });
    for (const attempt of [() => store.set('work', 'x'), () => store.get('work'), () => store.delete('work')]) {
      const error = await rejection(attempt());
      expect(error.code).toBe('unavailable');
      expect(error.message).toMatch(/^No OS keychain is available \((Cannot autolaunch D-Bus|The name org\.freedesktop\.secrets was not provided)/);
      expect(error.message).toContain('sudo apt install gnome-keyring');
    }
  });
});
