import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channels } from '../contract/channels';
import type { TrayStatus } from '../contract/tray';
import { createNodePorts } from '../node/node-ports';
import { createCore } from './create-core';

const silent = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('createCore: app.info', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-core-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (trayStatus?: () => TrayStatus) =>
    createCore(createNodePorts({ logger: silent, configDir: path.join(dir, 'config') }), {
      projectsDir: dir,
      mode: 'cli',
      version: '1.2.3',
      watch: false,
      home: dir,
      env: {},
      ...(trayStatus ? { trayStatus } : {}),
    });

  test('the tray as the shell found it, read at each call; none without a shell (CLI, browser mode)', async () => {
    let status: TrayStatus = { status: 'unknown', detail: 'Flotilla is still looking for a system tray.' };
    const core = await open(() => status);
    expect((await core.api.app.info({})).tray).toEqual(status);
    status = { status: 'no-host', detail: 'No system tray was found on this desktop.' };
    expect((await core.api.app.info({})).tray).toEqual(status);
    await core.close();

    const cli = await open();
    expect(await cli.api.app.info({})).toMatchObject({ mode: 'cli', version: '1.2.3', tray: { status: 'none', detail: 'The command line has no tray icon.' } });
    await cli.close();
  });
});

describe('createCore: the api', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'flotilla-core-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("each service's api has exactly the contract's methods (nothing internal leaks to the hosts)", async () => {
    const core = await createCore(createNodePorts({ logger: silent, configDir: path.join(dir, 'config') }), { projectsDir: dir, mode: 'cli', version: '0.0.0', watch: false, home: dir, env: {} });
    try {
      const served = Object.entries(core.api).flatMap(([service, api]) => Object.keys(api as object).map((method) => `${service}.${method}`));
      expect(served.sort()).toEqual([...channels].sort());
      for (const [service, api] of Object.entries(core.api)) {
        expect(Object.keys(api as object).sort(), service).toEqual(channels.filter((c) => c.startsWith(`${service}.`)).map((c) => c.slice(service.length + 1)).sort());
      }
    } finally {
      await core.close();
    }
  });
});
