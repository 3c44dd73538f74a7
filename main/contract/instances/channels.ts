import { serviceChannels } from '../service-channels';
import type { InstancesApi } from './api';

/** The instances service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const instancesChannels = serviceChannels<InstancesApi>()('instances', [
  'list',
  'get',
  'resolveLaunch',
  'preflight',
  'launch',
  'waitReady',
  'extend',
  'pin',
  'unpin',
  'terminate',
  'sweep',
  'sshCommand',
  'openSsh',
  'openUrl',
  'consoleOutput',
  'diagnose',
] as const);
