import { FlotillaError } from '../contract/errors';
import { redact } from '../core/credentials/redact';
import type { SecretStore } from '../core/ports';

/** What Flotilla uses of keytar. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarStoreOptions {
  /** The keychain service name entries are filed under (default `Flotilla`). */
  service?: string;
  /** Loads keytar; replaceable in tests. */
  load?: () => Promise<KeytarLike>;
  platform?: NodeJS.Platform;
}

async function loadKeytar(): Promise<KeytarLike> {
  const module = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
  return module.default ?? module;
}

/** Failures that mean "there is no usable keychain here", as libsecret, D-Bus and Node report them. */
const NO_KEYCHAIN = [
  /Cannot autolaunch D-Bus/i,
  /org\.freedesktop\.secrets was not provided/i,
  /The name \S+ was not provided by any \.service files/i,
  /Object does not exist at path .*\/org\/freedesktop\/secrets/i,
  /Could not connect: (No such file|Connection refused)/i,
  /Failed to execute child process "dbus-launch"/i,
  /Cannot find module|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND|ERR_DLOPEN_FAILED|compiled against a different Node\.js version|libsecret/i,
];

function installHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Flotilla uses the macOS Keychain; check that Keychain Access opens and your login keychain is unlocked';
  if (platform === 'win32') return 'Flotilla uses the Windows Credential Manager; check that it is enabled for your account';
  return (
    'Flotilla needs a Secret Service: install gnome-keyring (`sudo apt install gnome-keyring`) or KWallet with its Secret ' +
    'Service, make sure it runs in your desktop session (or start it with `gnome-keyring-daemon --start --components=secrets`), ' +
    'and sign in again'
  );
}

/** Turns a keytar/libsecret failure into a FlotillaError; keys are never stored in a plain file instead. */
export function keychainError(error: unknown, action: string, platform: NodeJS.Platform = process.platform): FlotillaError {
  const detail = redact(error instanceof Error ? error.message : String(error));
  if (NO_KEYCHAIN.some((pattern) => pattern.test(detail))) {
    return new FlotillaError(
      'unavailable',
      `No OS keychain is available (${detail}). Flotilla keeps AWS keys only in the OS keychain, never in a file. ${installHint(platform)}.`,
      { reason: 'no-keychain', detail },
    );
  }
  return new FlotillaError('unavailable', `The OS keychain refused to ${action} (${detail}); unlock your keychain and try again.`, { reason: 'keychain-error', detail });
}

/** The SecretStore port over the OS keychain through keytar (loaded on first use). */
export function createKeytarSecretStore(options: KeytarStoreOptions = {}): SecretStore {
  const service = options.service ?? 'Flotilla';
  const load = options.load ?? loadKeytar;
  const platform = options.platform ?? process.platform;
  let loaded: Promise<KeytarLike> | null = null;

  async function keytar(action: string): Promise<KeytarLike> {
    loaded ??= load();
    try {
      return await loaded;
    } catch (error) {
      loaded = null; // try again next time: the user may install a keychain meanwhile
      throw keychainError(error, action, platform);
    }
  }

  function checkAccount(account: string): void {
    if (account === '' || account.length > 256) {
      throw new FlotillaError('bad-request', `A keychain account name must be 1 to 256 characters (got ${account.length}).`);
    }
  }

  async function call<T>(action: string, account: string, run: (k: KeytarLike) => Promise<T>): Promise<T> {
    checkAccount(account);
    const k = await keytar(action);
    try {
      return await run(k);
    } catch (error) {
      throw keychainError(error, action, platform);
    }
  }

  return {
    get: (account) => call(`read '${account}'`, account, (k) => k.getPassword(service, account)),
    set: (account, secret) => call(`store '${account}'`, account, (k) => k.setPassword(service, account, secret)),
    delete: (account) => call(`delete '${account}'`, account, (k) => k.deletePassword(service, account)),
  };
}
