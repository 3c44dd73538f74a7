import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The renderer imports the contract as `@contract/...`, as in vite.config.ts and tsconfig.json.
const resolve = { alias: { '@contract': fileURLToPath(new URL('./main/contract', import.meta.url)) } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'main',
          environment: 'node',
          globals: true,
          include: ['main/**/*.test.ts', 'preload/**/*.test.ts', 'scripts/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/packaging/**/*.test.ts'],
          typecheck: { enabled: true, include: ['main/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
          // Templates render in a worker thread, which runs a bundle (render-worker.ts).
          globalSetup: ['test/support/render-worker-global.ts'],
          setupFiles: ['test/support/render-worker-setup.ts'],
          // Run through Vitest's module graph, so a test's vi.mock('electron') reaches the real
          // electron-store's own `import electron from 'electron'` (main/shell/adapters/settings-store.test.ts).
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        plugins: [react()],
        resolve,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          globals: true,
          include: ['renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['renderer/src/test-setup.ts'],
        },
      },
    ],
  },
});
