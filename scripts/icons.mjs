#!/usr/bin/env node
// Renders the app icon build/icon.svg to what electron-builder packages:
//   build/icon.png            1024x1024 (electron-builder makes the macOS .icns from it)
//   build/icons/<n>x<n>.png   16 … 1024 (Linux icon theme sizes; also the .ico's sources)
//   build/icon.ico            16, 24, 32, 48, 64, 128, 256 (Windows)
// Each size is rendered from the SVG (not downscaled from 1024), with a transparent background.
// The outputs are committed: run this only after editing the SVG (`node scripts/icons.mjs`).
// Needs a Chromium: Debian's /usr/bin/chromium, $CHROMIUM_PATH, or Playwright's own
// (`npx playwright install chromium`).
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pngToIco from 'png-to-ico';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(root, 'build');

/** Every PNG size written to build/icons/. */
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** The sizes inside build/icon.ico (Windows reads up to 256). */
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined; // undefined: Playwright's own
}

const svg = await readFile(path.join(buildDir, 'icon.svg'));
const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  await mkdir(path.join(buildDir, 'icons'), { recursive: true });
  const pngs = new Map();
  for (const size of PNG_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">` +
        `<img id="icon" src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.waitForFunction(() => {
      const img = document.getElementById('icon');
      return img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;
    });
    const png = await page.screenshot({ type: 'png', omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    pngs.set(size, png);
    await writeFile(path.join(buildDir, 'icons', `${size}x${size}.png`), png);
  }
  await writeFile(path.join(buildDir, 'icon.png'), pngs.get(1024));
  await writeFile(path.join(buildDir, 'icon.ico'), await pngToIco(ICO_SIZES.map((size) => pngs.get(size))));
  console.log(`wrote build/icon.png, build/icon.ico and build/icons/{${PNG_SIZES.join(',')}}.png`);
} finally {
  await browser.close();
}
