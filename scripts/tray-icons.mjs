#!/usr/bin/env node
// Draws the tray icons, a small sailboat, into build/tray/ (committed; scripts/build.mjs copies them
// to dist/shell/tray/): trayTemplate.png and @2x (black on transparent: a macOS template image,
// which the menu bar recolours) and tray.png and @2x (coloured, for Windows and Linux).
// No dependencies: shapes are rasterised with 8x8 supersampling and written by a tiny PNG encoder.
//   node scripts/tray-icons.mjs [--out DIR]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An 8-bit RGBA PNG (colour type 6), every row with filter 0. */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The boat on a 16x16 grid, edges on whole pixels where they are straight (sharp at 16 px):
// hull, mast, mainsail and jib, painted in this order, with a pixel of air between the parts.
const HULL = [[0.5, 11], [14.5, 11], [11.5, 15], [3.5, 15]];
const MAST = [[7, 1], [8, 1], [8, 11], [7, 11]];
const MAINSAIL = [[9, 2], [14, 10], [9, 10]];
const JIB = [[6, 4], [6, 10], [2, 10]];

function inside(polygon, x, y) {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** `shapes`: [polygon, [r, g, b]] pairs, the later on top. */
function rasterise(size, shapes) {
  const scale = size / 16;
  const n = 8;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      const sum = [0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / scale;
          const y = (py + (sy + 0.5) / n) / scale;
          let colour = null;
          for (const [polygon, c] of shapes) if (inside(polygon, x, y)) colour = c;
          if (!colour) continue;
          covered++;
          for (let k = 0; k < 3; k++) sum[k] += colour[k];
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let k = 0; k < 3; k++) rgba[at + k] = Math.round(sum[k] / covered);
      rgba[at + 3] = Math.round((covered / (n * n)) * 255);
    }
  }
  return rgba;
}

const BLACK = [0, 0, 0];
const BLUE = [59, 130, 246];
const AMBER = [245, 158, 11];

export function trayIcons() {
  const template = [[HULL, BLACK], [MAST, BLACK], [MAINSAIL, BLACK], [JIB, BLACK]];
  const colour = [[HULL, BLUE], [MAST, BLUE], [MAINSAIL, AMBER], [JIB, AMBER]];
  return {
    'trayTemplate.png': encodePng(16, 16, rasterise(16, template)),
    'trayTemplate@2x.png': encodePng(32, 32, rasterise(32, template)),
    'tray.png': encodePng(16, 16, rasterise(16, colour)),
    'tray@2x.png': encodePng(32, 32, rasterise(32, colour)),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const at = process.argv.indexOf('--out');
  const out = at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : path.join(root, 'build', 'tray');
  mkdirSync(out, { recursive: true });
  for (const [name, png] of Object.entries(trayIcons())) writeFileSync(path.join(out, name), png);
  console.log(`wrote ${Object.keys(trayIcons()).length} tray icons to ${path.relative(process.cwd(), out) || '.'}`);
}
