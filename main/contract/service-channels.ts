/**
 * A service's channel names, from its method names: `serviceChannels<InstancesApi>()('instances',
 * ['list', ...] as const)` answers `['instances.list', ...]`. The compiler rejects a name that is not
 * a method of the interface; channels.ts rejects a method left out. Plain data: no zod.
 */
export function serviceChannels<Api>() {
  return <S extends string, const M extends Extract<keyof Api, string>>(service: S, methods: readonly M[]): Array<`${S}.${M}`> =>
    methods.map((method) => `${service}.${method}` as const);
}

/** `service.method` for every method of every service of `Api`. */
export type ChannelOf<Api> = { [S in Extract<keyof Api, string>]: `${S}.${Extract<keyof Api[S], string>}` }[Extract<keyof Api, string>];

/** The method a channel names. */
type MethodIn<Api, C> = C extends `${infer S}.${infer M}` ? (S extends keyof Api ? (M extends keyof Api[S] ? Api[S][M] : never) : never) : never;

/** The one input object of a channel's method. */
export type InputIn<Api, C> = MethodIn<Api, C> extends (input: infer I) => unknown ? I : never;

/** What a channel's method resolves to. */
export type OutputIn<Api, C> = MethodIn<Api, C> extends (...args: never[]) => Promise<infer O> ? O : never;
