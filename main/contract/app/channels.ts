import { serviceChannels } from '../service-channels';
import type { AppApi } from './api';

/** The app service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const appChannels = serviceChannels<AppApi>()('app', [
  'info',
] as const);
