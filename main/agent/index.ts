import { parseArgs } from 'node:util';
import { FlotillaError } from '../contract/errors';
import { HookFailed } from '../core/revisions';
import { jumpBackCommand, jumpCommand, listCommand, purgeCommand, spoolCommand, syncCommand, type AgentIo, type Flags } from './commands';
import { ConfigError, type Env } from './environment';
import { help } from './help';

/**
 * `flotilla-agent`: FTL's command line on a server (spool, list, sync, jump, jump-back, purge),
 * configured by FTL_BUCKET, FTL_ROOT and the AWS_* variables. Exit codes: 0 ok, a failed hook's
 * own code, 1 for anything else (usage included).
 */

class UsageError extends Error {}

const options = {
  master: { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  keep: { type: 'string' },
  concurrency: { type: 'string' },
  'hook-timeout': { type: 'string' },
  'lock-wait': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Option = keyof typeof options;

const commands: Record<string, { options: Option[]; args: [min: number, max: number]; usage: string }> = {
  spool: { options: ['quiet'], args: [1, 1], usage: 'spool <file|folder>' },
  list: { options: ['master', 'json'], args: [0, 1], usage: 'list [--master] [<package>]' },
  sync: { options: ['keep', 'concurrency', 'hook-timeout', 'lock-wait', 'json'], args: [0, 0], usage: 'sync' },
  jump: { options: ['master', 'hook-timeout', 'lock-wait'], args: [1, 1], usage: 'jump [--master] <package>.<rev>' },
  'jump-back': { options: ['master', 'hook-timeout', 'lock-wait'], args: [1, 1], usage: 'jump-back [--master] <package>' },
  purge: { options: ['master'], args: [1, 1], usage: 'purge --master <package>.<rev>' },
};

export const processIo: AgentIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  write: (stream, text) => (stream === 'out' ? process.stdout : process.stderr).write(text),
  progress: (() => {
    let lastLine = 0;
    return (text: string, final: boolean) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
      else if (final || Date.now() - lastLine >= 2000) {
        lastLine = Date.now();
        process.stderr.write(text + '\n');
      }
    };
  })(),
};

export async function main(argv: string[], io: AgentIo = processIo, env: Env = process.env): Promise<number> {
  try {
    return await run(argv, io, env);
  } catch (error) {
    if (error instanceof HookFailed) {
      io.err(`flotilla-agent: ${error.message}`);
      return error.failure.exitCode || 1;
    }
    const parseError = error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
    const known = error instanceof UsageError || error instanceof ConfigError || error instanceof FlotillaError || parseError;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`flotilla-agent: ${message}${parseError ? '. See flotilla-agent --help.' : ''}`);
    if (!known && env.FTL_DEBUG && error instanceof Error) io.err(error.stack ?? '');
    return 1;
  }
}

async function run(argv: string[], io: AgentIo, env: Env): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  if (!command) {
    io.out(help['']!);
    return values.help ? 0 : 1;
  }
  const spec = commands[command];
  if (!spec) throw new UsageError(`unknown command '${command}'. The commands are ${Object.keys(commands).join(', ')}; see flotilla-agent --help.`);
  if (values.help) return io.out(help[command]!), 0;
  const extra = (Object.keys(values) as Option[]).filter((k) => k !== 'help' && !spec.options.includes(k));
  if (extra.length) throw new UsageError(`${command} does not take --${extra[0]}. See flotilla-agent ${command} --help.`);
  if (args.length < spec.args[0] || args.length > spec.args[1]) {
    throw new UsageError(`usage: flotilla-agent ${spec.usage}. See flotilla-agent ${command} --help.`);
  }
  if (command === 'purge' && !values.master) {
    throw new UsageError('purge only removes revisions from the bucket: flotilla-agent purge --master <package>.<rev>.');
  }
  const flags: Flags = {
    master: values.master ?? false,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    keep: count(values.keep, '--keep', 0),
    concurrency: count(values.concurrency, '--concurrency', 1),
    hookTimeoutMs: seconds(values['hook-timeout'], '--hook-timeout'),
    lockWaitMs: seconds(values['lock-wait'], '--lock-wait'),
  };
  const [arg] = args;
  switch (command) {
    case 'spool':
      return spoolCommand(env, io, flags, arg!);
    case 'list':
      return listCommand(env, io, flags, arg);
    case 'sync':
      return syncCommand(env, io, flags);
    case 'jump':
      return jumpCommand(env, io, flags, arg!);
    case 'jump-back':
      return jumpBackCommand(env, io, flags, arg!);
    default:
      return purgeCommand(env, io, flags, arg!);
  }
}

function count(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${name} must be a whole number of at least ${min}, not '${value}'.`);
  return Number(value);
}

function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || n < 0) throw new UsageError(`${name} takes seconds (e.g. 30 or 0.5), not '${value}'.`);
  return Math.round(n * 1000);
}
