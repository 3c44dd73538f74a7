import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

/**
 * The Chromium the web project drives: $CHROMIUM_PATH, else Debian's /usr/bin/chromium when it is
 * there, else Playwright's own (`npx playwright install chromium`, as CI does on macOS and Windows).
 */
const chromiumPath = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/**
 * Two projects: `web` drives the real renderer in Debian's Chromium against browser mode (the real
 * core behind it); `electron` launches the built desktop app where an Electron binary exists and
 * prints plainly when it was not run.
 */
export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e/web',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
          ],
        },
      },
    },
    { name: 'electron', testDir: 'test/e2e/electron' },
  ],
});
