import type { PreflightItem } from '../../contract/instances/launch-dto';
import { errorData, FlotillaError } from '../../contract/errors';
import type { CommandName } from '../command-specs';
import { UsageError, type Output } from '../context';
import { commandHelp } from '../help';

/**
 * Runs a command: help, usage errors and inputs the contract refuses (2), other FlotillaErrors (1),
 * printed the way a shell user expects.
 */
export async function runInstancesCommand(command: CommandName, argv: string[], io: Output, body: () => Promise<number>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(commandHelp(command));
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
      // The contract's schema refused an argument before anything ran: bad usage.
      if (error.code === 'bad-request') return 2;
      const problems = errorData(error, 'invalid-input')?.problems ?? [];
      if (problems.length > 1) for (const p of problems) io.err(`  - ${p.text}`);
      // The core refused the typed input itself (e.g. launch's region, checked with every other
      // field in one round before any AWS call): bad usage too.
      return error.code === 'invalid-input' ? 2 : 1;
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
