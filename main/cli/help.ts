import { parseArgs } from 'node:util';
import { COMMANDS, type CommandName, type CommandSpec, type OptionSpec, type ValuesOf } from './command-specs';
import { UsageError } from './context';

const WIDTH = 100;

function optionUsage(name: string, option: OptionSpec): string {
  const flag = option.arg ? `--${name} ${option.arg}` : `--${name}`;
  return option.required ? flag : `[${flag}]${option.multiple ? '...' : ''}`;
}

/** `flotilla launch <project> --user U ...`, wrapped at WIDTH with continuation lines under the first option. */
export function usageLine(command: CommandName, prefix = ''): string {
  const spec: CommandSpec = COMMANDS[command];
  const head = `${prefix}${command}${spec.args ? ` ${spec.args}` : ''}`;
  const indent = ' '.repeat(head.length + 1);
  const lines = [head];
  for (const part of Object.entries(spec.options).map(([name, option]) => optionUsage(name, option))) {
    const last = lines.length - 1;
    if (lines[last]!.length + 1 + part.length > WIDTH && lines[last]!.trim() !== '') lines.push(indent + part);
    else lines[last] += ` ${part}`;
  }
  return lines.join('\n');
}

function table(rows: Array<[string, string]>, indent = '  '): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`).join('\n');
}

/** `flotilla <command> --help`: usage, what it does, every option, exit codes. */
export function commandHelp(command: CommandName): string {
  const spec: CommandSpec = COMMANDS[command];
  const rows: Array<[string, string]> = Object.entries(spec.options).map(([name, option]) => [
    `--${name}${option.arg ? ` ${option.arg}` : ''}`,
    `${option.help}${option.required ? ' (required)' : ''}`,
  ]);
  rows.push(['-h, --help', 'this help']);
  return `Usage: ${usageLine(command, 'flotilla ')}\n\n${spec.about}\n\nOptions:\n${table(rows)}\n\nExit codes: ${spec.exitCodes}`;
}

/** `flotilla --help`: every command with every option, from the same table. */
export function topHelp(): string {
  const commands = (Object.keys(COMMANDS) as CommandName[])
    .map((command) => `${usageLine(command, '  ')}\n      ${COMMANDS[command].summary}`)
    .join('\n');
  return [
    'flotilla: a control panel for short-lived EC2 instances and S3-hosted releases',
    '',
    'Usage: flotilla <command> [options]',
    '',
    'Commands:',
    commands,
    '',
    'Options:',
    table([
      ['--dir D', 'folder of <id>.sh / <id>.sh.njk templates (default: ./projects, or FLOTILLA_PROJECTS_DIR)'],
      ['-h, --help', 'help for a command (flotilla <command> --help)'],
      ['-v, --version', "Flotilla's version"],
    ]),
    '',
    'Settings: the one file the desktop app and browser mode use too (flotilla config show says where).',
    'Exit codes: 0 ok, 1 problems found or failure, 2 bad usage or a refused render.',
  ].join('\n');
}

type Values = Record<string, string | boolean | string[] | undefined>;

/**
 * Parses a command's arguments strictly against its table; a mistake, or a required option left
 * out, is a UsageError naming the help to read. With --help, required options are not checked.
 */
export function parseCommandLine<C extends CommandName>(command: C, argv: string[]): { values: ValuesOf<C>; positionals: string[] } {
  const spec: CommandSpec = COMMANDS[command];
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type, ...(o.multiple ? { multiple: true } : {}) }]));
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\.$/, '')}. See flotilla ${command} --help.`);
  }
  if (!parsed.values.help) {
    const missing = Object.entries(spec.options).filter(([name, o]) => o.required && !parsed.values[name]).map(([name]) => `--${name}`);
    if (missing.length) throw new UsageError(`${command} needs ${missing.join(' and ')}. See flotilla ${command} --help.`);
  }
  return { values: parsed.values as ValuesOf<C>, positionals: parsed.positionals };
}
