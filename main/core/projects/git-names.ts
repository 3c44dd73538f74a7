/**
 * Rules for the two values a user types before a launch: the GitHub user and the git branch.
 * Both end up inside a shell script, so they are checked before any template renders.
 */

import { isControlCharacter, replaceControlCharacters } from '../../contract/text';

export const GITHUB_NAME_MAX = 39;

/** What Flotilla allows in a branch name on top of git's own rules: no shell metacharacter. */
const BRANCH_ALLOWED = /^[A-Za-z0-9._\-/+]$/;
export const BRANCH_ALLOWED_TEXT = 'letters, digits, . _ - / +';

/** Characters git refuses anywhere in a ref name (besides control characters). */
const GIT_FORBIDDEN = new Set([' ', '~', '^', ':', '?', '*', '[', '\\']);

/** How a character is named in a message: `';'`, `a space`, `the control character U+0007`. */
export function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (char === '\n' || char === '\r') return 'a line break';
  if (isControlCharacter(char)) return `the control character U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${char}'`;
}

/** A value made safe to quote in a message: control characters are escaped. */
export function displayValue(value: string): string {
  return replaceControlCharacters(value, (c) => {
    if (c === '\t') return '\\t';
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/**
 * GitHub's user (and organization) name rules: 1 to 39 characters, ASCII letters, digits and
 * hyphens, no hyphen at either end, no two hyphens in a row. `what` names the value in messages.
 */
export function gitHubNameProblem(name: string, what: string): string | null {
  const shown = `${what} '${displayValue(name)}'`;
  if (name === '') return `${what} is empty; enter a GitHub user name`;
  for (const char of name) {
    if (!/^[A-Za-z0-9-]$/.test(char)) {
      return `${shown} contains ${describeChar(char)}; GitHub user names have only letters, digits and single hyphens`;
    }
  }
  if (name.length > GITHUB_NAME_MAX) {
    return `${shown} is ${name.length} characters long; GitHub user names have at most ${GITHUB_NAME_MAX}`;
  }
  if (name.startsWith('-')) return `${shown} begins with a hyphen, which GitHub user names cannot`;
  if (name.endsWith('-')) return `${shown} ends with a hyphen, which GitHub user names cannot`;
  if (name.includes('--')) return `${shown} has two hyphens in a row, which GitHub user names cannot`;
  return null;
}

export function gitUserProblem(user: string): string | null {
  return gitHubNameProblem(user, 'git user');
}

/**
 * git's own rules for a branch name, as `git check-ref-format --branch <name>` applies them
 * outside a repository: the name must be a valid `refs/heads/<name>`, must not begin with '-'
 * and must not be 'HEAD'. (`@` alone is a valid *branch* name to git: the rule against `@` only
 * applies to a whole ref name; Flotilla's character rule refuses it anyway.)
 */
export function gitBranchProblem(name: string): string | null {
  const shown = `branch '${displayValue(name)}'`;
  if (name === '') return 'branch is empty; enter the branch to launch';
  if (name.startsWith('-')) return `${shown} begins with '-', which git does not allow in branch names`;
  if (name === 'HEAD') return `'HEAD' is not a branch name git allows`;
  for (const char of name) {
    if (isControlCharacter(char) || GIT_FORBIDDEN.has(char)) {
      return `${shown} contains ${describeChar(char)}, which git does not allow in branch names`;
    }
  }
  if (name.includes('..')) return `${shown} contains '..', which git does not allow in branch names`;
  if (name.includes('@{')) return `${shown} contains '@{', which git does not allow in branch names`;
  if (name.startsWith('/')) return `${shown} begins with '/', which git does not allow in branch names`;
  if (name.endsWith('/')) return `${shown} ends with '/', which git does not allow in branch names`;
  if (name.includes('//')) return `${shown} contains '//', which git does not allow in branch names`;
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `${shown} has a part beginning with '.' ('${displayValue(part)}'), which git does not allow`;
    if (part.endsWith('.lock')) return `${shown} has a part ending with '.lock' ('${displayValue(part)}'), which git does not allow`;
  }
  if (name.endsWith('.')) return `${shown} ends with '.', which git does not allow in branch names`;
  return null;
}

/** git's rules, and no character outside letters, digits and `. _ - / +`. */
export function branchProblem(name: string): string | null {
  if (name === '') return gitBranchProblem(name);
  const shown = `branch '${displayValue(name)}'`;
  for (const char of name) {
    if (BRANCH_ALLOWED.test(char)) continue;
    if (isControlCharacter(char) || GIT_FORBIDDEN.has(char)) {
      return `${shown} contains ${describeChar(char)}, which git does not allow in branch names`;
    }
    return (
      `${shown} contains ${describeChar(char)}, which Flotilla refuses in branch names so it can never run as shell code ` +
      `(allowed: ${BRANCH_ALLOWED_TEXT})`
    );
  }
  return gitBranchProblem(name);
}
