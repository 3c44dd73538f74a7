import { appendFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLog } from './hook-output';

describe('followLog: hook output shown as it is appended to hooks.log', () => {
  let dir: string;
  let log: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hook-output-'));
    log = join(dir, 'hooks.log');
    await writeFile(log, 'before\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('shows what comes after the start, live, and nothing after the last stop', async () => {
    let shown = '';
    const stop = followLog(log, 'before\n'.length, (text) => (shown += text));
    await appendFile(log, 'one\n');
    await vi.waitFor(() => expect(shown).toBe('one\n'), { timeout: 2000, interval: 20 });
    await appendFile(log, 'two\n');
    await stop();
    expect(shown).toBe('one\ntwo\n');
    await appendFile(log, 'a daemon the hook left running\n');
    await new Promise((r) => setTimeout(r, 250));
    expect(shown).toBe('one\ntwo\n');
  });

  test('shows the lines of hooks running side by side once, and never splits a character', async () => {
    let shown = '';
    const sink = (text: string) => (shown += text);
    const first = followLog(log, 'before\n'.length, sink);
    await appendFile(log, 'first ');
    const second = followLog(log, (await stat(log)).size, sink);
    // 'ü' is C3 BC in UTF-8: its halves arrive in two polls.
    await appendFile(log, Buffer.from([0xc3]));
    await new Promise((r) => setTimeout(r, 250));
    await appendFile(log, Buffer.from([0xbc, 0x0a]));
    await first();
    await appendFile(log, 'second\n');
    await second();
    expect(shown).toBe('first ü\nsecond\n');
  });
});
