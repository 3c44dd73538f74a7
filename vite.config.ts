import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The renderer: built into dist/renderer and loaded by Electron from file:// (hence the relative
 * `base`) or served by `flotilla serve`. Its only runtime import outside renderer/ is main/contract, as `@contract`.
 */
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  // `@contract/...` is main/contract (tsconfig.json `paths` says the same to the type checker).
  resolve: { alias: { '@contract': here('./main/contract') } },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Electron's Chromium and every browser `flotilla serve` targets support modulepreload.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
  server: {
    // The renderer imports the typed contract from ../main/contract.
    fs: { allow: [here('.')] },
  },
});
