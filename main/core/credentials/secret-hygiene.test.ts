/**
 * Scripted sessions with canary secrets: they are stored, used, echoed back by a hostile STS or
 * IAM Identity Center, pasted into the wrong fields, imported from files and received from an SSO
 * sign-in. Afterwards the settings folder, every log line, event, answer and error must hold no
 * trace of them.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { RegisterClientCommand, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { fromIni } from '@aws-sdk/credential-providers';
import type { SsoSignInPending } from '../../contract/dto/credentials';
import { FlotillaError } from '../../contract/errors';
import { openConfSettingsStore } from '../../node/conf-settings-store';
import { createSettingsService } from '../settings/service';
import { captureLogger, copyAwsFixtures, tempDir, type TempDir } from '../settings/settings.test-helpers';
import type { FromIni } from './provider';
import { createCredentialsService } from './service';
import { mockOidc, OIDC } from './sso-oidc-fakes.test-helpers';
import { fakeSts, memorySecrets } from './credentials-fakes.test-helpers';

const CANARY = 'FLOTILLACANARY/K7MDENG/bPxRfiCYEXAMPLE42';
const CANARY_TOKEN = 'FLOTILLACANARYTOKEN' + 'IQoJb3JpZ2luX2VjEHMaCXVzLWVhc3QtMSJHMEUCIQD7'.repeat(3);
const CANARY_KEY_ID = 'AKIAFLOTILLACANARY42';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Runs API calls, keeping each answer, or each error whole (message, data, stack), to search for secrets. */
function recordAnswers() {
  const outputs: unknown[] = [];
  const call = async (run: () => Promise<unknown>) => {
    try {
      outputs.push(await run());
    } catch (error) {
      const e = error as FlotillaError;
      outputs.push({ code: e.code, message: e.message, data: e.data, stack: e.stack, text: String(e) });
    }
  };
  return { outputs, call };
}

describe('secret hygiene', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-hygiene-');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await tmp.cleanup();
  });

  test('canary secrets never reach the settings folder, a log line, an answer or an error', async () => {
    expect(CANARY).toHaveLength(40);
    const aws = await copyAwsFixtures(tmp.dir);
    const home = path.join(aws, 'home');
    const settingsDir = path.join(tmp.dir, 'config');
    const logger = captureLogger();
    const secrets = memorySecrets();
    const settings = await createSettingsService({ store: openConfSettingsStore({ cwd: settingsDir }), logger, home, secrets });
    // STS that fails with everything it was given in its message, the way signature errors can.
    const sts = fakeSts(
      (identity) =>
        Object.assign(new Error(`The request signature we calculated does not match. Secret ${identity.secretAccessKey}, token ${identity.sessionToken}, key ${identity.accessKeyId}`), {
          name: 'InternalFailure',
        }),
    );
    const credentials = createCredentialsService({ secrets, settings: settings, home, env: {}, logger, sts: sts.factory });

    const { outputs, call } = recordAnswers();

    // Stored, listed, selected, tested against an STS that echoes it.
    await call(() => credentials.api.saveKey({ name: 'canary', accessKeyId: CANARY_KEY_ID, secretAccessKey: CANARY }));
    await call(() => credentials.api.saveKey({ name: 'canary-temp', accessKeyId: 'ASIAFLOTILLACANARY43', secretAccessKey: CANARY, sessionToken: CANARY_TOKEN }));
    await call(() => credentials.api.list({}));
    await call(() => credentials.api.test({}));
    await call(() => credentials.api.test({ ref: { kind: 'keychain', name: 'canary-temp', keyIdHint: '' } }));
    await call(() => settings.api.get({}));
    // Pasted into the wrong fields.
    await call(() => credentials.api.saveKey({ name: 'wrong', accessKeyId: CANARY, secretAccessKey: CANARY_KEY_ID }));
    await call(() => credentials.api.saveKey({ name: 'long', accessKeyId: CANARY_KEY_ID, secretAccessKey: CANARY + 'x' }));
    await call(() => credentials.api.saveKey({ name: CANARY, accessKeyId: CANARY_KEY_ID, secretAccessKey: CANARY }));
    await call(() => credentials.api.rotateKey({ name: 'missing', accessKeyId: CANARY_KEY_ID, secretAccessKey: CANARY }));
    await call(() => credentials.api.test({ ref: { kind: 'profile', name: 'dev' }, mfaCode: CANARY }));
    await call(() => settings.api.update({ patch: { webhookUrl: CANARY, sshUser: CANARY, revisions: { bucket: CANARY } } }));
    // In files: one that is refused (bad zone, secret as the key pair name), one imported.
    const refused = path.join(tmp.dir, 'refused.ini');
    await writeFile(refused, `[EC2]\nAccessKeyId = ${CANARY_KEY_ID}\nSecretAccessKey = ${CANARY}\nAvailabilityZone = ${CANARY}\nSSHKeyPair = ${CANARY}\nSSHKeyPairFile = ${CANARY}\n`, { mode: 0o644 });
    await call(() => settings.api.validate({ kind: 'aws-settings', path: refused }));
    await call(() => settings.api.importIni({ kind: 'aws-settings', path: refused }));
    await call(() => settings.api.validate({ kind: 'settings', path: 'pasted.json', content: `{"theme": "${CANARY}", ` }));
    const good = path.join(aws, 'good.ini');
    const goodText = (await readFile(path.join(aws, 'user-settings-good.ini'), 'utf8')).replace('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', CANARY);
    await writeFile(good, goodText, { mode: 0o600 });
    await call(() => settings.api.importIni({ kind: 'aws-settings', path: good }));
    // Used by an AWS client, then deleted.
    await credentials.credentialProvider('canary')();
    await call(() => credentials.api.deleteKey({ name: 'canary' }));
    await call(() => credentials.api.list({}));

    // The secrets did go where they belong...
    expect(secrets.entries.get('canary-temp')).toContain(CANARY);
    expect(secrets.entries.get('good')).toContain(CANARY);
    expect(sts.calls.map((c) => c.identity.secretAccessKey)).toEqual([CANARY, CANARY]);
    expect(outputs.length).toBe(18);
    // ...and nowhere else.
    const settingsFiles = await filesUnder(settingsDir);
    expect(settingsFiles.map((f) => path.basename(f))).toEqual(['settings.json']);
    const haystacks: [string, string][] = [
      ...(await Promise.all(settingsFiles.map(async (f): Promise<[string, string]> => [f, await readFile(f, 'utf8')]))),
      ...logger.lines.map((line, i): [string, string] => [`log line ${i}`, line]),
      ...outputs.map((o, i): [string, string] => [`answer ${i}`, JSON.stringify(o)]),
    ];
    expect(logger.lines.length).toBeGreaterThan(3);
    for (const needle of [CANARY, CANARY_TOKEN, CANARY.slice(0, 24), CANARY.slice(-24)]) {
      const hits = haystacks.filter(([, text]) => text.includes(needle)).map(([where]) => where);
      expect(hits, `'${needle.slice(0, 10)}…' found in ${hits.join(', ')}`).toEqual([]);
    }
    // The full access key id stays in the keychain too; the settings hold only the masked form.
    expect(haystacks.filter(([where, text]) => where.endsWith('settings.json') && text.includes(CANARY_KEY_ID))).toEqual([]);
  });

  test('the SSO sign-in: its tokens and client secret never reach an event, an answer, a log line or an error', async () => {
    const CANARY_CLIENT_SECRET = 'FLOTILLACANARYCLIENTSECRET' + 'eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0'.repeat(2);
    const CANARY_DEVICE_CODE = 'FLOTILLACANARYDEVICECODE' + 'ZGV2aWNlQ29kZS1ub3QtcmVhbA'.repeat(2);
    const CANARY_ACCESS = 'FLOTILLACANARYACCESSTOKEN' + 'aoaAAAAAGh8bm90LXJlYWwtYWNjZXNz'.repeat(2);
    const CANARY_REFRESH = 'FLOTILLACANARYREFRESHTOKEN' + 'aorAAAAAGh8bm90LXJlYWwtcmVmcmVzaA'.repeat(2);
    const aws = await copyAwsFixtures(tmp.dir);
    const home = path.join(aws, 'home');
    vi.stubEnv('HOME', home); // where the SDK's fromSSO looks for the token
    vi.stubEnv('USERPROFILE', home); // and on Windows, where HOME may be unset
    const logger = captureLogger();
    const settings = await createSettingsService({ store: openConfSettingsStore({ cwd: path.join(tmp.dir, 'config') }), logger, home, secrets: memorySecrets() });
    // IAM Identity Center hands out the canaries; its first CreateToken fails echoing the client secret and device code.
    let tokenCalls = 0;
    const oidc = mockOidc(async () => {
      tokenCalls += 1;
      if (tokenCalls === 1) throw Object.assign(new Error(`Invalid grant for client secret ${CANARY_CLIENT_SECRET} and device code ${CANARY_DEVICE_CODE}`), { name: 'InvalidGrantException' });
      return { ...OIDC.token, accessToken: CANARY_ACCESS, refreshToken: CANARY_REFRESH };
    });
    oidc.on(RegisterClientCommand).resolves({ ...OIDC.registration, clientSecret: CANARY_CLIENT_SECRET });
    oidc.on(StartDeviceAuthorizationCommand).resolves({ ...OIDC.device, deviceCode: CANARY_DEVICE_CODE });
    // The SDK's SSO portal call sees the access token; it answers role credentials.
    const bearers: string[] = [];
    const portal = {
      handle: async (request: { headers: Record<string, string> }) => {
        bearers.push(request.headers['x-amz-sso_bearer_token'] ?? '');
        const body = JSON.stringify({ roleCredentials: { accessKeyId: 'ASIAFLOTILLACANARY44', secretAccessKey: CANARY, sessionToken: CANARY_TOKEN, expiration: Date.now() + 3_600_000 } });
        return { response: { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Readable.from([Buffer.from(body)]) } };
      },
    };
    const viaPortal: FromIni = (init) => fromIni({ ...init, clientConfig: { requestHandler: portal } } as never);
    const sts = fakeSts((identity) => Object.assign(new Error(`Signature mismatch for ${identity.secretAccessKey} ${identity.sessionToken}`), { name: 'InternalFailure' }));
    const events: SsoSignInPending[] = [];
    const credentials = createCredentialsService({
      secrets: memorySecrets(),
      settings,
      home,
      env: {},
      logger,
      sts: sts.factory,
      fromIni: viaPortal,
      sleep: async () => {},
      opener: { openUrl: async (url) => logger.info('opened', { url }) },
      emit: (_event, payload) => events.push(payload),
    });
    const { outputs, call } = recordAnswers();
    await call(() => credentials.api.ssoLogin({ profile: 'acme.sandbox' }));
    await call(() => credentials.api.ssoLogin({ profile: 'acme.sandbox' }));
    await call(() => credentials.api.list({}));
    await call(() => credentials.api.test({ ref: { kind: 'profile', name: 'acme.sandbox' } }));
    await call(() => credentials.api.cancelSsoLogin({ profile: 'acme.sandbox' }));

    // The secrets went where they belong: the token file the SDK reads, and the SDK's call...
    const token = await readFile(path.join(home, '.aws', 'sso', 'cache', '293abb6b76d7791c0732cc517d38c4b5c734b87f.json'), 'utf8');
    for (const secret of [CANARY_ACCESS, CANARY_REFRESH, CANARY_CLIENT_SECRET]) expect(token).toContain(secret);
    expect(bearers).toEqual([CANARY_ACCESS]);
    expect(sts.calls.map((c) => c.identity.secretAccessKey)).toEqual([CANARY]);
    expect(outputs.length).toBe(5);
    expect(JSON.stringify(outputs[0])).toContain('InvalidGrantException');
    expect(events.map((e) => e.userCode)).toEqual(['BCDF-GHJK', 'BCDF-GHJK']);
    // ...and nowhere else.
    const haystacks: [string, string][] = [
      ...logger.lines.map((line, i): [string, string] => [`log line ${i}`, line]),
      ...outputs.map((o, i): [string, string] => [`answer ${i}`, JSON.stringify(o)]),
      ...events.map((e, i): [string, string] => [`event ${i}`, JSON.stringify(e)]),
    ];
    for (const needle of [CANARY_CLIENT_SECRET, CANARY_DEVICE_CODE, CANARY_ACCESS, CANARY_REFRESH, CANARY, CANARY_TOKEN, 'FLOTILLACANARY']) {
      const hits = haystacks.filter(([, text]) => text.includes(needle)).map(([where]) => where);
      expect(hits, `'${needle.slice(0, 26)}…' found in ${hits.join(', ')}`).toEqual([]);
    }
  });
});
