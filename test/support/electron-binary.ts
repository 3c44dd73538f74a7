/**
 * Where the Electron binary is, or why there is none, found WITHOUT fetching it.
 *
 * Electron 42+ has no postinstall: the binary is fetched the first time it is asked for
 * (electron docs/breaking-changes.md, "Behavior Changed: `electron` no longer downloads itself via
 * `postinstall` script", read at v45.0.0-nightly.20260821). Its node_modules/electron/index.js
 * (electron@45.5.0) reads `path.txt` and, when that file or `dist/<path.txt>` is missing, runs
 * `install.js` (a download from GitHub) from inside `require('electron')`. So the end-to-end suite
 * must not `require('electron')` to find out whether a binary is there: on a machine without
 * GitHub it would try a download at every collection and report the download's error. It reads
 * the same two files instead; `npx install-electron --no` (the package's own bin, named in that
 * breaking change) fetches the binary where that is wanted, as CI does.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { binary: string } | { reason: string };

/**
 * The binary node_modules/electron would run, as its index.js resolves it
 * (ELECTRON_OVERRIDE_DIST_PATH, else dist/<path.txt>), or why there is none.
 */
export function findElectronBinary(packageDir: string, env: Record<string, string | undefined> = process.env): ElectronBinary {
  if (!existsSync(path.join(packageDir, 'package.json'))) return { reason: `the electron package is not installed (no ${packageDir})` };
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const pathFile = path.join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH?.trim();
  if (override) {
    const binary = path.join(override, executable ?? 'electron');
    return existsSync(binary) ? { binary } : { reason: `ELECTRON_OVERRIDE_DIST_PATH names ${binary}, which does not exist` };
  }
  const fetchIt = `Electron ${version} fetches its binary on first run, not at install; \`npx install-electron --no\` fetches it`;
  if (executable === null || executable === '') return { reason: `node_modules/electron has no binary (no path.txt): ${fetchIt}` };
  const binary = path.join(packageDir, 'dist', executable);
  if (!existsSync(binary)) return { reason: `${binary} does not exist: ${fetchIt}` };
  return { binary };
}
