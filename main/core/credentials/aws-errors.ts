import type { CredentialRef } from '../../contract/dto/credentials';
import { FlotillaError } from '../../contract/errors';
import { isUnreachable } from '../shared/aws-errors';
import { redact, type KnownSecrets } from './redact';

export interface ErrorContext {
  ref: CredentialRef;
  region: string;
  known: KnownSecrets;
}

function describe(ref: CredentialRef): string {
  return ref.kind === 'profile' ? `profile '${ref.name}'` : `the access key '${ref.name}' (${ref.keyIdHint})`;
}

/**
 * Turns whatever the AWS SDK threw while getting or using credentials into a FlotillaError that
 * says what happened and what to do. Every message is redacted: AWS errors may echo key material.
 */
export function awsCredentialError(error: unknown, ctx: ErrorContext): FlotillaError {
  if (error instanceof FlotillaError) return new FlotillaError(error.code, redact(error.message, ctx.known), error.data);
  const e = (error ?? {}) as { name?: string; code?: string; Code?: string; message?: string };
  const name = e.name ?? e.Code ?? '';
  const raw = redact(e.message ?? String(error), ctx.known);
  const who = describe(ctx.ref);
  const rotate = ctx.ref.kind === 'keychain' ? 'enter the key pair again with Rotate' : `check the profile with aws configure --profile ${ctx.ref.name}`;
  if (isUnreachable(error)) {
    return new FlotillaError('unavailable', `Could not reach AWS STS in ${ctx.region} (${e.code ?? name}); check your network connection or proxy and try again.`);
  }
  switch (name) {
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
      return new FlotillaError('forbidden', `AWS does not recognise the access key of ${who}: it was deleted, deactivated, or belongs to another partition; ${rotate}.`);
    case 'SignatureDoesNotMatch':
      return new FlotillaError('forbidden', `AWS rejected the secret access key of ${who} (the signature does not match); ${rotate}.`);
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'RequestExpired':
      return new FlotillaError('forbidden', `The credentials of ${who} have expired; ${ctx.ref.kind === 'profile' ? 'sign in again (SSO) or refresh them' : rotate}.`);
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new FlotillaError('forbidden', `AWS denied ${who}: ${raw}`);
    default:
      break;
  }
  if (/mfa/i.test(raw) && ctx.ref.kind === 'profile') {
    return new FlotillaError('invalid-input', `Profile '${ctx.ref.name}' needs an MFA code: ${raw}`);
  }
  if (/sso|token.*(expired|refresh)/i.test(raw) && ctx.ref.kind === 'profile') {
    return new FlotillaError('invalid-input', `Profile '${ctx.ref.name}' needs an SSO sign-in: ${raw}`);
  }
  if (name === 'CredentialsProviderError' || name === 'ProviderError') {
    return new FlotillaError('invalid-input', `${who.charAt(0).toUpperCase()}${who.slice(1)} gave no credentials: ${raw}`);
  }
  return new FlotillaError('unavailable', `AWS answered with an error for ${who}${name ? ` (${name})` : ''}: ${raw}`);
}
