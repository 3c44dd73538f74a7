import type { FlotillaApi } from './api';
import { isChannel, splitChannel, type Channel } from './channels';
import { fail, isFlotillaErrorLike, ok, type Result } from './errors';
import { methodSchemas } from './methods';

export interface DispatchOptions {
  /** Called with anything that was not a FlotillaError; the caller answers `internal`. */
  onUnexpectedError(channel: string, error: unknown): void;
}

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

/** Turns a raw `(channel, payload)` from any transport into a validated call on the API. */
export function createDispatcher(api: FlotillaApi, options: DispatchOptions): Dispatch {
  return async (channel, payload) => {
    if (!isChannel(channel)) return fail('not-found', `There is no method '${channel}'.`, { channel });
    const parsed = methodSchemas[channel].safeParse(payload ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? '';
      const where = field ? `field '${field}'` : 'payload';
      return fail('bad-request', `${channel}: ${where}: ${issue?.message ?? 'invalid'}`, {
        field,
        issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      });
    }
    try {
      return ok(await invoke(api, channel, parsed.data));
    } catch (error) {
      return toFailure(channel, error, options);
    }
  };
}

async function invoke(api: FlotillaApi, channel: Channel, input: unknown): Promise<unknown> {
  const [service, method] = splitChannel(channel);
  const target = api[service] as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  return target[method]!.call(target, input);
}

function toFailure(channel: string, error: unknown, options: DispatchOptions): Result<never> {
  if (isFlotillaErrorLike(error)) {
    return fail(error.code, error.message, error.data);
  }
  options.onUnexpectedError(channel, error);
  return fail('internal', `${channel} failed unexpectedly; the details are in Flotilla's log.`);
}
