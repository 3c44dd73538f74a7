import { readdir, readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  CreateTokenCommand,
  InvalidClientException,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { fromSSO } from '@aws-sdk/credential-providers';
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/nested-clients/sso';
import { mockClient } from 'aws-sdk-client-mock';
import { FlotillaError } from '../../contract/errors';
import { copyAwsFixtures, shownMode, tempDir, type TempDir } from '../settings/settings.test-helpers';
import { realSleep } from './sso-login';
import { tokenCacheKey } from './sso-cache';
import { deviceLogin, registrationCacheKey, type DeviceCode, type SsoTarget } from './sso-oidc';
import { answers, denied, expired, fakeTime, mockOidc, NOW, OIDC, pending, slowDown } from './sso-oidc-fakes.test-helpers';

const ACME: SsoTarget = { profile: 'acme.sandbox', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', session: 'acme', scopes: ['sso:account:access'] };
const LEGACY: SsoTarget = { profile: 'legacy-sso', startUrl: 'https://old.awsapps.com/start', region: 'us-east-1', session: null, scopes: null };

async function rejection(promise: Promise<unknown>): Promise<FlotillaError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (error instanceof FlotillaError) return error;
  throw new Error(`expected a FlotillaError, got ${String(error)}`);
}

describe('cache file names', () => {
  test('the registration is named as the AWS CLI v2 names it (sha1 of its sorted json.dumps)', () => {
    // Expected values computed with Python's json.dumps(args, sort_keys=True) and hashlib.sha1.
    expect(registrationCacheKey(ACME)).toBe('c18dfa27586773db751d1e2115a31334f50d238d');
    expect(registrationCacheKey(LEGACY)).toBe('7ec99555f7262444b173b1e48e0a30c50466e406');
    expect(registrationCacheKey({ startUrl: 'https://x/é', region: 'us-east-1', scopes: ['a', 'b'], session: 's é' })).toBe('95abfed313178e7d2cc37bb1df5ca2148f58bf9a');
  });

  test('the token is named by the session, or by the start URL for a legacy profile', () => {
    expect(tokenCacheKey(ACME)).toBe('293abb6b76d7791c0732cc517d38c4b5c734b87f');
    expect(tokenCacheKey(LEGACY)).toBe('33d5ca4bf3b1a62edb96b47f7c203034a43ac435');
  });
});

describe('deviceLogin', () => {
  let tmp: TempDir;
  let home: string;
  let cacheDir: string;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-sso-');
    home = path.join(await copyAwsFixtures(tmp.dir), 'home');
    cacheDir = path.join(home, '.aws', 'sso', 'cache');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await tmp.cleanup();
  });

  function run(target: SsoTarget, time = fakeTime()) {
    const codes: DeviceCode[] = [];
    const remembered = new Set<string>();
    const promise = deviceLogin(target, {
      client: new SSOOIDCClient({ region: target.region }),
      cacheDir,
      now: time.now,
      sleep: time.sleep,
      signal: new AbortController().signal,
      onCode: async (code) => void codes.push(code),
      remember: (s) => remembered.add(s),
    });
    return { promise, codes, remembered, time };
  }

  const readJson = async (name: string) => JSON.parse(await readFile(path.join(cacheDir, `${name}.json`), 'utf8')) as Record<string, unknown>;

  test('pending, then slow_down, then approved: polls at the interval, 5 s slower after slow_down, and writes the token the SDK reads', async () => {
    const oidc = mockOidc(answers(pending(), slowDown()));
    const { promise, codes, remembered, time } = run(ACME);
    const { expiresAt } = await promise;

    expect(oidc.commandCalls(RegisterClientCommand).map((c) => c.args[0].input)).toEqual([
      { clientName: 'flotilla-acme', clientType: 'public', scopes: ['sso:account:access'] },
    ]);
    expect(oidc.commandCalls(StartDeviceAuthorizationCommand)[0]!.args[0].input).toEqual({
      clientId: OIDC.registration.clientId,
      clientSecret: OIDC.registration.clientSecret,
      startUrl: ACME.startUrl,
    });
    expect(codes).toEqual([{ userCode: 'BCDF-GHJK', verificationUri: OIDC.device.verificationUriComplete, expiresAt: new Date('2026-06-01T12:10:00Z') }]);
    expect(time.sleeps).toEqual([1000, 1000, 6000]);
    expect(oidc.commandCalls(CreateTokenCommand).map((c) => c.args[0].input)).toEqual(
      Array(3).fill({ clientId: OIDC.registration.clientId, clientSecret: OIDC.registration.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: OIDC.device.deviceCode }),
    );
    expect(expiresAt).toEqual(new Date('2026-06-01T20:00:08Z'));

    const tokenFile = path.join(cacheDir, '293abb6b76d7791c0732cc517d38c4b5c734b87f.json');
    expect(await readJson('293abb6b76d7791c0732cc517d38c4b5c734b87f')).toEqual({
      accessToken: OIDC.token.accessToken,
      expiresAt: '2026-06-01T20:00:08Z',
      refreshToken: OIDC.token.refreshToken,
      clientId: OIDC.registration.clientId,
      clientSecret: OIDC.registration.clientSecret,
      registrationExpiresAt: '2026-08-30T12:00:00Z',
      region: 'eu-west-1',
      startUrl: 'https://acme.awsapps.com/start',
    });
    expect((await stat(tokenFile)).mode & 0o777).toBe(shownMode(0o600));
    expect(await readJson('c18dfa27586773db751d1e2115a31334f50d238d')).toEqual({
      clientId: OIDC.registration.clientId,
      clientSecret: OIDC.registration.clientSecret,
      expiresAt: '2026-08-30T12:00:00Z',
      scopes: ['sso:account:access'],
    });
    expect((await stat(path.join(cacheDir, 'c18dfa27586773db751d1e2115a31334f50d238d.json'))).mode & 0o777).toBe(shownMode(0o600));
    expect((await readdir(cacheDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect([...remembered].sort()).toEqual([OIDC.registration.clientSecret, OIDC.device.deviceCode, OIDC.token.accessToken, OIDC.token.refreshToken].sort());
  });

  test("the SDK's fromSSO accepts the token it wrote, for an sso-session profile and a legacy one", async () => {
    // The SDK reads HOME first (USERPROFILE too on Windows, where os.homedir() ignores HOME).
    vi.stubEnv('HOME', home);
    vi.stubEnv('USERPROFILE', home);
    mockOidc();
    // Real time: the SDK checks the token's expiry against the system clock.
    await run(ACME, fakeTime(new Date())).promise;
    await run(LEGACY, fakeTime(new Date())).promise;
    const sso = new SSOClient({ region: 'eu-west-1' });
    const roles = mockClient(sso);
    roles.onAnyCommand().resolves({
      $metadata: { httpStatusCode: 200 },
      roleCredentials: { accessKeyId: 'ASIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE', expiration: Date.now() + 3_600_000 },
    });
    const files = { filepath: path.join(home, '.aws', 'credentials'), configFilepath: path.join(home, '.aws', 'config'), ignoreCache: true };
    for (const [profile, account, role] of [['acme.sandbox', '111122223333', 'Developer'], ['legacy-sso', '444455556666', 'ReadOnly']] as const) {
      const identity = await fromSSO({ profile, ...files, ssoClient: sso })();
      expect(identity).toMatchObject({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE', sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' });
      const call = roles.calls().at(-1)!.args[0] as GetRoleCredentialsCommand;
      expect(call.input).toEqual({ accountId: account, roleName: role, accessToken: OIDC.token.accessToken });
    }
    // Legacy profiles get no refresh token; the SDK cannot refresh them, and does not need to.
    expect(await readJson('33d5ca4bf3b1a62edb96b47f7c203034a43ac435')).toMatchObject({ startUrl: LEGACY.startUrl, region: 'us-east-1', accessToken: OIDC.token.accessToken });
    expect(registrationCacheKey(LEGACY)).toBe('7ec99555f7262444b173b1e48e0a30c50466e406');
    expect(await readJson('7ec99555f7262444b173b1e48e0a30c50466e406')).not.toHaveProperty('scopes');
  });

  test('reuses a cached registration, and registers again when AWS no longer knows it', async () => {
    await mkdir(cacheDir, { recursive: true });
    const cached = { clientId: 'cached-client', clientSecret: 'cached-secret-not-real', expiresAt: '2026-07-01T00:00:00Z', scopes: ['sso:account:access'] };
    await writeFile(path.join(cacheDir, 'c18dfa27586773db751d1e2115a31334f50d238d.json'), JSON.stringify(cached));
    const oidc = mockOidc();
    await run(ACME).promise;
    expect(oidc.commandCalls(RegisterClientCommand)).toHaveLength(0);
    expect(oidc.commandCalls(CreateTokenCommand)[0]!.args[0].input.clientId).toBe('cached-client');

    oidc.reset();
    const stale = mockOidc();
    stale
      .on(StartDeviceAuthorizationCommand, { clientId: 'cached-client' })
      .rejects(new InvalidClientException({ $metadata: { httpStatusCode: 401 }, message: 'Invalid client', error: 'invalid_client' }));
    await run(ACME).promise;
    expect(stale.commandCalls(RegisterClientCommand)).toHaveLength(1);
    expect((await readJson('c18dfa27586773db751d1e2115a31334f50d238d')).clientId).toBe(OIDC.registration.clientId);
  });

  test('an expired device code and a denied sign-in fail clearly and write no token', async () => {
    mockOidc(answers(pending(), expired()));
    const late = await rejection(run(ACME).promise);
    expect([late.code, late.message]).toEqual(['unavailable', "The SSO sign-in code for profile 'acme.sandbox' expired before it was approved; sign in again."]);

    mockOidc(answers(denied()));
    const no = await rejection(run(ACME).promise);
    expect([no.code, no.message]).toEqual(['forbidden', "The SSO sign-in for profile 'acme.sandbox' was denied in the browser; sign in again and choose Allow."]);
    expect(await readJson('293abb6b76d7791c0732cc517d38c4b5c734b87f')).toMatchObject({ accessToken: 'fixture-token-not-real' });
  });

  test('stops waiting when the code expires, even if AWS keeps answering pending', async () => {
    mockOidc(async () => Promise.reject(pending())).on(StartDeviceAuthorizationCommand).resolves({ ...OIDC.device, interval: 5 });
    const time = fakeTime();
    const error = await rejection(run(ACME, time).promise);
    expect(error.message).toContain('expired before it was approved');
    expect(time.now().getTime() - NOW.getTime()).toBe(600_000);
  });

  test('a sign-in page that is not http(s) is refused', async () => {
    const oidc = mockOidc();
    oidc.on(StartDeviceAuthorizationCommand).resolves({ ...OIDC.device, verificationUri: 'javascript:alert(1)', verificationUriComplete: 'file:///etc/passwd' });
    const { promise, codes } = run(ACME);
    expect((await rejection(promise)).message).toContain('without a code or an http(s) sign-in page');
    expect(codes).toEqual([]);
  });
});

describe('realSleep', () => {
  test('waits, and stops at once when the sign-in is cancelled', async () => {
    const abort = new AbortController();
    await expect(realSleep(5, abort.signal)).resolves.toBeUndefined();
    const long = realSleep(60_000, abort.signal);
    abort.abort();
    await expect(long).rejects.toThrow('aborted');
    await expect(realSleep(5, abort.signal)).rejects.toThrow('aborted');
  });
});
