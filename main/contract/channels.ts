import type { FlotillaApi } from './api';

export type ServiceName = keyof FlotillaApi;

/** `service.method` for every method of every service. */
export type Channel = {
  [S in ServiceName]: `${S}.${Extract<keyof FlotillaApi[S], string>}`;
}[ServiceName];

type Method<C extends Channel> = C extends `${infer S extends ServiceName}.${infer M}`
  ? M extends keyof FlotillaApi[S]
    ? FlotillaApi[S][M]
    : never
  : never;

export type InputOf<C extends Channel> = Method<C> extends (input: infer I) => unknown ? I : never;
export type OutputOf<C extends Channel> = Method<C> extends (...args: never[]) => Promise<infer O> ? O : never;

/**
 * Every channel, as data: the preload, the IPC registration and browser mode loop over this.
 * The compiler rejects an entry that is not a method (satisfies) and a method left out (below).
 */
export const channels = [
  'app.info',
  'projects.list',
  'projects.get',
  'projects.preview',
  'settings.get',
  'settings.update',
  'settings.validate',
  'settings.importIni',
  'settings.chooseTerminal',
  'credentials.list',
  'credentials.select',
  'credentials.saveKey',
  'credentials.rotateKey',
  'credentials.deleteKey',
  'credentials.ssoLogin',
  'credentials.cancelSsoLogin',
  'credentials.test',
  'instances.list',
  'instances.get',
  'instances.resolveLaunch',
  'instances.preflight',
  'instances.launch',
  'instances.waitReady',
  'instances.extend',
  'instances.pin',
  'instances.unpin',
  'instances.terminate',
  'instances.sweep',
  'instances.sshCommand',
  'instances.openSsh',
  'instances.openUrl',
  'instances.consoleOutput',
  'instances.diagnose',
  'revisions.packages',
  'revisions.revisions',
  'revisions.jump',
  'revisions.jumpBack',
  'revisions.spool',
  'revisions.cancelSpool',
  'revisions.drift',
  'agents.syncNow',
  'agents.cancel',
  'agents.jobs',
  'setup.connection',
  'setup.checklist',
] as const satisfies readonly Channel[];

type Missing = Exclude<Channel, (typeof channels)[number]>;
// If this line fails to compile, a method of FlotillaApi is missing from `channels`.
export const channelsComplete: [Missing] extends [never] ? true : Missing = true;

export function isChannel(value: string): value is Channel {
  return (channels as readonly string[]).includes(value);
}

export function splitChannel(channel: Channel): [ServiceName, string] {
  const dot = channel.indexOf('.');
  return [channel.slice(0, dot) as ServiceName, channel.slice(dot + 1)];
}
