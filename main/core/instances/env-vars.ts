import { FlotillaError } from '../../contract/errors';

/** Environment variable names a launch accepts: upper case, digits and underscores, not starting with a digit. */
export const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** What is wrong with each name or value, one line each (empty when all is well). */
export function envProblems(env: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) {
      const hint = ENV_NAME.test(name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')) ? `; try '${name.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}'` : '';
      problems.push(`environment variable name '${name}' must be upper-case letters, digits and _, not starting with a digit${hint}`);
    }
    if (typeof value !== 'string') problems.push(`environment variable ${name} must have a text value`);
    else if (value.includes('\0')) problems.push(`environment variable ${name} contains a NUL character, which a shell cannot hold`);
  }
  return problems;
}

export function requireValidEnv(env: Record<string, string>): void {
  const problems = envProblems(env);
  if (problems.length > 0) {
    throw new FlotillaError('invalid-input', `${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, { problems });
  }
}

/** `['A=1', 'B=x=y']` → `{ A: '1', B: 'x=y' }`, for the command line; throws on an entry without `=`. */
export function parseEnvAssignments(entries: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) {
      throw new FlotillaError('invalid-input', `'${entry}' is not KEY=VALUE; write it as NAME=value, like API_URL=https://example.com.`, { entry });
    }
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  requireValidEnv(env);
  return env;
}
