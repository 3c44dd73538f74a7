import type { FlotillaApi } from '../../main/contract/api';
import type { ClientApi } from '../../main/contract/bridge';
import { channels, splitChannel, type Channel } from '../../main/contract/channels';
import { fail, FlotillaError } from '../../main/contract/errors';

type PartialServices<T> = { [S in keyof T]?: Partial<T[S]> };
type AnyMethod = (input: unknown) => Promise<unknown>;

/** Every channel the partial does not implement answers `missing(channel)`. */
function complete<T>(partial: PartialServices<T>, missing: (channel: Channel) => AnyMethod): T {
  const api: Record<string, Record<string, AnyMethod>> = {};
  for (const channel of channels) {
    const [service, method] = splitChannel(channel);
    const given = (partial as Record<string, Record<string, AnyMethod> | undefined>)[service]?.[method];
    (api[service] ??= {})[method] = given ?? missing(channel);
  }
  return api as T;
}

/** A core API for tests: what a test gives, plus methods that throw `unavailable` for the rest. */
export function fakeApi(partial: PartialServices<FlotillaApi>): FlotillaApi {
  return complete<FlotillaApi>(partial, (channel) => async () => {
    throw new FlotillaError('unavailable', `${channel} is not faked in this test`);
  });
}

/** A renderer-side client API for tests: what a test gives, plus methods answering `unavailable`. */
export function fakeClientApi<T extends PartialServices<ClientApi>>(partial: T): ClientApi & T {
  return complete<ClientApi>(partial, (channel) => async () => fail('unavailable', `${channel} is not faked in this test`)) as ClientApi & T;
}
