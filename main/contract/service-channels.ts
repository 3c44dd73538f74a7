/**
 * A service's channel names, from its method names: `serviceChannels<InstancesApi>()('instances',
 * ['list', ...] as const)` answers `['instances.list', ...]`. The compiler rejects a name that is not
 * a method of the interface; channels.ts rejects a method left out. Plain data: no zod.
 */
export function serviceChannels<Api>() {
  return <S extends string, const M extends Extract<keyof Api, string>>(service: S, methods: readonly M[]): Array<`${S}.${M}`> =>
    methods.map((method) => `${service}.${method}` as const);
}
