import type { NoInput } from '../api';
import type { AppInfo } from './dto';

/** What is running: version, platform, mode and tray state. */
export interface AppApi {
  info(input: NoInput): Promise<AppInfo>;
}
