/** SSO OIDC fakes shared by the credentials tests (imported only by *.test.ts files). */
import {
  AccessDeniedException,
  AuthorizationPendingException,
  CreateTokenCommand,
  ExpiredTokenException,
  RegisterClientCommand,
  SlowDownException,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { mockClient } from 'aws-sdk-client-mock';
import type { Sleep } from './sso-login';

export const NOW = new Date('2026-06-01T12:00:00Z');

/** What IAM Identity Center answers, shaped like the real responses (values made up). */
export const OIDC = {
  registration: {
    $metadata: { httpStatusCode: 200, requestId: '7f1c6a1e-2b0b-4b5e-9d51-6c1f0d7e8a11' },
    clientId: 'Rk4tdW1vQ2xpZW50SWRFeGFtcGxlZXUtd2VzdC0x',
    clientSecret: 'eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.eyJzZXJpYWxpemVkIjoiZmFrZS1jbGllbnQtc2VjcmV0In0.c2lnbmF0dXJlLW5vdC1yZWFs',
    clientIdIssuedAt: 1780315200, // NOW
    clientSecretExpiresAt: 1788091200, // 90 days later
  },
  device: {
    $metadata: { httpStatusCode: 200, requestId: '0c9a5f52-61d3-4bb6-a0a7-31a9b0f1e2c4' },
    deviceCode: 'ZGV2aWNlQ29kZS1ub3QtcmVhbC1leGFtcGxlLWZvci10ZXN0cy0wMTIzNDU2Nzg5',
    userCode: 'BCDF-GHJK',
    verificationUri: 'https://device.sso.eu-west-1.amazonaws.com/',
    verificationUriComplete: 'https://device.sso.eu-west-1.amazonaws.com/?user_code=BCDF-GHJK',
    expiresIn: 600,
    interval: 1,
  },
  token: {
    $metadata: { httpStatusCode: 200, requestId: 'a3e7d6c2-1f4b-4e0a-8c9d-5b6a7f8e9d01' },
    accessToken: 'aoaAAAAAGh8bm90LXJlYWwtYWNjZXNzLXRva2VuLWZvci1mbG90aWxsYS10ZXN0cw',
    tokenType: 'Bearer',
    expiresIn: 28800,
    refreshToken: 'aorAAAAAGh8bm90LXJlYWwtcmVmcmVzaC10b2tlbi1mb3ItZmxvdGlsbGEtdGVzdHM',
  },
};

const meta = { httpStatusCode: 400, requestId: '5e2f1d0c-9b8a-4c7d-8e6f-1a2b3c4d5e6f' };
export const pending = () =>
  new AuthorizationPendingException({ $metadata: meta, message: 'Authorization is still pending', error: 'authorization_pending', error_description: 'Authorization is still pending' });
export const slowDown = () => new SlowDownException({ $metadata: meta, message: 'Client is polling too quickly', error: 'slow_down', error_description: 'Client is polling too quickly' });
export const expired = () =>
  new ExpiredTokenException({ $metadata: meta, message: 'Device code has expired', error: 'expired_token', error_description: 'Device code has expired' });
export const denied = () =>
  new AccessDeniedException({ $metadata: meta, message: 'User denied the authorization request', error: 'access_denied', error_description: 'User denied the authorization request' });

/** Every SSOOIDCClient answers with `OIDC` (override per test); CreateToken answers `token` by default. */
export function mockOidc(token: () => Promise<unknown> = async () => OIDC.token) {
  const mock = mockClient(SSOOIDCClient);
  mock.on(RegisterClientCommand).resolves(OIDC.registration);
  mock.on(StartDeviceAuthorizationCommand).resolves(OIDC.device);
  mock.on(CreateTokenCommand).callsFake(token);
  return mock;
}

/** CreateToken answers these in turn (an Error is thrown), then the token. */
export function answers(...steps: unknown[]): () => Promise<unknown> {
  const queue = [...steps];
  return async () => {
    const next = queue.shift() ?? OIDC.token;
    if (next instanceof Error) throw next;
    return next;
  };
}

/** A clock that moves only when the flow sleeps; records each wait. */
export function fakeTime(start = NOW) {
  let t = start.getTime();
  const sleeps: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    await new Promise((r) => setTimeout(r, 1));
    if (signal.aborted) throw new Error('aborted');
    sleeps.push(ms);
    t += ms;
  };
  return { now: () => new Date(t), sleep, sleeps };
}
