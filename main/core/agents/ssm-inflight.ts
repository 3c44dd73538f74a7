import { readFile } from 'node:fs/promises';
import { writePrivateJson } from '../credentials/sso-cache';
import type { Logger } from '../ports';

/** An SSM command Sync now sent and has not seen end: what a restarted core needs to follow it again. */
export interface InflightCommand {
  jobId: string;
  instanceId: string;
  region: string;
  commandId: string;
  /** When the instance's sync started (ms since the epoch). */
  startedAt: number;
}

const JOB_ID = /^[\w-]{1,64}$/;
const INSTANCE_ID = /^(i|mi)-[0-9a-f]{8,17}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const COMMAND_ID = /^[\w-]{1,64}$/;
/** More than this many is not a file this service wrote. */
const MOST = 1000;

function parse(value: unknown): InflightCommand | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const ok =
    typeof v.jobId === 'string' && JOB_ID.test(v.jobId) &&
    typeof v.instanceId === 'string' && INSTANCE_ID.test(v.instanceId) &&
    typeof v.region === 'string' && REGION.test(v.region) &&
    typeof v.commandId === 'string' && COMMAND_ID.test(v.commandId) &&
    typeof v.startedAt === 'number' && Number.isFinite(v.startedAt);
  return ok ? { jobId: v.jobId as string, instanceId: v.instanceId as string, region: v.region as string, commandId: v.commandId as string, startedAt: v.startedAt as number } : null;
}

export interface InflightFile {
  /** The commands saved by the last run; a missing, unreadable or malformed file is none (logged). */
  load(): Promise<InflightCommand[]>;
  add(command: InflightCommand): void;
  remove(jobId: string, instanceId: string): void;
  /** Resolves once every change so far is on disk. */
  idle(): Promise<void>;
}

/**
 * The SSM commands still running, kept in a JSON file (mode 600) so that after Flotilla restarts
 * the agents service follows them again instead of losing them. Writes are serialised; a failed
 * write is logged, and the sync goes on.
 */
export function createInflightFile(file: string | null, logger: Logger): InflightFile {
  const current = new Map<string, InflightCommand>();
  let writing: Promise<void> = Promise.resolve();
  const key = (jobId: string, instanceId: string) => `${jobId} ${instanceId}`;
  const save = () => {
    if (!file) return;
    const snapshot = [...current.values()];
    writing = writing.then(() => writePrivateJson(file, { version: 1, commands: snapshot })).catch((error: unknown) =>
      logger.warn('agents: could not save the SSM commands in flight', { file, error: String(error) }),
    );
  };
  return {
    async load() {
      if (!file) return [];
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn('agents: could not read the SSM commands in flight', { file, error: String(error) });
        return [];
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        logger.warn('agents: the file of SSM commands in flight is not JSON; ignoring it', { file });
        return [];
      }
      const list = (data as { commands?: unknown } | null)?.commands;
      if (!Array.isArray(list) || list.length > MOST) {
        logger.warn('agents: the file of SSM commands in flight has no usable list; ignoring it', { file });
        return [];
      }
      const commands = list.map(parse).filter((c): c is InflightCommand => c !== null);
      if (commands.length < list.length) logger.warn('agents: ignored malformed entries in the file of SSM commands in flight', { file, ignored: list.length - commands.length });
      for (const c of commands) current.set(key(c.jobId, c.instanceId), c);
      return commands;
    },
    add(command) {
      current.set(key(command.jobId, command.instanceId), command);
      save();
    },
    remove(jobId, instanceId) {
      if (current.delete(key(jobId, instanceId))) save();
    },
    idle: () => writing,
  };
}
