import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AwsProfile, CredentialRef, CredentialsOverview, KeychainCredentialRef, SaveKeyInput } from '../../contract/dto/credentials';
import { FlotillaError } from '../../contract/errors';
import type { CredentialsApi } from '../../contract/settings-api';
import type { CredentialsEventMap } from '../../contract/credentials-events';
import type { ConnectionStatus } from '../../contract/dto/setup';
import type { CoreService } from '../core-service';
import type { Emit } from '../event-bus';
import type { Clock, Logger, Opener, SecretStore } from '../ports';
import { systemClock } from '../shared/clock';
import type { SettingsService } from '../settings/service';
import { endpointFromEnv } from '../shared/aws-env';
import { displayPath } from '../settings/paths';
import { describeSource, environmentCredentials } from './environment';
import { awsCredentialError } from './aws-errors';
import { awsFilePaths, readAwsFiles } from './aws-files';
import { credentialNameProblem, writeKey } from './keychain';
import type { StsFactory } from './ports';
import { describeProfile, listProfiles, profileContext, ssoTargetOf, type ProfileContext } from './profiles';
import { keychainProvider, profileProvider, remembering, type FromIni } from './provider';
import { createRedactingLogger, redact, redactError } from './redact';
import { readSsoTokens } from './sso-cache';
import { createSsoLogins, realSleep, sdkSsoOidcFactory, type Sleep, type SsoOidcFactory } from './sso-login';
import { sdkStsFactory } from './sts';
import { checkCredentialNeeds } from './credential-needs';

const SESSION_MARGIN_MS = 5 * 60_000;

export interface CredentialsServiceOptions {
  secrets: SecretStore;
  settings: SettingsService;
  home: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  sts?: StsFactory;
  /** Token and session expiry are judged against it (default: the system clock). */
  clock?: Pick<Clock, 'now'>;
  /** The SDK's fromIni, replaceable in tests. */
  fromIni?: FromIni;
  /** Opens the SSO sign-in page in the system browser; without it the user opens the link shown. */
  opener?: Opener;
  /** Sends the credentials events (the SSO code to check) to the renderer. */
  emit?: Emit<CredentialsEventMap>;
  /**
   * The connection the app uses when no credential is selected (the Setup service's: the
   * environment's credentials, through the SDK's default chain). With it, `test` with no ref and
   * nothing selected tests that connection; without it, such a test asks for a credential.
   */
  unselectedConnection?: () => Promise<ConnectionStatus>;
  /** The SSO OIDC client for a region, and the wait between polls; replaceable in tests. */
  ssoOidc?: SsoOidcFactory;
  sleep?: Sleep;
}

export interface CredentialsService extends CoreService<CredentialsApi> {
  /**
   * Credentials for AWS clients: the given ref (a string is a keychain name, else a profile
   * name), or the selected one. Errors come out as FlotillaErrors with secrets redacted.
   */
  credentialProvider(ref?: CredentialRef | string, options?: { mfaCode?: string }): AwsCredentialIdentityProvider;
  /** Redacts text for a log or a crash report, including every secret this service has handled. */
  redact(text: string): string;
  /** The logger given, redacting the same way. */
  logger: Logger;
}

export function createCredentialsService(opts: CredentialsServiceOptions): CredentialsService {
  const known = new Set<string>();
  const logger = createRedactingLogger(opts.logger, () => known);
  const sts = opts.sts ?? sdkStsFactory;
  const clock = opts.clock ?? systemClock;
  const now = () => clock.now();
  const sessions = new Map<string, AwsCredentialIdentity>();
  // Depends on home only (not on env), so it cannot change.
  const ssoCache = awsFilePaths(opts.home, opts.env).ssoCache;
  const ssoLogins = createSsoLogins({
    cacheDir: ssoCache,
    client: opts.ssoOidc ?? sdkSsoOidcFactory,
    opener: opts.opener,
    emit: (payload) => opts.emit?.('credentials.ssoPending', payload),
    now,
    sleep: opts.sleep ?? realSleep,
    logger,
    remember: (secret) => known.add(secret),
  });

  async function context(): Promise<{ ctx: ProfileContext; overview: CredentialsOverview }> {
    const files = await readAwsFiles(opts.home, opts.env);
    const tokens = await readSsoTokens(files.paths.ssoCache);
    const shown = { config: displayPath(files.paths.config, opts.home), credentials: displayPath(files.paths.credentials, opts.home) };
    const ctx = profileContext(files, tokens, now(), shown.config);
    const settings = opts.settings.current();
    const overview = { profiles: listProfiles(ctx), keychain: settings.keychainCredentials, selected: settings.credential, files: shown, problems: files.problems, environment: environmentCredentials(opts.env) };
    return { ctx, overview };
  }

  const overview = async () => (await context()).overview;

  async function profile(name: string): Promise<{ profile: AwsProfile; ctx: ProfileContext }> {
    const { ctx } = await context();
    if (!ctx.profiles.has(name)) {
      const names = [...ctx.profiles.keys()];
      const known = names.length ? `the profiles are ${names.slice(0, 20).join(', ')}` : `${ctx.configShown} has no profiles`;
      throw new FlotillaError('not-found', `There is no AWS profile '${name}'; ${known}.`, { profile: name });
    }
    return { profile: describeProfile(name, ctx), ctx };
  }

  function keychainEntry(name: string): KeychainCredentialRef | undefined {
    return opts.settings.current().keychainCredentials.find((c) => c.name === name);
  }

  function rememberKey(input: SaveKeyInput): void {
    known.add(input.secretAccessKey);
    if (input.sessionToken) known.add(input.sessionToken);
  }

  async function storeKey(input: SaveKeyInput, replacing: boolean): Promise<KeychainCredentialRef> {
    rememberKey(input);
    const nameProblem = credentialNameProblem(input.name);
    if (nameProblem) throw new FlotillaError('invalid-input', `${nameProblem}.`, { field: 'name' });
    const existing = keychainEntry(input.name);
    if (replacing && !existing) throw new FlotillaError('not-found', `There is no access key named '${input.name}' to rotate; add it instead.`, { name: input.name });
    if (!replacing && existing) {
      throw new FlotillaError(
        'invalid-input',
        `An access key named '${input.name}' exists already (${existing.keyIdHint}); use Rotate to replace it, or choose another name.`,
        { field: 'name' },
      );
    }
    const key = { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) };
    const ref = await writeKey(opts.secrets, input.name, key);
    sessions.delete(`keychain:${ref.name}`);
    await opts.settings.change((draft) => {
      draft.keychainCredentials = [...draft.keychainCredentials.filter((c) => c.name !== ref.name), ref];
      if (!draft.credential || (draft.credential.kind === 'keychain' && draft.credential.name === ref.name)) draft.credential = ref;
    });
    logger.info(`credentials: ${replacing ? 'rotated' : 'saved'} access key`, { name: ref.name, keyIdHint: ref.keyIdHint });
    return ref;
  }

  function resolveRef(ref: CredentialRef | string | undefined): CredentialRef {
    if (typeof ref === 'string') return keychainEntry(ref) ?? { kind: 'profile', name: ref };
    const chosen = ref ?? opts.settings.current().credential;
    if (!chosen) {
      throw new FlotillaError(
        'invalid-input',
        'No AWS credentials are selected; pick a profile or add an access key in Settings → AWS accounts.',
        { needs: 'credential' },
      );
    }
    return chosen;
  }

  function providerFor(ref: CredentialRef, mfaCode: string | undefined): AwsCredentialIdentityProvider {
    const inner =
      ref.kind === 'keychain'
        ? keychainProvider(ref.name, opts.secrets)
        : profileProvider(ref.name, awsFilePaths(opts.home, opts.env), mfaCode, opts.fromIni);
    return remembering(inner, known);
  }

  /**
   * Temporary credentials (a role, SSO) are reused until 5 minutes before they expire, so a role
   * that needs MFA asks for a code once per session, not once per AWS client.
   */
  async function identityFor(ref: CredentialRef, mfaCode: string | undefined, described: AwsProfile | null): Promise<AwsCredentialIdentity> {
    const key = `${ref.kind}:${ref.name}`;
    const cached = sessions.get(key);
    if (mfaCode === undefined && cached?.expiration && cached.expiration.getTime() - now().getTime() > SESSION_MARGIN_MS) return cached;
    if (ref.kind === 'profile') checkCredentialNeeds(ref, described ?? (await profile(ref.name)).profile, mfaCode);
    const identity = await providerFor(ref, mfaCode)();
    if (identity.expiration) sessions.set(key, identity);
    return identity;
  }

  /** Every method answers FlotillaErrors only, with secrets redacted; the unexpected is logged. */
  function guarded<I, O>(method: string, fn: (input: I) => Promise<O>): (input: I) => Promise<O> {
    return async (input) => {
      try {
        return await fn(input);
      } catch (error) {
        const safe = redactError(error, () => known);
        if (!(error instanceof FlotillaError)) logger.error(`credentials.${method} failed`, { error: safe.message });
        throw safe;
      }
    };
  }

  /** Nothing selected: the test asks STS through the clients the app uses then (the environment's credentials). */
  async function testUnselected(connection: () => Promise<ConnectionStatus>) {
    const status = await connection();
    if (!status.identity) throw new FlotillaError('forbidden', `The connection test failed for ${status.sourceLabel}: ${status.error}`, { needs: 'credential' });
    return { ...status.identity, userId: '', region: status.defaultRegion, credential: null, source: status.sourceLabel };
  }

  const api: CredentialsApi = {
    list: guarded('list', overview),
    select: guarded('select', async ({ ref }) => {
      if (ref?.kind === 'profile') await profile(ref.name);
      const entry = ref?.kind === 'keychain' ? keychainEntry(ref.name) : undefined;
      if (ref?.kind === 'keychain' && !entry) throw new FlotillaError('not-found', `There is no access key named '${ref.name}' in the keychain list.`, { name: ref.name });
      await opts.settings.change((draft) => {
        draft.credential = entry ?? ref;
      });
      return overview();
    }),
    saveKey: guarded('saveKey', (input) => storeKey(input, false)),
    rotateKey: guarded('rotateKey', (input) => storeKey(input, true)),
    deleteKey: guarded('deleteKey', async ({ name }) => {
      const entry = keychainEntry(name);
      const deleted = await opts.secrets.delete(name);
      sessions.delete(`keychain:${name}`);
      if (!entry && !deleted) throw new FlotillaError('not-found', `There is no access key named '${name}'.`, { name });
      await opts.settings.change((draft) => {
        draft.keychainCredentials = draft.keychainCredentials.filter((c) => c.name !== name);
        if (draft.credential?.kind === 'keychain' && draft.credential.name === name) draft.credential = null;
      });
      logger.info('credentials: deleted access key', { name });
      return overview();
    }),
    ssoLogin: guarded('ssoLogin', async ({ profile: name }) => {
      const { profile: before, ctx } = await profile(name);
      if (!before.sso) {
        const message = `Profile '${name}' does not sign in with SSO (it is ${before.kind}); nothing to sign in to.`;
        throw new FlotillaError('invalid-input', message, { profile: name });
      }
      const target = ssoTargetOf(name, before.sso, ctx);
      if (typeof target === 'string') throw new FlotillaError('invalid-input', `Cannot sign in to profile '${name}': ${target}.`, { profile: name });
      logger.info('credentials: starting SSO sign-in', { profile: name, startUrl: target.startUrl, session: target.session });
      await ssoLogins.login(target);
      const { profile: after } = await profile(name);
      if (!after.sso?.tokenValid) {
        throw new FlotillaError('unavailable', `The SSO sign-in finished, but ${displayPath(ssoCache, opts.home)} has no valid token for ${target.startUrl}; sign in again.`);
      }
      logger.info('credentials: signed in to SSO', { profile: name, expiresAt: after.sso.expiresAt });
      return after;
    }),
    cancelSsoLogin: guarded('cancelSsoLogin', async ({ profile: name }) => {
      const cancelled = ssoLogins.cancel(name);
      if (cancelled) logger.info('credentials: SSO sign-in cancelled', { profile: name });
      return { cancelled };
    }),
    test: guarded('test', async ({ ref: given, mfaCode }) => {
      if (!given && !opts.settings.current().credential && opts.unselectedConnection) return testUnselected(opts.unselectedConnection);
      const ref = resolveRef(given);
      const described = ref.kind === 'profile' ? (await profile(ref.name)).profile : null;
      const region = described?.region ?? opts.settings.current().defaultRegion;
      try {
        const credentials = await identityFor(ref, mfaCode, described);
        const identity = await sts({ region, credentials: async () => credentials, endpoint: endpointFromEnv(opts.env, 'sts') }).getCallerIdentity();
        logger.info('credentials: connection tested', { credential: ref.name, account: identity.account, arn: identity.arn });
        return { ...identity, region, credential: ref, source: describeSource(ref.kind === 'keychain' ? ref : { kind: 'profile', name: ref.name }) };
      } catch (error) {
        throw awsCredentialError(error, { ref, region, known: () => known });
      }
    }),
  };

  return {
    api,
    credentialProvider: (ref, options = {}) => async () => {
      const chosen = resolveRef(ref);
      try {
        return await identityFor(chosen, options.mfaCode, null);
      } catch (error) {
        throw awsCredentialError(error, { ref: chosen, region: opts.settings.current().defaultRegion, known: () => known });
      }
    },
    redact: (text) => redact(text, () => known),
    logger,
  };
}
