import { FlotillaError } from '../../contract/errors';
import type { Logger } from '../ports';
import { maskKeyId } from './mask';

/** Secrets a caller knows about right now (the set may grow while it is used). */
export type KnownSecrets = Iterable<string> | (() => Iterable<string>);

const KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** A run of base64 characters, with its padding. The greedy match starts at the run's start. */
const BASE64_RUN = /[A-Za-z0-9/+]{40,}={0,2}/g;
/** `secret_access_key = value`, `"sessionToken":"value"`, `X-Amz-Security-Token: value`, ... */
const SECRET_ASSIGNMENT =
  /\b(aws_secret_access_key|secret_?access_?key|aws_session_token|session_?token|security_?token|x-amz-security-token|password)(["']?\s*[:=]\s*["']?)([^\s"',;}&]+)/gi;

/**
 * A 40-character run mixing upper case, lower case and digits is taken for a secret access key,
 * a longer one for a session token. Requiring all three classes spares git hashes (hex) and most
 * paths and words.
 */
function looksSecret(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

function secretsOf(known: KnownSecrets | undefined): string[] {
  if (!known) return [];
  const list = typeof known === 'function' ? known() : known;
  // Longest first, so a token is removed before a secret that happens to be part of it.
  return [...list].filter((s) => s.length >= 8).sort((a, b) => b.length - a.length);
}

/**
 * Removes anything that looks like an AWS secret from text meant for a log, an error message or
 * a crash report: secret keys and session tokens (by shape, and every `known` secret exactly),
 * values assigned to secret-named keys; access key ids are masked to `AKIA…WXYZ`.
 */
export function redact(text: string, known?: KnownSecrets): string {
  let out = text;
  for (const secret of secretsOf(known)) out = out.split(secret).join('[redacted]');
  out = out.replace(SECRET_ASSIGNMENT, (_m, key: string, sep: string) => `${key}${sep}[redacted]`);
  out = out.replace(BASE64_RUN, (run) => {
    if (!looksSecret(run)) return run;
    return run.replace(/=+$/, '').length === 40 ? '[redacted secret]' : '[redacted token]';
  });
  return out.replace(KEY_ID, (id) => maskKeyId(id));
}

const SECRET_FIELD = /secret|token|password|credentials?$/i;

/** A deep copy of `value` with every string redacted and secret-named fields dropped. */
export function redactValue(value: unknown, known?: KnownSecrets, depth = 0): unknown {
  if (typeof value === 'string') return redact(value, known);
  if (value instanceof Error) return redact(String(value), known);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 6) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, known, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && typeof v === 'string' ? '[redacted]' : redactValue(v, known, depth + 1);
  }
  return out;
}

/** The same error with its message and data redacted; anything but a FlotillaError becomes `internal`. */
export function redactError(error: unknown, known?: KnownSecrets): FlotillaError {
  if (error instanceof FlotillaError) {
    return new FlotillaError(error.code, redact(error.message, known), redactValue(error.data, known));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FlotillaError('internal', redact(message, known));
}

/** A logger that redacts every message and field before passing it on. */
export function createRedactingLogger(logger: Logger, knownSecrets?: KnownSecrets): Logger {
  const wrap =
    (level: keyof Logger) =>
    (message: string, fields?: Record<string, unknown>): void => {
      const safeFields = fields === undefined ? undefined : (redactValue(fields, knownSecrets) as Record<string, unknown>);
      logger[level](redact(message, knownSecrets), safeFields);
    };
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
