import type { FlotillaApi } from './api';
import type { ChannelOf, InputIn, OutputIn } from './service-channels';
import { appChannels } from './app/channels';
import { projectsChannels } from './projects/channels';
import { settingsChannels } from './settings/channels';
import { credentialsChannels } from './credentials/channels';
import { instancesChannels } from './instances/channels';
import { revisionsChannels } from './revisions/channels';
import { agentsChannels } from './agents/channels';
import { setupChannels } from './setup/channels';

export type ServiceName = keyof FlotillaApi;

/** `service.method` for every method of every service. */
export type Channel = ChannelOf<FlotillaApi>;

export type InputOf<C extends Channel> = InputIn<FlotillaApi, C>;
export type OutputOf<C extends Channel> = OutputIn<FlotillaApi, C>;

/**
 * Every channel, as data: the preload, the IPC registration and browser mode loop over this. Each
 * service lists its own (main/contract/<service>/channels.ts); the compiler rejects an entry that is
 * not a method (there) and a method left out (below). Free of zod: the preload bundles this file.
 */
export const channels = [
  ...appChannels,
  ...projectsChannels,
  ...settingsChannels,
  ...credentialsChannels,
  ...instancesChannels,
  ...revisionsChannels,
  ...agentsChannels,
  ...setupChannels,
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
