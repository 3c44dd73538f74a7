import { errorProblem, FlotillaError } from '../../contract/errors';

/** Environment variable names a launch accepts: upper case, digits and underscores, not starting with a digit. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Names a shell acts on. The boot loads the launch's environment with `set -a` (env-prelude.ts), so
 * such a name would make the boot script (run as root) or every bash it starts act on the value:
 * bash expands BASH_ENV (command substitution included) and sources it in each non-interactive
 * bash, expands PS4 before each traced command, takes SHELLOPTS/BASHOPTS from its environment as
 * options (xtrace would print fetched secrets), and IFS changes how the script splits words.
 * https://www.gnu.org/software/bash/manual/html_node/Bash-Variables.html
 */
const SHELL_VARIABLES = new Set(['BASH_ENV', 'PS4', 'SHELLOPTS', 'BASHOPTS', 'IFS']);

/** Why a shell variable's name is refused, after "<NAME> is" / "<NAMES> are". */
export const SHELL_VARIABLE_REASON =
  'read by the shell that runs the boot script, which acts on it (BASH_ENV and PS4 run their value as code, SHELLOPTS and BASHOPTS switch on shell options, IFS changes how words split); give the value another name';

export function isShellVariable(name: string): boolean {
  return SHELL_VARIABLES.has(name);
}

/** What is wrong with each name or value, one line each (empty when all is well). */
export function envProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) {
      const hint = ENV_NAME.test(name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')) ? `; try '${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}'` : '';
      problems.push(`environment variable name '${name}' must be upper-case letters, digits and _, not starting with a digit${hint}`);
    } else if (isShellVariable(name)) problems.push(`environment variable ${name} is ${SHELL_VARIABLE_REASON}`);
    if (typeof value !== 'string') problems.push(`environment variable ${name} must have a text value`);
    else if (value.includes('\0')) problems.push(`environment variable ${name} contains a NUL character, which a shell cannot hold`);
  }
  return problems;
}

export function requireValidEnv(env: Record<string, string>): void {
  const problems = envProblems(env);
  if (problems.length > 0) {
    throw new FlotillaError('invalid-input', `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, { problems: problems.map((p) => errorProblem(p)) });
  }
}

/** `['A=1', 'B=x=y']` → `{ A: '1', B: 'x=y' }`, for the command line; throws on an entry without `=`. */
export function parseEnvAssignments(entries: readonly string[]): Record<string, string> {
  // Own keys only: `env['__proto__'] = ...` would change the prototype and drop the name unchecked.
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new FlotillaError('invalid-input', `'${entry}' is not KEY=VALUE; write it as NAME=value, like API_URL=https://example.com.`, { entry });
    }
    Object.defineProperty(env, entry.slice(0, eq), { value: entry.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  requireValidEnv(env);
  return env;
}
