import { FlotillaError } from '../../contract/errors';
import { isPackageName, PACKAGE_NAME_RULE, packageNameProblem } from '../../contract/package-name';
import { hasControlCharacter, replaceControlCharacters } from '../../contract/text';

export { isPackageName };

/**
 * FTL's names. A revision of package P is the object `P.<rev>.<rest>`, where P is the spooled
 * file's name up to its first dot and `<rest>` everything after it. `<rev>` is the UTC date
 * `YYYYMMDD`, the seconds since midnight on 5 digits, and 2 characters of the file's MD5 in
 * FTL's base64 alphabet (`0-9A-Z_a-z`, whose 64th symbol is written `0` again).
 */
export const FTL_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz0';

/** The first two base64 symbols of a digest: its first 12 bits, 6 at a time. */
export function hashPrefix(digest: Uint8Array): string {
  if (digest.length < 2) throw new Error('hashPrefix needs at least 2 bytes of digest');
  const first = digest[0]! >> 2;
  const second = ((digest[0]! & 0x03) << 4) | (digest[1]! >> 4);
  return FTL_ALPHABET[first]! + FTL_ALPHABET[second]!;
}

/** `YYYYMMDD` + seconds since UTC midnight on 5 digits. */
export function revTimestamp(date: Date): string {
  const ymd = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  return ymd + pad(seconds, 5);
}

export function revisionId(md5: Uint8Array, date: Date): string {
  return revTimestamp(date) + hashPrefix(md5);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A rev as FTL writes it; older FTL versions wrote shorter ones, still made of these symbols. */
const REV = /^[0-9A-Za-z_]+$/;

/**
 * The longest rev taken (FTL's are 15 characters). A rev names folders and files on the servers
 * (revs/<rev>, .tmp/<rev>.pending, ...), and a file name has at most 255 bytes.
 */
export const MAX_REV_LENGTH = 64;

export function isRev(value: string): boolean {
  return value.length <= MAX_REV_LENGTH && REV.test(value);
}

export interface FileNameParts {
  package: string;
  /** Everything after the first dot, e.g. `tar.gz`. */
  rest: string;
}

/** Splits a spooled file's name; a name without a dot (or starting with one) is refused. */
export function splitFileName(fileName: string): FileNameParts {
  const dot = fileName.indexOf('.');
  if (dot < 0) {
    throw new FlotillaError(
      'invalid-input',
      `'${fileName}' has no dot, so it names no package: the package is the name up to the first dot. ` +
        `Rename it to <package>.<extension>, e.g. ${fileName || 'my_site'}.tar.gz.`,
      { fileName },
    );
  }
  const pkg = fileName.slice(0, dot);
  const rest = fileName.slice(dot + 1);
  const problem = namePartProblem(rest);
  if (rest && problem) {
    throw new FlotillaError(
      'invalid-input',
      `'${printable(fileName)}' may not hold ${problem} after the package name: the name becomes the bucket key and a file name on ` +
        `every server. Rename it, e.g. ${pkg || 'my_site'}.tar.gz.`,
      { fileName },
    );
  }
  const pkgProblem = pkg && rest ? packageNameProblem(pkg) : null;
  if (pkgProblem) {
    throw new FlotillaError('invalid-input', `'${printable(fileName)}' cannot be spooled: ${pkgProblem}.`, { fileName, package: pkg });
  }
  if (!pkg || !rest || !isPackageName(pkg)) {
    throw new FlotillaError(
      'invalid-input',
      `'${fileName}' does not start with a package name: put the package before the first dot and an extension ` +
        `after it, e.g. my_site.tar.gz.`,
      { fileName },
    );
  }
  return { package: pkg, rest };
}

export function revisionKey(parts: FileNameParts, rev: string): string {
  return `${parts.package}.${rev}.${parts.rest}`;
}

export interface RevisionName {
  package: string;
  rev: string;
  /** `<package>.<rev>` */
  name: string;
}

/** Parses `<package>.<rev>`, refusing anything else with a message that shows the form. */
export function parseRevisionName(value: string): RevisionName {
  const dot = value.indexOf('.');
  const pkg = dot > 0 ? value.slice(0, dot) : '';
  const rev = dot > 0 ? value.slice(dot + 1) : '';
  if (!isPackageName(pkg) || !isRev(rev)) {
    throw new FlotillaError(
      'invalid-input',
      `'${value}' is not a revision name: expected <package>.<rev>, e.g. my_site.2026112203723Ab (see list --master <package>).`,
      { revision: value },
    );
  }
  return { package: pkg, rev, name: `${pkg}.${rev}` };
}

export function requirePackageName(value: string): string {
  if (!isPackageName(value)) {
    throw new FlotillaError(
      'invalid-input',
      `'${printable(value)}' is not a package name: it is the spooled file's name up to its first dot, and ${PACKAGE_NAME_RULE}.`,
      { package: value },
    );
  }
  return value;
}

export interface RevisionKey extends RevisionName {
  key: string;
  rest: string;
}

/**
 * What makes a part of a name unusable as (part of) a file name, or null: '/', '\\', '..', a
 * NUL or any other control character. Such a part could choose where a file is written.
 */
export function namePartProblem(value: string): string | null {
  if (value.includes('/')) return "'/'";
  if (value.includes('\\')) return "'\\'";
  if (value.includes('..')) return "'..'";
  if (hasControlCharacter(value)) return 'a control character';
  return null;
}

/** `value` with control characters shown as \xNN, for messages and logs. */
export function printable(value: string): string {
  return replaceControlCharacters(value, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function splitRevisionKey(pkg: string, key: string): RevisionKey | null {
  if (!key.startsWith(pkg + '.')) return null;
  const tail = key.slice(pkg.length + 1);
  const dot = tail.indexOf('.');
  if (dot <= 0) return null;
  const rev = tail.slice(0, dot);
  const rest = tail.slice(dot + 1);
  if (!REV.test(rev) || !rest) return null;
  return { package: pkg, rev, name: `${pkg}.${rev}`, key, rest };
}

/**
 * `P.<rev>.<rest>` for package P, or null for any other key (pointers, status objects, strays)
 * and for a revision key whose rest could choose a path or whose names are too long (see refusedKeyReason).
 */
export function parseRevisionKey(pkg: string, key: string): RevisionKey | null {
  const parsed = splitRevisionKey(pkg, key);
  return parsed && isRev(parsed.rev) && !namePartProblem(parsed.rest) && !fileNameTooLong(parsed) ? parsed : null;
}

/** Most file systems take names of up to 255 bytes. */
const MAX_FILE_NAME_BYTES = 255;

/** The spooled file's name, `<package>.<rest>` (a plain revision is stored under it), in bytes, when longer than a file name may be. */
function fileNameTooLong(parsed: RevisionKey): number | null {
  const bytes = new TextEncoder().encode(`${parsed.package}.${parsed.rest}`).length;
  return bytes > MAX_FILE_NAME_BYTES ? bytes : null;
}

/**
 * For a key shaped like a revision of P (`P.<rev>.<rest>`) whose rest holds '/', '\\', '..' or a
 * control character, whose rev is longer than MAX_REV_LENGTH, or whose `<package>.<rest>` is longer
 * than a file name: the message refusing it (it is never listed, jumped to, purged or downloaded).
 * null for every other key.
 */
export function refusedKeyReason(pkg: string, key: string): string | null {
  const parsed = splitRevisionKey(pkg, key);
  if (parsed && !isRev(parsed.rev)) {
    return (
      `Refused the bucket key '${printable(key)}': its revision name is ${parsed.rev.length} characters long, more than the ` +
      `${MAX_REV_LENGTH} a revision may have (FTL's are 15), since it names folders and files on the servers. Nothing was ` +
      `downloaded from it. Delete it with the AWS CLI (aws s3 rm) and spool the release again with flotilla-agent spool.`
    );
  }
  const tooLong = parsed && fileNameTooLong(parsed);
  if (parsed && tooLong) {
    return (
      `Refused the bucket key '${printable(key)}': the file name it stands for, ${parsed.package}.<rest>, is ${tooLong} bytes long, ` +
      `more than the ${MAX_FILE_NAME_BYTES} a file name may have on the servers. Nothing was downloaded from it. Delete it with ` +
      `the AWS CLI (aws s3 rm) and spool the release again from a file with a shorter name.`
    );
  }
  const problem = parsed && namePartProblem(parsed.rest);
  if (!parsed || !problem) return null;
  return (
    `Refused the bucket key '${printable(key)}': after ${parsed.name}. it holds ${problem}, which could choose where a file is ` +
    `written on the servers, so it is not used as revision ${parsed.name}. Nothing was downloaded from it. Delete it with the ` +
    `AWS CLI (aws s3 rm) and spool the release again from a file whose name has no '/', '\\', '..' or control characters.`
  );
}

/** The 2 hash characters a rev ends with (FTL's own check of a download). */
export function revHashSuffix(rev: string): string {
  return rev.slice(-2);
}

export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
