import { serviceChannels } from '../service-channels';
import type { AgentsApi } from './api';

/** The agents service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const agentsChannels = serviceChannels<AgentsApi>()('agents', [
  'syncNow',
  'cancel',
  'jobs',
] as const);
