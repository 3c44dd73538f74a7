import { serviceChannels } from '../service-channels';
import type { CredentialsApi } from './api';

/** The credentials service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const credentialsChannels = serviceChannels<CredentialsApi>()('credentials', [
  'list',
  'select',
  'saveKey',
  'rotateKey',
  'deleteKey',
  'ssoLogin',
  'cancelSsoLogin',
  'test',
] as const);
