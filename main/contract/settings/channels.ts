import { serviceChannels } from '../service-channels';
import type { SettingsApi } from './api';

/** The settings service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const settingsChannels = serviceChannels<SettingsApi>()('settings', [
  'get',
  'update',
  'validate',
  'importIni',
  'chooseTerminal',
] as const);
