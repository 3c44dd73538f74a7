import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { folderViolations, importsOf, isElectron, isNode, isReact, isTestFile, MAY_IMPORT, onlyZod, violations } from './layering';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('layering: folders say where code may run', () => {
  test('nothing under main/core imports electron', () => {
    expect(violations(path.join(root, 'main/core'), [isElectron], root)).toEqual([]);
  });

  test('main/contract is pure TypeScript: no electron, node or react, and no package but zod', () => {
    expect(violations(path.join(root, 'main/contract'), [isElectron, isNode, isReact, onlyZod], root).filter((v) => !v.includes('.test.'))).toEqual([]);
  });

  test('main/serve and main/cli never import electron', () => {
    expect(violations(path.join(root, 'main/serve'), [isElectron], root)).toEqual([]);
    expect(violations(path.join(root, 'main/cli'), [isElectron], root)).toEqual([]);
  });

  test('the renderer imports neither electron nor node', () => {
    expect(violations(path.join(root, 'renderer/src'), [isElectron, isNode], root).filter((v) => !/\.test\.tsx?:/.test(v))).toEqual([]);
  });

  test('each folder imports only the folders below it (contract ← core ← node ← serve/shell ← cli; renderer and preload: the contract)', () => {
    expect(folderViolations(root)).toEqual([]);
  });

  describe('the folder rules', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'layering-folders-'));
      for (const folder of ['main/contract', 'main/core/x', 'main/node', 'main/serve', 'main/shell', 'main/cli', 'renderer/src/features', 'test/support']) mkdirSync(path.join(dir, folder), { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const plant = (file: string, line: string) => writeFileSync(path.join(dir, file), `// planted\n${line}\n`);

    test.each([
      ['main/shell/a.ts', `import { x } from '../serve/server';`, 'main/shell may not import main/serve'],
      ['main/core/x/a.ts', `import { x } from '../../node/node-ports';`, 'main/core may not import main/node'],
      ['main/core/x/a.ts', `export { x } from '../../cli/commands/config-check';`, 'main/core may not import main/cli'],
      ['main/node/a.ts', `import type { X } from '../serve/server';`, 'main/node may not import main/serve'],
      ['main/contract/a.ts', `import { x } from '../core/ports';`, 'main/contract may not import main/core'],
      ['renderer/src/features/a.tsx', `import { x } from '../../../main/core/ports';`, 'renderer may not import main/core'],
      ['main/serve/a.test.ts', `import { x } from '../shell/paths';`, 'main/serve may not import main/shell'],
    ])('flags %s importing %s', (file, line, reason) => {
      plant(file, line);
      expect(folderViolations(dir)).toEqual([expect.stringContaining(reason)]);
    });

    test('allows what each folder may use; tests may also use the Node adapters, test/ and test helpers', () => {
      plant('main/cli/a.ts', `import { x } from '../serve/server';\nimport { y } from '../node/node-ports';\nimport { z } from '../core/ports';`);
      plant('renderer/src/features/a.tsx', `import type { X } from '@contract/api';\nimport { y } from '../../../main/contract/errors';\nimport { z } from 'zustand';`);
      plant('main/core/x/a.test.ts', `import { x } from '../../node/node-ports';\nimport { y } from '../../../test/support/s3rver';`);
      plant('main/shell/b.test.ts', `import { runCli } from '../cli/run-cli.test-helpers';`);
      expect(folderViolations(dir)).toEqual([]);
      plant('main/shell/c.ts', `import { runCli } from '../cli/run-cli.test-helpers';`);
      expect(folderViolations(dir)).toEqual([expect.stringContaining('main/shell/c.ts')]);
    });

    test('the @contract alias is the contract folder', () => {
      plant('main/contract/a.ts', `import type { X } from '@contract/api';`);
      plant('main/core/x/a.ts', `import type { X } from '@contract';`);
      expect(folderViolations(dir)).toEqual([]);
    });

    test('knows test code by its name or folder', () => {
      expect(['a.test.ts', 'a.s3.test.ts', 'a.adversarial.test.tsx', 'a.test-d.ts', 'a.test-helpers.ts', 'a.bench.ts', 'renderer/src/test/render.tsx'].every(isTestFile)).toBe(true);
      expect(['a.ts', 'test-preflight.ts', 'a.tests.ts', 'renderer/src/features/a.tsx'].some(isTestFile)).toBe(false);
      expect(Object.keys(MAY_IMPORT)).toEqual(expect.arrayContaining(['main/contract', 'main/core', 'main/node', 'main/serve', 'main/shell', 'main/cli', 'main/agent', 'preload', 'renderer']));
    });
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
      expect(onlyZod.forbids('zod')).toBe(false);
      expect(onlyZod.forbids('./dto/app')).toBe(false);
      expect(onlyZod.forbids('@contract/api')).toBe(false);
      expect(onlyZod.forbids('zustand')).toBe(true);
      expect(onlyZod.forbids('@aws-sdk/client-ec2')).toBe(true);
    });
  });
});
