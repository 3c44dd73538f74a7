import type { LaunchEnvSource } from '../../contract/instances/launch-dto';
import { FlotillaError } from '../../contract/errors';
import { shq } from '../projects/shell-quote';
import { referenceRegion, referenceText, type EnvReference } from './env-references';
import { isShellVariable, SHELL_VARIABLE_REASON } from './env-vars';

/** Where the boot prelude writes the launch's environment on the instance (root only, mode 600). */
export const RUNTIME_ENV_FILE = '/etc/flotilla/env';

/** Interpreters the prelude (POSIX sh) can be written into. */
const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'mksh', 'zsh']);

/** The program a `#!` line runs (`bash` for `#!/usr/bin/env bash`), or null without one. */
export function interpreterOf(script: string): string | null {
  const line = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(script);
  if (!line) return null;
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const program = base(line[1]!);
  return program === 'env' && line[2] ? base(line[2]) : program;
}

export function isShellScript(script: string): boolean {
  return SHELLS.has(interpreterOf(script) ?? '');
}

/**
 * A value as the env file holds it: in double quotes, with backslash, `"`, `$` and backtick
 * escaped by a backslash. A POSIX shell (`. /etc/flotilla/env`) and systemd's EnvironmentFile=
 * read that back to the same value (newlines, `'`, `%` and spaces included). Single quotes would
 * not do for systemd: it reads `'it'\''s'` as it''s' (after a closing quote, the escaped quote
 * and the next one are literal). systemd's rules: src/basic/env-file.c, parse_env_file_internal
 * (in double quotes a backslash escapes only SHELL_NEED_ESCAPE, the same four characters).
 */
export function envFileQuote(value: string): string {
  return `"${value.replace(/[\\"$`]/g, '\\$&')}"`;
}

/** The command that prints one reference's value on the instance, with the instance's role. */
function fetchCommand(reference: EnvReference, region: string): string {
  const where = `--region ${shq(referenceRegion(reference, region))} --output text`;
  return reference.kind === 'ssm'
    ? `aws ssm get-parameter --with-decryption --name ${shq(reference.name)} --query Parameter.Value ${where}`
    : `aws secretsmanager get-secret-value --secret-id ${shq(reference.name)} --query SecretString ${where}`;
}

function fetchFailure(key: string, reference: EnvReference, region: string): string {
  const at = referenceRegion(reference, region);
  const permission = reference.kind === 'ssm' ? 'ssm:GetParameter (and kms:Decrypt for a SecureString)' : 'secretsmanager:GetSecretValue';
  return `${key}: could not read ${referenceText(reference)} in ${at} (the aws error is above); check that it exists there and that the instance profile's role may ${permission}`;
}

const INSTALL_CLI = `PATH="$PATH:/usr/local/bin:/snap/bin"
if ! command -v aws >/dev/null 2>&1; then
  echo 'flotilla: installing the AWS CLI to read the runtime configuration' >&2
  if command -v snap >/dev/null 2>&1; then snap install aws-cli --classic >/dev/null 2>&1 || true; fi
  if ! command -v aws >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q awscli; } >/dev/null 2>&1 || true
  fi
  if ! command -v aws >/dev/null 2>&1 && command -v dnf >/dev/null 2>&1; then dnf install -y -q awscli >/dev/null 2>&1 || true; fi
  command -v aws >/dev/null 2>&1 || flotilla_fail 'the AWS CLI is not installed and could not be installed (snap, apt-get, dnf); use an image that has the aws command to read ssm: and secretsmanager: values'
fi
`;

/**
 * POSIX sh run first by the project's script (right after its `#!` line): writes every variable of
 * the launch to `envFile` (mode 600; plain values shell-quoted, references fetched here with the
 * AWS CLI and the instance's role), then loads the file so the script sees them as shell
 * variables. A fetch that fails stops the boot with a message naming the key and the parameter,
 * never a value. Tracing (`#!/bin/bash -x`) is off while it runs, so no value reaches the console.
 */
export function envPrelude(values: Readonly<Record<string, string>>, sources: readonly LaunchEnvSource[], region: string, envFile = RUNTIME_ENV_FILE): string {
  const dir = envFile.slice(0, envFile.lastIndexOf('/')) || '/';
  const hasReference = sources.some((s) => s.reference);
  const lines = [
    '# Flotilla: the launch\'s environment, written to a root-only file and loaded (references are read here with the instance role).',
    'case $- in *x*) flotilla_xtrace=1; set +x ;; *) flotilla_xtrace= ;; esac',
    `flotilla_env_file=${shq(envFile)}`,
    'flotilla_fail() {',
    "  printf 'flotilla: the boot stopped: %s\\n' \"$1\" >&2",
    '  logger -t flotilla "the boot stopped: $1" 2>/dev/null || true',
    '  rm -f "$flotilla_env_file.tmp"',
    '  exit 1',
    '}',
    // envFileQuote on the instance, for a fetched value.
    'flotilla_quote() { printf \'"%s"\' "$(printf \'%s\' "$1" | sed \'s/[\\\\"$`]/\\\\&/g\')"; }',
    ...(hasReference ? [INSTALL_CLI.trimEnd()] : []),
    'flotilla_umask=$(umask)',
    'umask 077',
    `mkdir -p ${shq(dir)} && : > "$flotilla_env_file.tmp" || flotilla_fail "cannot write $flotilla_env_file.tmp"`,
  ];
  for (const source of sources) {
    const { key, reference } = source;
    if (!reference) {
      lines.push(`printf '%s\\n' ${shq(`${key}=${envFileQuote(values[key] ?? '')}`)} >> "$flotilla_env_file.tmp"`);
      continue;
    }
    lines.push(`flotilla_value=$(${fetchCommand(reference, region)}) || flotilla_fail ${shq(fetchFailure(key, reference, region))}`);
    lines.push(`printf '%s=%s\\n' ${shq(key)} "$(flotilla_quote "$flotilla_value")" >> "$flotilla_env_file.tmp"`);
  }
  lines.push(
    'chmod 600 "$flotilla_env_file.tmp" && mv -f "$flotilla_env_file.tmp" "$flotilla_env_file" || flotilla_fail "cannot write $flotilla_env_file"',
    'umask "$flotilla_umask"',
    'unset flotilla_value flotilla_umask',
    'set -a',
    '. "$flotilla_env_file"',
    'set +a',
    'if [ -n "$flotilla_xtrace" ]; then set -x; fi',
    '# Flotilla: end of the runtime environment.',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The script with the prelude right after its `#!` line, when the launch has environment
 * variables. A script that a shell does not run gets none: it is refused when the env has a
 * reference (only the prelude can fetch one), and otherwise reads plain values from ENV only.
 */
export function withEnvPrelude(script: string, values: Readonly<Record<string, string>>, sources: readonly LaunchEnvSource[], region: string, envFile = RUNTIME_ENV_FILE): string {
  if (sources.length === 0) return script;
  // The launch and the env file refuse these names already; a value that reached here another way must not either.
  const shellVariables = sources.filter((s) => isShellVariable(s.key)).map((s) => s.key);
  if (shellVariables.length > 0) {
    throw new FlotillaError('invalid-input', `${shellVariables.join(', ')} ${shellVariables.length === 1 ? 'is' : 'are'} ${SHELL_VARIABLE_REASON}.`, { keys: shellVariables });
  }
  if (!isShellScript(script)) {
    const references = sources.filter((s) => s.reference).map((s) => s.key);
    if (references.length === 0) return script;
    const program = interpreterOf(script);
    throw new FlotillaError(
      'invalid-input',
      `${references.join(', ')} ${references.length === 1 ? 'is' : 'are'} read from AWS at boot, which needs a shell script: the template's first line ` +
        `${program ? `runs ${program}` : 'is not a #! line'}. Start it with #!/bin/bash, or give plain values instead of ssm:/secretsmanager: references.`,
      { keys: references },
    );
  }
  const end = script.indexOf('\n');
  if (end < 0) return `${script}\n${envPrelude(values, sources, region, envFile)}`;
  return `${script.slice(0, end + 1)}${envPrelude(values, sources, region, envFile)}${script.slice(end + 1)}`;
}
