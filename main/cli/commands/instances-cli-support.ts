import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PreflightItem } from '../../contract/dto/instances';
import { FlotillaError } from '../../contract/errors';
import { UsageError, type Output } from '../context';

/** Help for the Instances commands, for `flotilla --help` and `flotilla <command> --help`. */
export const instancesHelp: Record<string, string> = {
  launch: `Usage: flotilla launch <project> --user U --branch B [--count N] [--ttl 4h] [--region R] [--wait]
                       [--type T] [--key-pair K] [--security-group sg-…] [--root-volume-size GiB]
                       [--env KEY=VALUE]... [--json]

Checks everything first (template, credentials, branch, image, type, key pair, security group,
budget, a dry run), then launches N (1-20) instances of the project for GitHub user U's branch B.
They terminate themselves at the end of the TTL (default from the project or settings).
  --wait   wait until each answers its ready-url (or fails), and print why not
  --root-volume-size   root volume GiB, at least the image's (default: the project's, else the image's)
Exit codes: 0 all launched (and ready with --wait), 1 a check failed or some did not start, 2 bad usage.`,
  ls: `Usage: flotilla ls [--json] [--mine] [--project P] [--region R]...

Lists the team's live Flotilla instances (from EC2 tags) in the selected regions.
Exit codes: 0, or 1 when a region could not be listed (the others still are).`,
  extend: `Usage: flotilla extend <instance-id> <duration> [--region R]

Moves the instance's expiry <duration> (like 90m, 4h, 2d) past its current one.`,
  terminate: `Usage: flotilla terminate <instance-id>... [--region R]

Terminates Flotilla instances (others are refused). Exit 1 if any was refused.`,
  sweep: `Usage: flotilla sweep

Terminates every Flotilla instance whose expiry has passed, in the selected regions.`,
};

/** Parses argv strictly; a mistake is a UsageError naming the help to read. */
export function parseCommand<T extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\.$/, '')}. See flotilla ${command} --help.`);
  }
}

/** Runs a command: help, usage errors (2) and FlotillaErrors (1) printed the way a shell user expects. */
export async function runInstancesCommand(command: string, argv: string[], io: Output, body: () => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(instancesHelp[command]!);
    return 0;
  }
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`flotilla ${command}: ${error.message}`);
      return 2;
    }
    if (error instanceof FlotillaError) {
      io.err(`flotilla ${command}: ${error.message}`);
      const problems = (error.data as { problems?: unknown[] } | undefined)?.problems;
      if (Array.isArray(problems) && problems.length > 1) for (const p of problems) io.err(`  - ${typeof p === 'string' ? p : (p as { text?: string }).text ?? ''}`);
      return 1;
    }
    throw error;
  }
}

const MARK: Record<PreflightItem['status'], string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip', pending: '... ', running: '... ' };

export function printChecklist(items: readonly PreflightItem[], io: Output): void {
  for (const item of items) {
    const line = `  ${MARK[item.status]} ${item.label}${item.message ? `: ${item.message}` : ''}`;
    if (item.status === 'fail' || item.status === 'warn') io.err(line);
    else io.out(line);
  }
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

export function usd(value: number | null, digits = 2): string {
  return value === null ? '-' : `$${value.toFixed(digits)}`;
}
