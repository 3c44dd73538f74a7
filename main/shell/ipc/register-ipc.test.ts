import type { FlotillaApi } from '../../contract/api';
import { channels } from '../../contract/channels';
import { FlotillaError, type Result } from '../../contract/errors';
import type { Logger } from '../../core/ports';
import type { FrameLike } from '../security/trusted-sender';
import { registerIpc, type InvokeEventLike, type IpcMainLike } from './register-ipc';

type Handler = (event: InvokeEventLike, payload: unknown) => Promise<Result<unknown>>;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const summary = { id: 'web', name: 'Web', description: '' };

function fakeApi(): FlotillaApi {
  return {
    app: { info: vi.fn(async () => ({ name: 'Flotilla', version: '0.1.0', mode: 'desktop' as const, projectsDir: '/p', platform: 'linux', tray: { status: 'shown' as const, detail: '' } })) },
    projects: {
      list: vi.fn(async () => [summary]),
      get: vi.fn(async ({ id }: { id: string }) => {
        if (id === 'boom') throw new TypeError('kaboom');
        throw new FlotillaError('not-found', `No project '${id}'.`, { id });
      }),
      preview: vi.fn(),
    },
  } as unknown as FlotillaApi;
}

function fakeLogger() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies Logger;
}

const ours: FrameLike = { url: 'file:///app/dist/renderer/index.html', parent: null, processId: 1, routingId: 1 };
const stranger: FrameLike = { url: 'https://evil.example/', parent: null, processId: 2, routingId: 1 };

function setup() {
  const { ipcMain, handlers } = fakeIpcMain();
  const api = fakeApi();
  const logger = fakeLogger();
  const unregister = registerIpc({ ipcMain, api, logger, isTrusted: (frame) => frame === ours });
  const call = (channel: string, payload: unknown, senderFrame: FrameLike | null = ours) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ senderFrame }, payload);
  };
  return { handlers, api, logger, unregister, call };
}

describe('registerIpc', () => {
  test('handles exactly the contract’s channels', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual([...channels].sort());
  });

  test('dispatches a trusted call and answers ok', async () => {
    const { call, api } = setup();
    await expect(call('projects.list', {})).resolves.toEqual({ ok: true, value: [summary] });
    expect(api.projects.list).toHaveBeenCalledWith({});
  });

  test('treats a missing payload as an empty input', async () => {
    const { call } = setup();
    await expect(call('projects.list', undefined)).resolves.toMatchObject({ ok: true });
  });

  test('answers bad-request for an invalid payload without calling the core', async () => {
    const { call, api } = setup();
    const result = await call('projects.get', { id: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', data: { field: 'id' } } });
    await expect(call('projects.list', { extra: true })).resolves.toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(api.projects.get).not.toHaveBeenCalled();
    expect(api.projects.list).not.toHaveBeenCalled();
  });

  test('passes a FlotillaError through with its code', async () => {
    const { call } = setup();
    await expect(call('projects.get', { id: 'nope' })).resolves.toEqual({
      ok: false,
      error: { code: 'not-found', message: "No project 'nope'.", data: { id: 'nope' } },
    });
  });

  test('answers internal for anything else and logs it with its stack', async () => {
    const { call, logger } = setup();
    const result = await call('projects.get', { id: 'boom' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('kaboom');
    expect(logger.error).toHaveBeenCalledTimes(1);
    const [message, fields] = logger.error.mock.calls[0]!;
    expect(message).toContain('projects.get');
    expect(String(fields?.error)).toMatch(/TypeError: kaboom\n\s+at /);
  });

  test('refuses an untrusted or missing sender with forbidden, without calling the core', async () => {
    const { call, api, logger } = setup();
    for (const frame of [stranger, null]) {
      await expect(call('projects.list', {}, frame)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(api.projects.list).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(expect.any(String), { channel: 'projects.list', url: 'https://evil.example/' });
  });

  test('unregister removes every handler', () => {
    const { handlers, unregister } = setup();
    unregister();
    expect(handlers.size).toBe(0);
  });
});
