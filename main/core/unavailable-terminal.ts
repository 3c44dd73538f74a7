import { FlotillaError } from '../contract/errors';
import type { Terminal } from './ports';

/** Until the desktop-integration work adds a terminal launcher per OS: typed, failing plainly. */
export const unavailableTerminal: Terminal = {
  run: async () => {
    throw new FlotillaError('unavailable', 'Opening a terminal is not available yet; copy the SSH command instead.');
  },
};
