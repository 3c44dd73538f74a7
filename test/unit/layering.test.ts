import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importsOf, isElectron, isNode, isReact, violations } from './layering';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('layering: folders say where code may run', () => {
  test('nothing under main/core imports electron', () => {
    expect(violations(path.join(root, 'main/core'), [isElectron], root)).toEqual([]);
  });

  test('main/contract is pure TypeScript: no electron, node or react', () => {
    expect(violations(path.join(root, 'main/contract'), [isElectron, isNode, isReact], root).filter((v) => !v.includes('.test.'))).toEqual([]);
  });

  test('main/serve and main/cli never import electron', () => {
    expect(violations(path.join(root, 'main/serve'), [isElectron], root)).toEqual([]);
    expect(violations(path.join(root, 'main/cli'), [isElectron], root)).toEqual([]);
  });

  test('the renderer imports neither electron nor node', () => {
    expect(violations(path.join(root, 'renderer/src'), [isElectron, isNode], root).filter((v) => !/\.test\.tsx?:/.test(v))).toEqual([]);
  });

  describe('the checker itself catches each way of importing', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'layering-'));
      mkdirSync(path.join(dir, 'deep', 'er'), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    test.each([
      `import { app } from 'electron';`,
      `import type { BrowserWindow } from "electron";`,
      `import * as e from 'electron/main';`,
      `export { ipcMain } from 'electron';`,
      `const { shell } = require('electron');`,
      `const m = await import('electron');`,
      `import 'electron';`,
    ])('flags %s', (line) => {
      writeFileSync(path.join(dir, 'deep', 'er', 'bad.ts'), `// planted\n${line}\n`);
      expect(violations(dir, [isElectron], dir)).toEqual([expect.stringContaining(path.join('deep', 'er', 'bad.ts'))]);
    });

    test('does not flag look-alikes', () => {
      expect(importsOf(`import x from './electron-free';\nconst electron = 1;`).filter((s) => isElectron.forbids(s))).toEqual([]);
    });

    test('flags node built-ins and react for the contract', () => {
      expect(isNode.forbids('node:fs')).toBe(true);
      expect(isNode.forbids('path')).toBe(true);
      expect(isNode.forbids('zod')).toBe(false);
      expect(isReact.forbids('react')).toBe(true);
    });
  });
});
