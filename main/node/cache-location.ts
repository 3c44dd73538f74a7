import path from 'node:path';

/**
 * Flotilla's cache folder, shared by the desktop app, browser mode and the CLI (nothing in it is a
 * secret, and all of it can be deleted): `$FLOTILLA_CACHE_DIR` if set, else the OS cache folder's
 * `flotilla` (as env-paths names it: `$XDG_CACHE_HOME/flotilla` or ~/.cache/flotilla on Linux,
 * ~/Library/Caches/flotilla on macOS, %LOCALAPPDATA%\flotilla\Cache on Windows).
 */
export function cacheDir(env: Partial<Record<string, string>>, home: string, platform: NodeJS.Platform): string {
  const own = env.FLOTILLA_CACHE_DIR?.trim();
  if (own) return path.resolve(own);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'flotilla');
  if (platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), 'flotilla', 'Cache');
  return path.join(env.XDG_CACHE_HOME?.trim() || path.join(home, '.cache'), 'flotilla');
}

/** The live prices' cache file (core/prices/price-cache.ts). */
export function priceCacheFile(env: Partial<Record<string, string>>, home: string, platform: NodeJS.Platform): string {
  return path.join(cacheDir(env, home, platform), 'prices.json');
}
