/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to tell keys apart, never enough to use one. */
export function maskKeyId(accessKeyId: string): string {
  const id = accessKeyId.trim();
  if (id.length < 12) return '…';
  return `${id.slice(0, 4)}…${id.slice(-4)}`;
}

/** Access key ids: a 4-letter prefix naming the kind (AKIA long-term, ASIA temporary) and 16 more. */
export const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

/** Secret access keys are 40 characters of base64 (letters, digits, `/` and `+`). */
export const SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;

/** What is wrong with an access key id, without repeating it; null if nothing. */
export function accessKeyIdProblem(value: string): string | null {
  if (ACCESS_KEY_ID.test(value)) return null;
  if (value.trim() === '') return 'the access key id is empty';
  if (ACCESS_KEY_ID.test(value.trim())) return 'the access key id has spaces around it';
  // Not even masked: a secret key pasted into the wrong field must not show up here.
  return `the access key id (${value.length} characters) is not AKIA or ASIA followed by 16 capital letters or digits`;
}

/** What is wrong with a secret access key, never repeating any of it; null if nothing. */
export function secretAccessKeyProblem(value: string): string | null {
  if (SECRET_ACCESS_KEY.test(value)) return null;
  if (value.trim() === '') return 'the secret access key is empty';
  if (SECRET_ACCESS_KEY.test(value.trim())) return 'the secret access key has spaces around it';
  if (value.length !== 40) return `the secret access key has ${value.length} characters; AWS secret keys have 40`;
  return 'the secret access key has characters other than letters, digits, / and +';
}
