import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createWhich } from './which';

describe('createWhich', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-which-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.skipIf(process.platform === 'win32')('finds executables in PATH order; skips plain files and folders', async () => {
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(path.join(a, 'konsole'), '');
    writeFileSync(path.join(b, 'konsole'), '#!/bin/sh\n');
    chmodSync(path.join(b, 'konsole'), 0o755);
    mkdirSync(path.join(a, 'xterm'));
    const which = createWhich({ env: { PATH: `${a}:${b}` }, platform: 'linux' });
    expect(await which('konsole')).toBe(path.join(b, 'konsole'));
    expect(await which('xterm')).toBeNull();
    expect(await which(path.join(b, 'konsole'))).toBe(path.join(b, 'konsole'));
    expect(await which('./konsole')).toBeNull();
    expect(await which('')).toBeNull();
  });

  test('Windows: Path and PATHEXT', async () => {
    const present = new Set(['C:\\Windows\\System32\\OpenSSH\\ssh.EXE'.toLowerCase(), 'C:\\Tools\\wt.exe'.toLowerCase()]);
    const which = createWhich({
      env: { Path: 'C:\\Windows\\System32\\OpenSSH;"C:\\Tools"', PATHEXT: '.COM;.EXE' },
      platform: 'win32',
      isExecutable: async (file) => present.has(file.toLowerCase()),
    });
    expect((await which('ssh'))?.toLowerCase()).toBe('c:\\windows\\system32\\openssh\\ssh.exe');
    expect(await which('wt.exe')).toBe('C:\\Tools\\wt.exe');
    expect(await which('powershell.exe')).toBeNull();
  });
});
