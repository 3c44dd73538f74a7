import path from 'node:path';
import { FlotillaError } from '../../contract/errors';
import { createSettingsService } from '../settings/service';
import { createMemorySettingsStore } from '../settings/store';
import { copyAwsFixtures, silentLogger, tempDir, type TempDir } from '../settings/settings.test-helpers';
import type { StsFactory } from './ports';
import type { FromIni } from './provider';
import { createCredentialsService, type CredentialsServiceOptions } from './service';
import type { SsoSignInPending } from '../../contract/credentials/dto';
import type { ConnectionStatus } from '../../contract/setup/dto';
import { StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { answers, denied, fakeTime, mockOidc, OIDC, pending } from './sso-oidc-fakes.test-helpers';
import { fakeSts, memorySecrets, noKeychain } from './credentials-fakes.test-helpers';
import { rejection } from '../../../test/support/rejection';

const KEY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const NOW = new Date('2026-06-01T12:00:00Z');

describe('createCredentialsService', () => {
  let tmp: TempDir;
  let home: string;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-creds-');
    home = path.join(await copyAwsFixtures(tmp.dir), 'home');
  });
  afterEach(() => tmp.cleanup());

  async function start(overrides: Partial<CredentialsServiceOptions> = {}) {
    const store = createMemorySettingsStore();
    const settings = await createSettingsService({ store, logger: silentLogger, home });
    const secrets = memorySecrets();
    const sts = fakeSts();
    const service = createCredentialsService({ secrets, settings, home, env: {}, logger: silentLogger, sts: sts.factory, clock: { now: () => NOW }, ...overrides });
    return { service, settings, secrets, sts, store };
  }

  test('lists profiles, keychain keys and the selection', async () => {
    const { service } = await start();
    const overview = await service.api.list({});
    expect(overview.profiles.map((p) => p.name)).toContain('acme.sandbox');
    expect(overview).toMatchObject({ keychain: [], selected: null, files: { config: '~/.aws/config', credentials: '~/.aws/credentials' }, problems: [] });
  });

  test('saves a key pair in the keychain only; the settings hold a masked reference, selected when none was', async () => {
    const { service, secrets, store } = await start();
    const ref = await service.api.saveKey({ name: 'work', ...KEY });
    expect(ref).toEqual({ kind: 'keychain', name: 'work', keyIdHint: 'AKIA…MPLE' });
    expect(JSON.parse(secrets.entries.get('work')!)).toEqual({ v: 1, ...KEY });
    expect(store.value).toMatchObject({ keychainCredentials: [ref], credential: ref });
    expect(JSON.stringify(store.value)).not.toMatch(/EXAMPLEKEY|AKIAIOSFODNN7EXAMPLE/);
    expect((await rejection(service.api.saveKey({ name: 'work', ...KEY }))).message).toBe(
      "An access key named 'work' exists already (AKIA…MPLE); use Rotate to replace it, or choose another name.",
    );
  });

  test('a malformed key pair is refused without repeating it', async () => {
    const { service, secrets } = await start();
    const error = await rejection(service.api.saveKey({ name: 'x', accessKeyId: KEY.secretAccessKey, secretAccessKey: 'tooShort/Secret1' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe(
      'The access key was not saved: the access key id (40 characters) is not AKIA or ASIA followed by 16 capital letters or digits; the secret access key has 16 characters; AWS secret keys have 40.',
    );
    expect(JSON.stringify([error.message, error.data])).not.toMatch(/EXAMPLEKEY|tooShort/);
    expect(secrets.entries.size).toBe(0);
    expect((await rejection(service.api.saveKey({ name: '../x', ...KEY }))).data).toEqual({ field: 'name' });
  });

  test('rotates and deletes; deleting the selected key clears the selection', async () => {
    const { service, secrets, settings } = await start();
    await service.api.saveKey({ name: 'work', ...KEY });
    const rotated = await service.api.rotateKey({ name: 'work', accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' });
    expect(rotated.keyIdHint).toBe('AKIA…MPLE');
    expect(JSON.parse(secrets.entries.get('work')!).accessKeyId).toBe('AKIAI44QH8DHBEXAMPLE');
    expect(settings.current().credential).toEqual(rotated);
    expect((await rejection(service.api.rotateKey({ name: 'other', ...KEY }))).code).toBe('not-found');
    const after = await service.api.deleteKey({ name: 'work' });
    expect(after).toMatchObject({ keychain: [], selected: null });
    expect(secrets.entries.size).toBe(0);
    expect((await rejection(service.api.deleteKey({ name: 'work' }))).code).toBe('not-found');
  });

  test('without a keychain nothing is saved anywhere, and the error says so', async () => {
    const { service, store } = await start({ secrets: noKeychain });
    const error = await rejection(service.api.saveKey({ name: 'work', ...KEY }));
    expect([error.code, error.message]).toEqual(['unavailable', 'No OS keychain is available: install gnome-keyring']);
    expect(store.value).toEqual({});
  });

  test('selects a profile or a stored key; unknown ones are not-found', async () => {
    const { service } = await start();
    expect((await service.api.select({ ref: { kind: 'profile', name: 'dev' } })).selected).toEqual({ kind: 'profile', name: 'dev' });
    expect((await rejection(service.api.select({ ref: { kind: 'profile', name: 'nope' } }))).message).toMatch(/^There is no AWS profile 'nope'; the profiles are /);
    expect((await rejection(service.api.select({ ref: { kind: 'keychain', name: 'nope', keyIdHint: '' } }))).code).toBe('not-found');
    expect((await service.api.select({ ref: null })).selected).toBeNull();
  });

  test('tests a stored key: STS gets the key pair and the default region', async () => {
    const { service, sts } = await start();
    const ref = await service.api.saveKey({ name: 'work', ...KEY });
    const result = await service.api.test({});
    expect(result).toEqual({ account: '111122223333', arn: 'arn:aws:iam::111122223333:user/alice', userId: 'AIDAEXAMPLEUSERID', region: 'us-east-1', credential: ref, source: 'access key work (AKIA…MPLE, keychain)' });
    expect(sts.calls[0]).toEqual({ region: 'us-east-1', identity: KEY });
  });

  test('tests a static profile through the SDK’s fromIni, in the profile’s region', async () => {
    const { service, sts } = await start();
    const result = await service.api.test({ ref: { kind: 'profile', name: 'dev' } });
    expect(result.region).toBe('eu-west-1');
    expect(sts.calls[0]!.identity).toMatchObject({ accessKeyId: 'AKIAI44QH8DHBEXAMPLE' });
  });

  test('a role with MFA asks for the code, then passes it to fromIni', async () => {
    const inits: Parameters<FromIni>[0][] = [];
    const fromIni: FromIni = (init) => {
      inits.push(init);
      return async () => ({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: KEY.secretAccessKey, sessionToken: 'FwoGZXIvYXdzEBYaDExampleSessionToken1234' });
    };
    const { service } = await start({ fromIni });
    const ref = { kind: 'profile', name: 'prod-admin' } as const;
    const ask = await rejection(service.api.test({ ref }));
    expect([ask.code, ask.data]).toEqual(['invalid-input', { needs: 'mfa-code', profile: 'prod-admin', mfaSerial: 'arn:aws:iam::111122223333:mfa/alice' }]);
    expect((await rejection(service.api.test({ ref, mfaCode: '12 34' }))).data).toEqual({ field: 'mfaCode' });
    const result = await service.api.test({ ref, mfaCode: '123456' });
    expect(result.region).toBe('us-west-2');
    expect(inits[0]).toMatchObject({ profile: 'prod-admin', filepath: path.join(home, '.aws', 'credentials'), configFilepath: path.join(home, '.aws', 'config') });
    expect(await inits[0]!.mfaCodeProvider!('arn:aws:iam::111122223333:mfa/alice')).toBe('123456');
  });

  test('a role session is reused until shortly before it expires; without one, the provider asks for the MFA code', async () => {
    let expiration = new Date(NOW.getTime() + 60 * 60_000);
    let calls = 0;
    const fromIni: FromIni = () => async () => {
      calls++;
      return { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: KEY.secretAccessKey, sessionToken: 'FwoGZXIvYXdzEBYaDExampleSessionToken1234', expiration };
    };
    const { service } = await start({ fromIni });
    await expect(service.credentialProvider('prod-admin')()).rejects.toMatchObject({ code: 'invalid-input', data: { needs: 'mfa-code' } });
    await service.api.test({ ref: { kind: 'profile', name: 'prod-admin' }, mfaCode: '123456' });
    expect(await service.credentialProvider('prod-admin')()).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' });
    await service.api.test({ ref: { kind: 'profile', name: 'prod-admin' } });
    expect(calls).toBe(1);
    expiration = new Date(NOW.getTime() + 4 * 60_000); // a session about to expire is not reused
    await service.api.test({ ref: { kind: 'profile', name: 'prod-admin' }, mfaCode: '654321' });
    await expect(service.credentialProvider('prod-admin')()).rejects.toMatchObject({ data: { needs: 'mfa-code' } });
    expect(calls).toBe(2);
  });

  test('an expired SSO session asks for a sign-in; no selection asks for credentials', async () => {
    const { service } = await start();
    const sso = await rejection(service.api.test({ ref: { kind: 'profile', name: 'legacy-sso' } }));
    expect(sso.data).toEqual({ needs: 'sso-login', profile: 'legacy-sso', startUrl: 'https://old.awsapps.com/start' });
    expect(sso.message).toContain('expired at 2020-01-01T00:00:00.000Z; sign in (Settings → AWS accounts → Sign in, or `aws sso login --profile legacy-sso`)');
    expect((await rejection(service.api.test({}))).data).toEqual({ needs: 'credential' });
    expect((await rejection(service.api.test({ ref: { kind: 'profile', name: 'broken-sso' } }))).message).toMatch(/^Profile 'broken-sso' cannot be used: sso_session 'nope'/);
  });

  test("the connection test asks STS at the environment's endpoint (AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL), as the app's clients do", async () => {
    const endpoints: unknown[] = [];
    const sts = fakeSts();
    const recording: StsFactory = (options) => (endpoints.push(options.endpoint), sts.factory(options));
    const { service } = await start({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4599' }, sts: recording });
    await service.api.saveKey({ name: 'work', ...KEY });
    await service.api.test({});
    const plain = await start({ sts: recording });
    await plain.service.api.saveKey({ name: 'work', ...KEY });
    await plain.service.api.test({});
    expect(endpoints).toEqual(['http://127.0.0.1:4599', null]);
  });

  test("with nothing selected, a test checks the connection the app uses then (the environment's), when one is given", async () => {
    const env: Omit<ConnectionStatus, 'identity' | 'error'> = { source: { kind: 'default-chain' }, sourceLabel: "the SDK's default chain", regions: ['us-east-1'], defaultRegion: 'us-east-1', endpoint: null };
    const { service } = await start({ unselectedConnection: async () => ({ ...env, identity: { arn: 'arn:aws:iam::123456789012:user/ada', account: '123456789012' }, error: null }) });
    expect(await service.api.test({})).toEqual({ arn: 'arn:aws:iam::123456789012:user/ada', account: '123456789012', userId: '', region: 'us-east-1', credential: null, source: env.sourceLabel });

    const failing = await start({ unselectedConnection: async () => ({ ...env, identity: null, error: 'no credentials were found' }) });
    const error = await rejection(failing.service.api.test({}));
    expect(error).toMatchObject({ code: 'forbidden', message: `The connection test failed for ${env.sourceLabel}: no credentials were found`, data: { needs: 'credential' } });
    // A named ref is tested as itself, never through the environment's connection.
    expect((await rejection(failing.service.api.test({ ref: { kind: 'profile', name: 'legacy-sso' } }))).data).toMatchObject({ needs: 'sso-login' });
  });

  test('STS failures become clear errors', async () => {
    const rejected = await start({ sts: fakeSts(() => Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' })).factory });
    await rejected.service.api.saveKey({ name: 'work', ...KEY });
    const error = await rejection(rejected.service.api.test({}));
    expect([error.code, error.message]).toEqual([
      'forbidden',
      "AWS does not recognise the access key of the access key 'work' (AKIA…MPLE): it was deleted, deactivated, or belongs to another partition; enter the key pair again with Rotate.",
    ]);
    const offline = await start({ sts: fakeSts(() => Object.assign(new Error('getaddrinfo ENOTFOUND sts.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' })).factory });
    await offline.service.api.saveKey({ name: 'work', ...KEY });
    expect((await rejection(offline.service.api.test({}))).message).toBe(
      'Could not reach AWS STS in us-east-1 (ENOTFOUND); check your network connection or proxy and try again.',
    );
  });

  test('SSO sign-in shows the code, opens the browser, polls until approved and answers the signed-in profile', async () => {
    const oidc = mockOidc(answers(pending()));
    const time = fakeTime();
    const events: SsoSignInPending[] = [];
    const opened: string[] = [];
    const opener = { openUrl: async (url: string) => void opened.push(url) };
    const { service } = await start({ clock: time, sleep: time.sleep, opener, emit: (_event, payload) => events.push(payload) });
    const profile = await service.api.ssoLogin({ profile: 'legacy-sso' });
    expect(opened).toEqual([OIDC.device.verificationUriComplete]);
    expect(events).toEqual([
      {
        profile: 'legacy-sso',
        startUrl: 'https://old.awsapps.com/start',
        userCode: 'BCDF-GHJK',
        verificationUri: OIDC.device.verificationUriComplete,
        expiresAt: '2026-06-01T12:10:00.000Z',
        browserOpened: true,
      },
    ]);
    expect(time.sleeps).toEqual([1000, 1000]);
    expect(oidc.commandCalls(StartDeviceAuthorizationCommand)[0]!.args[0].input.startUrl).toBe('https://old.awsapps.com/start');
    expect(profile.sso).toMatchObject({ tokenValid: true, expiresAt: '2026-06-01T20:00:02.000Z' });
    expect((await rejection(service.api.ssoLogin({ profile: 'dev' }))).message).toBe("Profile 'dev' does not sign in with SSO (it is static); nothing to sign in to.");
  });

  test('a role assumed from an SSO profile signs in to its sso-session; two sign-ins of one session share the browser step', async () => {
    // The second sign-in is asked for once the first has started (started together, either could
    // read the AWS files first and own the flow); the approval waits until the second has joined it.
    let release!: () => void;
    const approved = new Promise<void>((resolve) => (release = resolve));
    const oidc = mockOidc(async () => approved.then(() => OIDC.token));
    let starts = 0;
    let startSecond!: () => void;
    const firstStarted = new Promise<void>((resolve) => (startSecond = resolve));
    const logger = {
      ...silentLogger,
      info: (message: string) => {
        if (message !== 'credentials: starting SSO sign-in') return;
        if (++starts === 1) startSecond();
        else if (starts === 2) release();
      },
    };
    const events: SsoSignInPending[] = [];
    const { service } = await start({ logger, sleep: fakeTime().sleep, emit: (_event, payload) => events.push(payload) });
    const first = service.api.ssoLogin({ profile: 'from-sso' });
    await firstStarted;
    const [role, sandbox] = await Promise.all([first, service.api.ssoLogin({ profile: 'acme.sandbox' })]);
    expect(oidc.commandCalls(StartDeviceAuthorizationCommand)).toHaveLength(1);
    expect(events).toEqual([expect.objectContaining({ profile: 'from-sso', startUrl: 'https://acme.awsapps.com/start', browserOpened: false })]);
    expect([role.sso?.session, role.sso?.tokenValid, sandbox.sso?.tokenValid]).toEqual(['acme', true, true]);
  });

  test('a waiting SSO sign-in can be cancelled; a browser that does not open still shows the code', async () => {
    mockOidc(async () => Promise.reject(pending()));
    const events: SsoSignInPending[] = [];
    let shown!: () => void;
    const waiting = new Promise<void>((resolve) => (shown = resolve));
    const opener = { openUrl: async () => Promise.reject(new FlotillaError('forbidden', 'No browser is available.')) };
    const emit = (_event: string, payload: SsoSignInPending) => {
      events.push(payload);
      shown();
    };
    const { service } = await start({ sleep: fakeTime().sleep, opener, emit });
    const login = service.api.ssoLogin({ profile: 'acme.sandbox' });
    await waiting;
    expect(events[0]).toMatchObject({ userCode: 'BCDF-GHJK', browserOpened: false });
    expect(await service.api.cancelSsoLogin({ profile: 'acme.sandbox' })).toEqual({ cancelled: true });
    const error = await rejection(login);
    expect([error.code, error.message, error.data]).toEqual(['unavailable', "The SSO sign-in for profile 'acme.sandbox' was cancelled.", { cancelled: true, profile: 'acme.sandbox' }]);
    expect(await service.api.cancelSsoLogin({ profile: 'acme.sandbox' })).toEqual({ cancelled: false });
  });

  test('a denied SSO sign-in says so and leaves the profile signed out', async () => {
    mockOidc(answers(denied()));
    const { service } = await start({ sleep: fakeTime().sleep });
    const error = await rejection(service.api.ssoLogin({ profile: 'legacy-sso' }));
    expect([error.code, error.message]).toEqual(['forbidden', "The SSO sign-in for profile 'legacy-sso' was denied in the browser; sign in again and choose Allow."]);
    expect((await service.api.list({})).profiles.find((p) => p.name === 'legacy-sso')?.sso?.tokenValid).toBe(false);
  });

  test('credentialProvider serves the selected credentials, a named one, or a clear error', async () => {
    const { service } = await start();
    await expect(service.credentialProvider()()).rejects.toMatchObject({ code: 'invalid-input', data: { needs: 'credential' } });
    await service.api.saveKey({ name: 'work', ...KEY });
    expect(await service.credentialProvider()()).toEqual(KEY);
    expect(await service.credentialProvider('work')()).toEqual(KEY);
    expect(await service.credentialProvider('dev')()).toMatchObject({ accessKeyId: 'AKIAI44QH8DHBEXAMPLE' });
    expect(service.redact(`x ${KEY.secretAccessKey}`)).toBe('x [redacted]');
  });
});
