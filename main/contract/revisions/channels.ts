import { serviceChannels } from '../service-channels';
import type { RevisionsApi } from './api';

/** The revisions service's channels, in the order the preload and browser mode list them (no zod here: the preload imports this). */
export const revisionsChannels = serviceChannels<RevisionsApi>()('revisions', [
  'packages',
  'revisions',
  'jump',
  'jumpBack',
  'spool',
  'cancelSpool',
  'drift',
] as const);
