import type { SsoSignInPending } from './dto';

/** Every event the credentials service emits, with its payload. Never a token or a secret. */
export interface CredentialsEventMap {
  /** An SSO sign-in has its code and waits for the user's approval in the browser (credentials.ssoLogin answers when it is done). */
  'credentials.ssoPending': SsoSignInPending;
}

export const credentialsEventNames = ['credentials.ssoPending'] as const satisfies readonly (keyof CredentialsEventMap)[];
