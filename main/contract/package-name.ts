import { isControlCharacter, replaceControlCharacters } from './text';

/**
 * What a package may be called (pure TypeScript), shared by the contract's schemas and
 * the core. FTL's rule: the package is the spooled file's name up to its first dot
 * (github.com/rhettg/ftl main.go spoolCmd: `strings.Split(name, ".")[0]`; ftl/remote.go Spool:
 * `fileName[:strings.Index(fileName, ".")]`). FTL checks nothing else, yet the name becomes a bucket
 * key prefix, a folder under FTL_ROOT on every server and a word in shell hooks, so Flotilla takes
 * only letters, digits, '_' and '-' (FTL's own examples: `my_site`).
 */

export const MAX_PACKAGE_NAME_LENGTH = 200;

const PACKAGE_NAME = /^[A-Za-z0-9_-]+$/;

export const PACKAGE_NAME_RULE = "a package name may hold only the letters A-Z and a-z, the digits 0-9, '_' and '-'";

export function isPackageName(value: string): boolean {
  return value.length > 0 && value.length <= MAX_PACKAGE_NAME_LENGTH && PACKAGE_NAME.test(value);
}

/** The characters of `value` a package name may not hold, each once, in order; control characters as \xNN. */
export function badPackageCharacters(value: string): string[] {
  const bad = new Set<string>();
  for (const char of value) {
    if (PACKAGE_NAME.test(char)) continue;
    bad.add(isControlCharacter(char) ? escaped(char) : char === ' ' ? 'a space' : `'${char}'`);
  }
  return [...bad];
}

/** A name made of the allowed characters only, for a suggestion ("rename it, e.g. odd_name_x"). */
export function suggestPackageName(value: string): string {
  const cleaned = value
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_PACKAGE_NAME_LENGTH);
  return cleaned || 'my_site';
}

/** Why `value` is no package name, in words that say how to fix it; null when it is one. */
export function packageNameProblem(value: string): string | null {
  if (value === '') return 'the package name is empty: it is the name up to the first dot, e.g. my_site.tar.gz';
  if (value.length > MAX_PACKAGE_NAME_LENGTH) return `the package name is ${value.length} characters long, more than the ${MAX_PACKAGE_NAME_LENGTH} it may have`;
  const bad = badPackageCharacters(value);
  if (bad.length === 0) return null;
  return `the package name '${printableName(value)}' holds ${bad.join(', ')}: ${PACKAGE_NAME_RULE}. Rename it, e.g. ${suggestPackageName(value)}`;
}

const escaped = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

function printableName(value: string): string {
  return replaceControlCharacters(value, escaped);
}

/**
 * The package a spooled path makes: its last part (a folder's too) up to the first dot; null when
 * that part is '.', '..' or starts with a dot (the core resolves and explains those).
 */
export function packageOfPath(path: string): string | null {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  const base = parts[parts.length - 1] ?? '';
  const dot = base.indexOf('.');
  if (dot === 0 || base === '') return null;
  return dot < 0 ? base : base.slice(0, dot);
}
