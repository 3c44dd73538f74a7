import { describe, expect, test } from 'vitest';
import { credentialSource, describeSource, environmentCredentials } from './environment';

describe('environmentCredentials', () => {
  test('static keys need both variables, and show only the masked key id', () => {
    const found = environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    expect(found).toEqual({ variables: ['AWS_ACCESS_KEY_ID'], keyIdHint: 'AKIA…MPLE', profile: null });
    expect(JSON.stringify(found)).not.toContain('wJalr');
    expect(environmentCredentials({ AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' })).toBeNull();
  });

  test('AWS_PROFILE, web identity and container credentials count; blanks do not', () => {
    expect(environmentCredentials({ AWS_PROFILE: 'dev' })).toEqual({ variables: ['AWS_PROFILE'], keyIdHint: null, profile: 'dev' });
    expect(environmentCredentials({ AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' })?.variables).toEqual(['AWS_WEB_IDENTITY_TOKEN_FILE']);
    expect(environmentCredentials({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' })?.variables).toEqual(['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']);
    expect(environmentCredentials({ AWS_PROFILE: ' ', AWS_ACCESS_KEY_ID: '' })).toBeNull();
  });
});

describe('credentialSource', () => {
  test('the pick in Settings wins, then the environment, then the default chain', () => {
    const env = { AWS_PROFILE: 'dev' };
    expect(credentialSource({ kind: 'profile', name: 'admin' }, env)).toEqual({ kind: 'profile', name: 'admin' });
    expect(describeSource(credentialSource(null, env))).toBe('environment (AWS_PROFILE=dev)');
    expect(describeSource(credentialSource(null, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 's' }))).toBe('environment (AWS_ACCESS_KEY_ID AKIA…MPLE)');
    expect(credentialSource(null, {})).toEqual({ kind: 'default-chain' });
  });

  test('with AWS_PROFILE and static keys both set, the profile is named: the SDK uses it, and so do the AWS clients', () => {
    const both = { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 's' };
    expect(environmentCredentials(both)?.variables).toEqual(['AWS_PROFILE', 'AWS_ACCESS_KEY_ID']);
    expect(describeSource(credentialSource(null, both))).toBe('environment (AWS_PROFILE=dev)');
  });
});
