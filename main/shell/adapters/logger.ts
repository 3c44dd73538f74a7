import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../core/ports';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface ShellLogger extends Logger {
  /** Flushes and closes the log file. */
  close(): Promise<void>;
}

/** The part of `console` the logger writes to. */
export type ConsoleLike = Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;

export interface LoggerOptions {
  /** Appends one line per entry to this file (its folder is created); console only when omitted. */
  file?: string;
  /** Entries below this level are dropped. */
  level?: LogLevel;
  console?: ConsoleLike;
  now?: () => Date;
}

/** Parses `FLOTILLA_LOG_LEVEL`-style text; anything unknown is `info`. */
export function parseLogLevel(value: string | undefined): LogLevel {
  return value === 'debug' || value === 'info' || value === 'warn' || value === 'error' ? value : 'info';
}

/** One line: `<ISO time> <LEVEL> <message> <fields as JSON>`; Errors become their stack. */
export function formatLogLine(time: Date, level: LogLevel, message: string, fields?: Record<string, unknown>): string {
  const head = `${time.toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
  if (!fields || Object.keys(fields).length === 0) return head;
  return `${head} ${JSON.stringify(fields, (_key, value: unknown) => (value instanceof Error ? (value.stack ?? String(value)) : value))}`;
}

/** The shell's Logger: to the console and, when given a file, appended to it. */
export function createLogger(options: LoggerOptions = {}): ShellLogger {
  const out = options.console ?? console;
  const now = options.now ?? (() => new Date());
  const min = rank[options.level ?? 'info'];
  let stream: WriteStream | null = null;
  if (options.file) {
    try {
      mkdirSync(path.dirname(options.file), { recursive: true });
      stream = createWriteStream(options.file, { flags: 'a' });
      stream.on('error', (error) => {
        out.error(`flotilla: cannot write the log file ${options.file}: ${String(error)}`);
        stream = null;
      });
    } catch (error) {
      out.error(`flotilla: cannot open the log file ${options.file}: ${String(error)}`);
    }
  }
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    if (rank[level] < min) return;
    const line = formatLogLine(now(), level, message, fields);
    out[level](line);
    stream?.write(`${line}\n`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    close: () =>
      new Promise<void>((resolve) => {
        const open = stream;
        stream = null;
        if (!open) return resolve();
        open.end(() => resolve());
      }),
  };
}
