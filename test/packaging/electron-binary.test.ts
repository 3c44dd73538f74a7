/**
 * How the `_electron` suite (test/e2e/electron/app.spec.ts) finds the Electron binary under
 * Electron 42+, where installing the package no longer downloads it.
 *
 * electron@45.5.0 node_modules/electron/package.json has no `scripts` (no postinstall) and ships
 * `install.js` as the `install-electron` bin; its index.js runs install.js (a download) from inside
 * `require('electron')` when path.txt or dist/<path.txt> is missing. electron
 * docs/breaking-changes.md at v45.0.0-nightly.20260821 (the newest v45 ref in the mirror; no v45.5.0
 * tag there), "Planned Breaking API Changes (42.0)": "Electron will now download itself dynamically
 * the first time that its main `bin` script is run", and "`ELECTRON_SKIP_BINARY_DOWNLOAD` ... is no
 * longer supported".
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { findElectronBinary } from '../support/electron-binary';

const root = path.resolve(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A node_modules/electron whose index.js would throw if anything required it (it must not be). */
function fakePackage(files: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'flotilla-electron-pkg-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), "throw new Error('index.js was required: it would download');");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('the installed electron package', () => {
  test('is 45.x, with no install-time download (no postinstall) and install-electron to fetch the binary', () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string; scripts?: Record<string, string>; bin?: Record<string, string> };
    expect(pkg.version).toMatch(/^45\./);
    expect(pkg.scripts?.postinstall).toBeUndefined();
    expect(pkg.scripts?.install).toBeUndefined();
    expect(pkg.bin?.['install-electron']).toBe('install.js');
    // index.js downloads on require when path.txt is missing: the suite must not require it to probe.
    expect(readFileSync(path.join(dir, 'index.js'), 'utf8')).toMatch(/path\.txt[\s\S]*downloadElectron\(\)/);
  });

  test('the project asks for Electron ^45', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies.electron).toMatch(/^\^45\./);
  });
});

describe('findElectronBinary', () => {
  test('no path.txt (never fetched): says so and how to fetch it, without requiring index.js', () => {
    const found = findElectronBinary(fakePackage(), {});
    expect(found).toEqual({ reason: expect.stringContaining('no path.txt') });
    expect('reason' in found && found.reason).toMatch(/Electron 45\.5\.0 fetches its binary on first run.*npx install-electron --no/);
  });

  test('path.txt naming a binary that is not in dist/: says which file is missing', () => {
    const dir = fakePackage({ 'path.txt': 'electron' });
    expect(findElectronBinary(dir, {})).toEqual({ reason: expect.stringContaining(`${path.join(dir, 'dist', 'electron')} does not exist`) });
  });

  test('a fetched binary: its path, as index.js resolves it (dist/<path.txt>)', () => {
    const dir = fakePackage({ 'path.txt': 'electron', 'dist/electron': '#!/bin/sh\n' });
    chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
    expect(findElectronBinary(dir, {})).toEqual({ binary: path.join(dir, 'dist', 'electron') });
  });

  test('ELECTRON_OVERRIDE_DIST_PATH wins, as in index.js', () => {
    const dir = fakePackage();
    const dist = mkdtempSync(path.join(tmpdir(), 'flotilla-electron-dist-'));
    dirs.push(dist);
    writeFileSync(path.join(dist, 'electron'), '');
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ binary: path.join(dist, 'electron') });
    expect(findElectronBinary(dir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(dist, 'nope') })).toEqual({ reason: expect.stringContaining('does not exist') });
  });

  test('no electron package at all', () => {
    expect(findElectronBinary(path.join(tmpdir(), 'flotilla-no-such-electron'), {})).toEqual({ reason: expect.stringContaining('not installed') });
  });
});
