import type { CredentialRef } from '../../contract/dto/credentials';
import type { CredentialSource, EnvironmentCredentials } from '../../contract/dto/setup';
import { maskKeyId } from './mask';

const set = (value: string | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null);

/**
 * The credentials the AWS SDK's default chain finds in the environment, in its order: AWS_PROFILE
 * (with it set the SDK skips static keys), static keys (AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY),
 * a web identity token file, a container's credentials endpoint. Null when none is set. Never
 * returns a secret. The AWS clients use them in the same order (aws/client-factory.ts envCredentials).
 */
export function environmentCredentials(env: Record<string, string | undefined>): EnvironmentCredentials | null {
  const variables: string[] = [];
  const profile = set(env.AWS_PROFILE);
  if (profile) variables.push('AWS_PROFILE');
  const keyId = set(env.AWS_ACCESS_KEY_ID);
  const hasKeys = keyId !== null && set(env.AWS_SECRET_ACCESS_KEY) !== null;
  if (hasKeys) variables.push('AWS_ACCESS_KEY_ID');
  if (set(env.AWS_WEB_IDENTITY_TOKEN_FILE) && set(env.AWS_ROLE_ARN)) variables.push('AWS_WEB_IDENTITY_TOKEN_FILE');
  const container = set(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) ? 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' : set(env.AWS_CONTAINER_CREDENTIALS_FULL_URI) ? 'AWS_CONTAINER_CREDENTIALS_FULL_URI' : null;
  if (container) variables.push(container);
  if (variables.length === 0) return null;
  return { variables, keyIdHint: hasKeys ? maskKeyId(keyId) : null, profile };
}

/** The credentials in use: the one picked in Settings, else the environment's, else the SDK's default chain. */
export function credentialSource(selected: CredentialRef | null, env: Record<string, string | undefined>): CredentialSource {
  if (selected) return selected.kind === 'keychain' ? { kind: 'keychain', name: selected.name, keyIdHint: selected.keyIdHint } : { kind: 'profile', name: selected.name };
  const environment = environmentCredentials(env);
  return environment ? { kind: 'environment', environment } : { kind: 'default-chain' };
}

/** The source in words, for the header and the connection test. */
export function describeSource(source: CredentialSource): string {
  switch (source.kind) {
    case 'keychain':
      return `access key ${source.name} (${source.keyIdHint}, keychain)`;
    case 'profile':
      return `profile ${source.name}`;
    case 'environment': {
      const e = source.environment;
      const first = e.variables[0];
      const detail = first === 'AWS_ACCESS_KEY_ID' ? `AWS_ACCESS_KEY_ID ${e.keyIdHint}` : first === 'AWS_PROFILE' ? `AWS_PROFILE=${e.profile}` : first;
      return `environment (${detail})`;
    }
    case 'default-chain':
      return "the AWS SDK's default chain (default profile or instance role)";
  }
}
