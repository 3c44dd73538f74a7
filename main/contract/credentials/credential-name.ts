/**
 * What a keychain credential may be called (pure TypeScript), the one rule for the contract's
 * schemas, the keychain and the settings file: the name is the keychain entry's account and is
 * shown in menus, so 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.
 */

export const MAX_CREDENTIAL_NAME_LENGTH = 64;

const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const CREDENTIAL_NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

export function isCredentialName(value: string): boolean {
  return CREDENTIAL_NAME.test(value);
}

/** Why `name` is no credential name, in words that say how to fix it; null when it is one. */
export function credentialNameProblem(name: string): string | null {
  return isCredentialName(name) ? null : `'${name.slice(0, MAX_CREDENTIAL_NAME_LENGTH)}' is not a credential name: use ${CREDENTIAL_NAME_RULE}`;
}
