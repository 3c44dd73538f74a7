import type { FlotillaApi } from '../../contract/api';
import type { Output } from '../context';

/**
 * `flotilla config show [--json]`: where the one settings file is and the settings read from it
 * (as the desktop app and browser mode read them), then its warnings, such as another settings
 * file that differs and is ignored. Settings hold no secrets, only keychain references.
 */
export async function configShowCommand(api: FlotillaApi, json: boolean, io: Output): Promise<number> {
  const view = await api.settings.get({});
  if (json) {
    io.out(JSON.stringify(view, null, 2));
    return 0;
  }
  io.out(`Settings file: ${view.file}`);
  io.out(JSON.stringify(view.settings, null, 2));
  for (const warning of view.warnings) io.err(`warning: ${warning.text}`);
  return 0;
}
