/**
 * The tray icons in build/tray/ (drawn by scripts/tray-icons.mjs, copied to dist/shell/tray/ by
 * scripts/build.mjs): present, valid PNGs of the right sizes, the macOS template black-only, and
 * exactly what the script draws today.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

/** CRC-32 as PNG uses it (node:zlib has crc32 only from Node 20.15). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const trayDir = path.join(root, 'build', 'tray');

function decodePng(bytes: Buffer): { width: number; height: number; colourType: number; pixels: Buffer } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  for (;;) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    expect(bytes.readUInt32BE(offset + 8 + length)).toBe(crc32(bytes.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  expect(offset).toBe(bytes.length);
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(data));
  expect(raw.length).toBe((width * 4 + 1) * height);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colourType: header![9]!, pixels };
}

const files = { 'trayTemplate.png': 16, 'trayTemplate@2x.png': 32, 'tray.png': 16, 'tray@2x.png': 32 } as const;

describe('tray icons', () => {
  test.each(Object.entries(files))('%s is a %ipx RGBA PNG with a visible glyph', (name, size) => {
    const png = decodePng(readFileSync(path.join(trayDir, name)));
    expect([png.width, png.height, png.colourType]).toEqual([size, size, 6]);
    const alphas = [...png.pixels].filter((_, i) => i % 4 === 3);
    const opaque = alphas.filter((a) => a === 255).length;
    expect(opaque).toBeGreaterThan(size * size * 0.2);
    expect(alphas.filter((a) => a === 0).length).toBeGreaterThan(size * size * 0.2);
    if (name.startsWith('trayTemplate')) {
      expect([...png.pixels].every((v, i) => i % 4 === 3 || v === 0)).toBe(true);
    }
  });

  test('are exactly what scripts/tray-icons.mjs draws', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'flotilla-tray-'));
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'tray-icons.mjs'), '--out', out], { stdio: 'ignore' });
      for (const name of Object.keys(files)) expect(readFileSync(path.join(out, name)).equals(readFileSync(path.join(trayDir, name)))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
