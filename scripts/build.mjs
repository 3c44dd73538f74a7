#!/usr/bin/env node
// Builds everything the app runs from dist/: the Electron main (ESM), the sandboxed preload (CJS),
// the CLI and browser mode (ESM, Node), and the renderer (vite). Dependencies stay in node_modules.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { renderWorkerOptions } from './render-worker-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

const node = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  logLevel: quiet ? 'error' : 'warning',
};

const started = Date.now();
await Promise.all([
  esbuild({ ...node, entryPoints: ['main/shell/index.ts'], outfile: 'dist/shell/index.mjs', format: 'esm', packages: 'external' }),
  esbuild({ ...node, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli/index.mjs', format: 'esm', packages: 'external' }),
  esbuild({ ...node, entryPoints: ['main/agent/index.ts'], outfile: 'dist/agent/index.mjs', format: 'esm', packages: 'external' }),
  // The template render worker, next to each bundle that renders templates (render-worker.ts).
  esbuild(renderWorkerOptions(path.join(root, 'dist/shell/render-worker.cjs'), node.logLevel)),
  esbuild(renderWorkerOptions(path.join(root, 'dist/cli/render-worker.cjs'), node.logLevel)),
  // Sandboxed preloads must be a single CommonJS file; only electron stays external.
  esbuild({ ...node, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/index.cjs', format: 'cjs', external: ['electron'] }),
]);
// The tray icons (build/tray/*.png, drawn by scripts/tray-icons.mjs) go next to the built main,
// where main/shell/paths.ts looks for them.
const trayIcons = path.join(root, 'build', 'tray');
if (existsSync(trayIcons)) {
  mkdirSync(path.join(root, 'dist', 'shell', 'tray'), { recursive: true });
  for (const file of readdirSync(trayIcons).filter((f) => f.endsWith('.png'))) {
    copyFileSync(path.join(trayIcons, file), path.join(root, 'dist', 'shell', 'tray', file));
  }
}
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
if (!quiet) console.log(`built dist/ in ${Date.now() - started} ms`);
