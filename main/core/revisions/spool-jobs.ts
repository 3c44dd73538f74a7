import { randomUUID } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import type { SpoolStarted } from '../../contract/dto/revisions';
import { FlotillaError, isFlotillaErrorLike, type ContractError } from '../../contract/errors';
import type { RevisionsEventMap } from '../../contract/revisions-api';
import type { Emit } from '../event-bus';
import type { Logger } from '../ports';
import type { RevisionsService } from './service';
import { checkSpoolable } from './spoolable';

export type RevisionsEmit = Emit<RevisionsEventMap>;

export interface SpoolJobsDeps {
  /** The service for the current settings; throws (no bucket, ...) before a spool starts. */
  service(): RevisionsService;
  emit: RevisionsEmit;
  logger: Logger;
  /** For `~/...` paths. */
  home?: string;
  /** Aborted when the core closes: every running spool is cancelled. */
  signal?: AbortSignal;
  /** Spools running at once (default 4). */
  maxRunning?: number;
}

export const MAX_RUNNING_SPOOLS = 4;

/**
 * Spools in the background: `start` checks the path and the bucket, then answers a spoolId at once;
 * progress goes out as `revisions.spoolProgress`, the outcome as one `revisions.spoolDone` (and,
 * when a revision was stored, `revisions.changed`). `cancel` aborts one through its signal.
 */
export function createSpoolJobs(deps: SpoolJobsDeps) {
  const running = new Map<string, AbortController>();

  async function run(spoolId: string, path: string, service: RevisionsService, controller: AbortController): Promise<void> {
    try {
      const result = await service.spool({
        path,
        signal: controller.signal,
        onProgress: (progress) => deps.emit('revisions.spoolProgress', { spoolId, path, ...progress }),
      });
      deps.emit('revisions.spoolDone', { spoolId, path, ok: true, result });
      deps.emit('revisions.changed', { package: result.package, reason: 'spool' });
    } catch (error) {
      const cancelled = controller.signal.aborted;
      deps.emit('revisions.spoolDone', { spoolId, path, ok: false, cancelled, error: toContractError(error, path, deps.logger) });
    } finally {
      running.delete(spoolId);
    }
  }

  return {
    async start(input: { path: string }): Promise<SpoolStarted> {
      const { path } = await checkSpoolable(absolutePath(input.path, deps.home));
      const service = deps.service();
      const max = deps.maxRunning ?? MAX_RUNNING_SPOOLS;
      if (running.size >= max) {
        throw new FlotillaError('invalid-input', `${running.size} spools are already running. Wait for one to finish, or cancel one, then spool ${path}.`, {
          running: running.size,
        });
      }
      if (deps.signal?.aborted) throw new FlotillaError('unavailable', 'Flotilla is shutting down; spool again after it restarts.');
      const spoolId = randomUUID();
      const controller = new AbortController();
      const onClose = () => controller.abort();
      deps.signal?.addEventListener('abort', onClose, { once: true });
      running.set(spoolId, controller);
      void run(spoolId, path, service, controller).finally(() => deps.signal?.removeEventListener('abort', onClose));
      deps.logger.info('revisions: spool started', { spoolId, path });
      return { spoolId, path };
    },
    cancel(input: { spoolId: string }): { cancelled: boolean } {
      const controller = running.get(input.spoolId);
      if (!controller || controller.signal.aborted) return { cancelled: false };
      controller.abort();
      return { cancelled: true };
    },
  };
}

/** `~/x` under home; anything else must be absolute (the app has no working folder of yours). */
export function absolutePath(raw: string, home?: string): string {
  const path = raw.trim();
  if (home && (path === '~' || path.startsWith('~/'))) return resolve(join(home, path.slice(1)));
  if (!isAbsolute(path)) {
    throw new FlotillaError(
      'invalid-input',
      `'${path}' is a relative path. Type the full path of the file or folder to spool, e.g. ${home ? join(home, 'dist', 'my_site.tar.gz') : '/home/you/dist/my_site.tar.gz'}.`,
      { field: 'path', path },
    );
  }
  return resolve(path);
}

function toContractError(error: unknown, path: string, logger: Logger): ContractError {
  if (isFlotillaErrorLike(error)) {
    return error.data === undefined ? { code: error.code, message: error.message } : { code: error.code, message: error.message, data: error.data };
  }
  logger.error('revisions: spool failed unexpectedly', { path, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  const reason = (error as NodeJS.ErrnoException | undefined)?.code;
  return {
    code: 'internal',
    message: `Spooling ${path} failed unexpectedly${reason ? ` (${reason})` : ''}; nothing was released. The details are in Flotilla's log.`,
  };
}
