import type { AwsProfile, ProfileKind, SsoStatus } from '../../contract/credentials/dto';
import { nearest } from '../projects/edit-distance';
import { profileSections, ssoSessions, type AwsFiles } from './aws-files';
import { maskKeyId } from './mask';
import { ssoStatus, type CachedToken } from './sso-cache';
import type { SsoTarget } from './sso-oidc';

type Section = Record<string, string>;

/** The SDK's order: a role first, then static keys, web identity, a process, SSO. */
export function kindOf(p: Section): ProfileKind {
  if (p.role_arn && (p.source_profile || p.credential_source)) return 'assume-role';
  if (p.aws_access_key_id || p.aws_secret_access_key) return 'static';
  if (p.role_arn && p.web_identity_token_file) return 'web-identity';
  if (p.credential_process) return 'process';
  if (p.sso_session || p.sso_start_url || p.sso_account_id) return 'sso';
  return 'config-only';
}

export interface ProfileContext {
  profiles: Map<string, Section>;
  sessions: Map<string, Section>;
  tokens: readonly CachedToken[];
  now: Date;
  /** How the config file is shown in messages (`~/.aws/config`). */
  configShown: string;
}

export function profileContext(files: AwsFiles, tokens: readonly CachedToken[], now: Date, configShown: string): ProfileContext {
  return { profiles: profileSections(files), sessions: ssoSessions(files), tokens, now, configShown };
}

/** The profiles a role is assumed from, starting with `name` itself; stops at a loop or a gap. */
function chain(name: string, ctx: ProfileContext): { names: string[]; problem: string | null } {
  const names: string[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    if (names.includes(current)) return { names, problem: `source_profile loops back to '${current}'; make the chain end at a profile with keys or SSO` };
    const section = ctx.profiles.get(current);
    if (!section) {
      const guess = nearest(current, [...ctx.profiles.keys()]);
      const hint = guess ? `did you mean '${guess}'?` : `add a [profile ${current}] section to ${ctx.configShown}`;
      return { names, problem: `source_profile '${current}' is not a profile; ${hint}` };
    }
    names.push(current);
    current = kindOf(section) === 'assume-role' && section.source_profile ? section.source_profile : undefined;
  }
  return { names, problem: null };
}

function ssoOf(section: Section, ctx: ProfileContext): { status: SsoStatus | null; problem: string | null } {
  const session = section.sso_session ?? null;
  if (session !== null) {
    const values = ctx.sessions.get(session);
    if (!values) {
      const guess = nearest(session, [...ctx.sessions.keys()]);
      const hint = guess ? `did you mean '${guess}'?` : 'add it with aws configure sso-session';
      return { status: null, problem: `sso_session '${session}' has no [sso-session ${session}] section in ${ctx.configShown}; ${hint}` };
    }
    if (!values.sso_start_url) return { status: null, problem: `[sso-session ${session}] has no sso_start_url; add it (e.g. https://my-org.awsapps.com/start)` };
    return { status: ssoStatus(values.sso_start_url, session, values.sso_region ?? null, ctx.tokens, ctx.now), problem: null };
  }
  if (!section.sso_start_url) return { status: null, problem: 'sso_account_id is set without sso_session or sso_start_url; add sso_session = <name>' };
  return { status: ssoStatus(section.sso_start_url, null, section.sso_region ?? null, ctx.tokens, ctx.now), problem: null };
}

/** Everything the renderer may know about one profile: no secret, the key id masked. */
export function describeProfile(name: string, ctx: ProfileContext): AwsProfile {
  const section = ctx.profiles.get(name) ?? {};
  const kind = kindOf(section);
  const links = chain(name, ctx);
  const sections = links.names.map((n) => ctx.profiles.get(n)!);
  const mfaSerial = sections.find((s) => s.mfa_serial)?.mfa_serial ?? null;
  const root = sections[sections.length - 1];
  let problem = links.problem;
  let sso: SsoStatus | null = null;
  if (root && kindOf(root) === 'sso') {
    const found = ssoOf(root, ctx);
    sso = found.status;
    problem ??= found.problem;
    if (!problem && (!root.sso_account_id || !root.sso_role_name)) {
      problem = 'an SSO profile needs sso_account_id and sso_role_name; run aws configure sso --profile ' + links.names[links.names.length - 1];
    }
  }
  if (!problem && kind === 'static' && (!section.aws_access_key_id || !section.aws_secret_access_key)) {
    problem = `has only one of aws_access_key_id and aws_secret_access_key; run aws configure --profile ${name}`;
  }
  if (!problem && kind === 'config-only') {
    problem = `has no credentials (no keys, SSO, role or credential_process); pick another profile, or run aws configure --profile ${name}`;
  }
  return {
    name,
    kind,
    region: section.region ?? null,
    mfaRequired: mfaSerial !== null,
    mfaSerial,
    sso,
    roleArn: section.role_arn ?? null,
    sourceProfile: section.source_profile ?? null,
    keyIdHint: kind === 'static' && section.aws_access_key_id ? maskKeyId(section.aws_access_key_id) : null,
    problem,
  };
}

/** Every profile, `default` first, then by name. */
export function listProfiles(ctx: ProfileContext): AwsProfile[] {
  const names = [...ctx.profiles.keys()].sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)));
  return names.map((name) => describeProfile(name, ctx));
}

/** `sso_registration_scopes` as the AWS CLI reads it: split on commas, trimmed, empty ones dropped. */
export function registrationScopes(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** What signing in to the profile's SSO needs, or what is missing (a sentence with the fix). */
export function ssoTargetOf(name: string, sso: SsoStatus, ctx: ProfileContext): SsoTarget | string {
  if (!sso.region) {
    const where = sso.session ? `[sso-session ${sso.session}]` : `[profile ${name}]`;
    return `${where} in ${ctx.configShown} has no sso_region; add the region of your IAM Identity Center (e.g. sso_region = us-east-1)`;
  }
  const scopes = sso.session ? registrationScopes(ctx.sessions.get(sso.session)?.sso_registration_scopes) : null;
  return { profile: name, startUrl: sso.startUrl, region: sso.region, session: sso.session, scopes };
}
