import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// One way to write tests: `test(...)` (Playwright's name too), never vitest's alias `it(...)`; and
// code only tests use is named `*.test-helpers.ts`, so no production folder holds an unmarked double.
const root = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = ['main', 'renderer/src', 'preload', 'test'];

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.parentPath.includes('node_modules'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

function itCalls(text: string): number[] {
  return text.split('\n').flatMap((line, i) => (/^\s*it(\.[a-zA-Z]+)?[(`]/.test(line) ? [i + 1] : []));
}

/** A production folder's file whose name says "fake", "fixture" or "test-support" but not `.test-helpers.ts`. */
function unmarkedDouble(file: string): boolean {
  if (file.startsWith('test/') || file.startsWith('renderer/src/test/') || file.includes('/fixtures/')) return false;
  if (/\.test\.tsx?$|\.test-helpers\.ts$|\.test-d\.ts$/.test(file)) return false;
  return /(fake|fixture|test-support|stub|mock)/i.test(path.basename(file));
}

describe('test conventions', () => {
  test('tests call test(), not it()', () => {
    const offenders = SOURCE.flatMap(filesUnder)
      .filter((f) => /\.(test|spec)\.tsx?$|\.test-helpers\.ts$/.test(f))
      .flatMap((f) => itCalls(readFileSync(path.join(root, f), 'utf8')).map((line) => `${f}:${line}`));
    expect(offenders).toEqual([]);
  });

  test('test-only modules in production folders are named *.test-helpers.ts', () => {
    expect(SOURCE.flatMap(filesUnder).filter(unmarkedDouble)).toEqual([]);
  });

  test('the rules catch what they name', () => {
    expect(itCalls("describe('x', () => {\n  it('works', () => {});\n  it.each([1])('n', () => {});\n  test('ok', () => {});\n});")).toEqual([2, 3]);
    expect(unmarkedDouble('main/core/instances/fake-clock.ts')).toBe(true);
    expect(unmarkedDouble('renderer/src/features/instances/fixtures.ts')).toBe(true);
    expect(unmarkedDouble('main/core/fake-clock.test-helpers.ts')).toBe(false);
    expect(unmarkedDouble('test/support/fake-imds.ts')).toBe(false);
    expect(unmarkedDouble('main/core/instances/launch.ts')).toBe(false);
  });
});
