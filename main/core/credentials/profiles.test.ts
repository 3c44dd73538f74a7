import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyAwsFixtures, POSIX_MODES, tempDir, type TempDir } from '../settings/settings.test-helpers';
import { awsFilePaths, readAwsFiles } from './aws-files';
import { describeProfile, listProfiles, profileContext, registrationScopes, ssoTargetOf } from './profiles';
import { readSsoTokens, ssoStatus } from './sso-cache';

const NOW = new Date('2026-06-01T12:00:00Z');

describe('AWS profiles', () => {
  let tmp: TempDir;
  let home: string;
  beforeEach(async () => {
    tmp = await tempDir('flotilla-aws-');
    home = path.join(await copyAwsFixtures(tmp.dir), 'home');
  });
  afterEach(() => tmp.cleanup());

  async function profiles(env: Record<string, string> = {}) {
    const files = await readAwsFiles(home, env);
    const tokens = await readSsoTokens(files.paths.ssoCache);
    return { files, list: listProfiles(profileContext(files, tokens, NOW, '~/.aws/config')) };
  }

  test('lists every profile with its kind, region, MFA and SSO state; no secret', async () => {
    const { files, list } = await profiles();
    expect(files.problems).toEqual([]);
    const byName = Object.fromEntries(list.map((p) => [p.name, p]));
    expect(list.map((p) => `${p.name}:${p.kind}`)).toEqual([
      'default:static',
      'acme.sandbox:sso',
      'broken-sso:sso',
      'dev:static',
      'from-sso:assume-role',
      'legacy-sso:sso',
      'prod-admin:assume-role',
      'vault:process',
    ]);
    expect(byName.default).toMatchObject({ region: 'us-east-1', keyIdHint: 'AKIA…MPLE', mfaRequired: false, sso: null, problem: null });
    expect(byName['acme.sandbox']).toMatchObject({
      region: 'eu-central-1',
      sso: { startUrl: 'https://acme.awsapps.com/start', session: 'acme', region: 'eu-west-1', tokenValid: true, expiresAt: '2099-01-01T00:00:00.000Z' },
    });
    expect(byName['legacy-sso']!.sso).toEqual({
      startUrl: 'https://old.awsapps.com/start',
      session: null,
      region: 'us-east-1',
      tokenValid: false,
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    expect(byName['prod-admin']).toMatchObject({
      mfaRequired: true,
      mfaSerial: 'arn:aws:iam::111122223333:mfa/alice',
      roleArn: 'arn:aws:iam::777788889999:role/Admin',
      sourceProfile: 'dev',
      sso: null,
      problem: null,
    });
    expect(byName['from-sso']).toMatchObject({ mfaRequired: false, sso: { tokenValid: true }, region: null });
    expect(byName['broken-sso']!.problem).toBe("sso_session 'nope' has no [sso-session nope] section in ~/.aws/config; add it with aws configure sso-session");
    expect(byName.vault).toMatchObject({ region: 'ap-southeast-2', problem: null });
    const json = JSON.stringify(list);
    expect(json).not.toMatch(/EXAMPLEKEY|fixture-token|fixture-not-real|AKIAIOSFODNN7EXAMPLE/);
  });

  test('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are respected; missing files are empty', async () => {
    const other = path.join(tmp.dir, 'other');
    await mkdir(other);
    await writeFile(path.join(other, 'cfg'), '[profile only-here]\nregion = sa-east-1\ncredential_process = /bin/true\n');
    expect(awsFilePaths(home, { AWS_CONFIG_FILE: '~/x' }).config).toBe(path.join(home, 'x'));
    const { list, files } = await profiles({ AWS_CONFIG_FILE: path.join(other, 'cfg'), AWS_SHARED_CREDENTIALS_FILE: path.join(other, 'none') });
    expect(list.map((p) => p.name)).toEqual(['only-here']);
    expect(files.problems).toEqual([]);
  });

  test('a credentials file others can read is reported with the fix', async () => {
    await chmod(path.join(home, '.aws', 'credentials'), 0o644);
    const { files } = await profiles();
    // Windows has no such mode (chmod 644 changes nothing there): Flotilla does not check it.
    expect(files.problems).toEqual(POSIX_MODES ? ['~/.aws/credentials holds access keys and other users can read it (mode 644); run chmod 600 ~/.aws/credentials'] : []);
  });

  test('broken definitions say what is wrong', async () => {
    const cfg = path.join(tmp.dir, 'cfg');
    await writeFile(
      cfg,
      [
        '[profile loop-a]', 'role_arn = arn:aws:iam::1:role/a', 'source_profile = loop-b',
        '[profile loop-b]', 'role_arn = arn:aws:iam::1:role/b', 'source_profile = loop-a',
        '[profile typo]', 'role_arn = arn:aws:iam::1:role/c', 'source_profile = loop-aa',
        '[profile bare]', 'region = eu-west-1',
        '[profile half-sso]', 'sso_start_url = https://x.awsapps.com/start',
      ].join('\n'),
    );
    const { list } = await profiles({ AWS_CONFIG_FILE: cfg, AWS_SHARED_CREDENTIALS_FILE: path.join(tmp.dir, 'none') });
    expect(Object.fromEntries(list.map((p) => [p.name, p.problem]))).toEqual({
      bare: 'has no credentials (no keys, SSO, role or credential_process); pick another profile, or run aws configure --profile bare',
      'half-sso': 'an SSO profile needs sso_account_id and sso_role_name; run aws configure sso --profile half-sso',
      'loop-a': "source_profile loops back to 'loop-a'; make the chain end at a profile with keys or SSO",
      'loop-b': "source_profile loops back to 'loop-b'; make the chain end at a profile with keys or SSO",
      typo: "source_profile 'loop-aa' is not a profile; did you mean 'loop-a'?",
    });
  });

  test('SSO status: matches by file name or recorded start URL, latest expiry wins, a minute of margin', () => {
    const tokens = [
      { file: 'a.json', startUrl: 'https://s/start', expiresAt: new Date('2026-06-01T12:00:30Z') },
      { file: 'b.json', startUrl: 'https://s/start', expiresAt: new Date('2026-06-01T11:00:00Z') },
    ];
    expect(ssoStatus('https://s/start', null, null, tokens, NOW)).toMatchObject({ tokenValid: false, expiresAt: '2026-06-01T12:00:30.000Z' });
    expect(ssoStatus('https://s/start', null, null, [{ ...tokens[0]!, expiresAt: new Date('2026-06-01T13:00:00Z') }], NOW).tokenValid).toBe(true);
    expect(ssoStatus('https://other/start', null, null, tokens, NOW)).toMatchObject({ tokenValid: false, expiresAt: null });
  });

  test('what an SSO sign-in needs: start URL, region, session and its registration scopes', async () => {
    const files = await readAwsFiles(home, {});
    const ctx = profileContext(files, [], NOW, '~/.aws/config');
    const target = (name: string) => ssoTargetOf(name, describeProfile(name, ctx).sso!, ctx);
    expect(target('from-sso')).toEqual({ profile: 'from-sso', startUrl: 'https://acme.awsapps.com/start', region: 'eu-west-1', session: 'acme', scopes: ['sso:account:access'] });
    expect(target('legacy-sso')).toEqual({ profile: 'legacy-sso', startUrl: 'https://old.awsapps.com/start', region: 'us-east-1', session: null, scopes: null });
    const noRegion = { startUrl: 'https://x.awsapps.com/start', session: 'x', region: null, tokenValid: false, expiresAt: null };
    expect(ssoTargetOf('x', noRegion, ctx)).toBe('[sso-session x] in ~/.aws/config has no sso_region; add the region of your IAM Identity Center (e.g. sso_region = us-east-1)');
    expect([registrationScopes(undefined), registrationScopes(' a, ,b '), registrationScopes('')]).toEqual([null, ['a', 'b'], []]);
  });
});
