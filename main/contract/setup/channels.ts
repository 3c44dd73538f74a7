import { serviceChannels } from '../service-channels';
import type { SetupApi } from './api';

/** The setup service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const setupChannels = serviceChannels<SetupApi>()('setup', [
  'connection',
  'checklist',
] as const);
