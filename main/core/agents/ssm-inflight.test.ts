import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInflightFile } from './ssm-inflight';

let dir = '';
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'flotilla-inflight-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const warnings: string[] = [];
const logger = { debug() {}, info() {}, warn: (m: string) => void warnings.push(m), error() {} };
const command = { jobId: 'sync-1', instanceId: 'i-0123456789abcdef0', region: 'eu-west-1', commandId: '2f6a5cbd-5a2a-4bde-9f5e-0f3b7c1d9e11', startedAt: 1_765_000_000_000 };

describe('the file of SSM commands in flight', () => {
  test('keeps what was added and not removed, in a file only the user can read', async () => {
    const file = path.join(dir, 'config', 'sync-ssm-commands.json');
    const a = createInflightFile(file, logger);
    a.add(command);
    a.add({ ...command, instanceId: 'i-0fedcba9876543210' });
    a.remove('sync-1', 'i-0fedcba9876543210');
    await a.idle();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await createInflightFile(file, logger).load()).toEqual([command]);
  });

  test('a missing file is none; a hostile one is ignored entry by entry, with a warning', async () => {
    const file = path.join(dir, 'sync-ssm-commands.json');
    expect(await createInflightFile(file, logger).load()).toEqual([]);
    writeFileSync(file, JSON.stringify({ version: 1, commands: [command, { ...command, instanceId: 'i-0; rm -rf /' }, { ...command, region: '../../etc' }, { ...command, commandId: 'x'.repeat(65) }, null, 'text'] }));
    warnings.length = 0;
    expect(await createInflightFile(file, logger).load()).toEqual([command]);
    expect(warnings.join('\n')).toMatch(/malformed/);
    writeFileSync(file, '{not json');
    expect(await createInflightFile(file, logger).load()).toEqual([]);
    writeFileSync(file, JSON.stringify({ commands: Array.from({ length: 1001 }, () => command) }));
    expect(await createInflightFile(file, logger).load()).toEqual([]);
    expect(await readFile(file, 'utf8')).toContain('sync-1'); // reading never rewrites it
  });

  test('without a file nothing is kept or read', async () => {
    const none = createInflightFile(null, logger);
    none.add(command);
    await none.idle();
    expect(await none.load()).toEqual([]);
  });
});
