import { z } from 'zod';
import { noInput, requiredText, text } from '../schema-rules';
import type { CredentialsApi } from './api';
import { credentialNameProblem, MAX_CREDENTIAL_NAME_LENGTH } from './credential-name';

// Payload schemas for CredentialsApi, one per method, for the method table (methods.ts). They check
// shape and size, and the credential-name rule (credential-name.ts) so every caller is refused alike.

const credentialName = requiredText(MAX_CREDENTIAL_NAME_LENGTH).superRefine((value, ctx) => {
  const problem = credentialNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const profileName = requiredText(200);
/** Keychain or AWS-profile credentials, as Settings → AWS accounts names them. */
const credentialRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('keychain'), name: credentialName, keyIdHint: text(40) }),
  z.strictObject({ kind: z.literal('profile'), name: text(200) }),
]);

// Secret fields carry no value-echoing messages: a refused payload must not repeat a secret.
const saveKey = z.strictObject({
  name: credentialName,
  accessKeyId: text(128),
  secretAccessKey: text(256),
  sessionToken: text(8192).optional(),
});

/** Keyed by method name; register as `'credentials.list': credentialsInputSchemas.list`, ... */
export const credentialsInputSchemas = {
  list: noInput,
  select: z.strictObject({ ref: credentialRef.nullable() }),
  saveKey,
  rotateKey: saveKey,
  deleteKey: z.strictObject({ name: credentialName }),
  ssoLogin: z.strictObject({ profile: profileName }),
  cancelSsoLogin: z.strictObject({ profile: profileName }),
  test: z.strictObject({ ref: credentialRef.optional(), mfaCode: text(16).optional() }),
} satisfies { [M in keyof CredentialsApi]: z.ZodType };
