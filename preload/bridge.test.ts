import { BRIDGE_KEY } from '../main/contract/bridge';
import { channels } from '../main/contract/channels';
import { eventNames } from '../main/contract/events';
import { createBridge, exposeBridge, type IpcRendererLike } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc(answer: (channel: string, input: unknown) => Promise<unknown> = async () => ({ ok: true, value: 'v' })) {
  const listeners = new Map<string, Set<Listener>>();
  const invoke = vi.fn((channel: string, ...args: unknown[]) => answer(channel, args[0]));
  const ipc: IpcRendererLike = {
    invoke,
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string, payload: unknown) => {
    for (const listener of listeners.get(channel) ?? []) listener({ sender: 'the IpcRendererEvent' }, payload);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, invoke, emit, count, listeners };
}

describe('createBridge', () => {
  test('has exactly one function per contract channel, grouped by service', () => {
    const { api } = createBridge(fakeIpc().ipc);
    const exposed = Object.entries(api).flatMap(([service, methods]) =>
      Object.entries(methods).map(([method, fn]) => {
        expect(typeof fn).toBe('function');
        return `${service}.${method}`;
      }),
    );
    expect(exposed.sort()).toEqual([...channels].sort());
  });

  test('exposes only api and on', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['api', 'on']);
  });

  test("with webUtils, adds pathForFile: a file's path, or null when it is not on disk", () => {
    const getPathForFile = vi.fn((file: File) => (file.name === 'site.tar.gz' ? '/home/ada/dist/site.tar.gz' : ''));
    const bridge = createBridge(fakeIpc().ipc, { getPathForFile });
    expect(Object.keys(bridge).sort()).toEqual(['api', 'on', 'pathForFile']);
    expect(bridge.pathForFile!(new File(['x'], 'site.tar.gz'))).toBe('/home/ada/dist/site.tar.gz');
    expect(bridge.pathForFile!(new File(['x'], 'pasted.txt'))).toBeNull();
  });

  test('invokes the channel with the input and answers main’s Result as is', async () => {
    const fake = fakeIpc(async (channel, input) => ({ ok: true, value: { channel, input } }));
    const bridge = createBridge(fake.ipc);
    await expect(bridge.api.projects.get({ id: 'web' })).resolves.toEqual({
      ok: true,
      value: { channel: 'projects.get', input: { id: 'web' } },
    });
    expect(fake.invoke).toHaveBeenCalledWith('projects.get', { id: 'web' });
    await bridge.api.app.info({});
    expect(fake.invoke).toHaveBeenLastCalledWith('app.info', {});
  });

  test('passes failures from main through untouched', async () => {
    const failure = { ok: false, error: { code: 'not-found', message: 'no project nope' } };
    const bridge = createBridge(fakeIpc(async () => failure).ipc);
    await expect(bridge.api.projects.get({ id: 'nope' })).resolves.toEqual(failure);
  });

  test('turns a rejected invoke into an internal failure instead of throwing', async () => {
    const bridge = createBridge(fakeIpc(async () => Promise.reject(new Error('No handler registered'))).ipc);
    await expect(bridge.api.projects.list({})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'projects.list: No handler registered' },
    });
  });

  test('listens on event:<name> and hands the listener only the payload', () => {
    const fake = fakeIpc();
    const bridge = createBridge(fake.ipc);
    const listener = vi.fn();
    bridge.on('projects.changed', listener);
    fake.emit('event:projects.changed', { projects: [] });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ projects: [] }]);
  });

  test('returns an unsubscribe that removes exactly that listener', () => {
    const fake = fakeIpc();
    const bridge = createBridge(fake.ipc);
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = bridge.on('projects.changed', first);
    bridge.on('projects.changed', second);
    expect(fake.count('event:projects.changed')).toBe(2);
    offFirst();
    fake.emit('event:projects.changed', { projects: [] });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    expect(fake.count('event:projects.changed')).toBe(1);
  });

  test('refuses event names outside the contract, without listening', () => {
    const fake = fakeIpc();
    const bridge = createBridge(fake.ipc);
    for (const name of ['projects.list', 'event:projects.changed', '__proto__', '']) {
      expect(() => bridge.on(name as (typeof eventNames)[number], () => {})).toThrow(TypeError);
    }
    expect(fake.listeners.size).toBe(0);
  });

  test('accepts every contract event', () => {
    const fake = fakeIpc();
    const bridge = createBridge(fake.ipc);
    for (const name of eventNames) bridge.on(name, () => {});
    expect([...fake.listeners.keys()].sort()).toEqual(eventNames.map((name) => `event:${name}`).sort());
  });
});

describe('exposeBridge', () => {
  test('exposes the bridge once, under BRIDGE_KEY', () => {
    const exposeInMainWorld = vi.fn();
    const bridge = exposeBridge({ exposeInMainWorld }, fakeIpc().ipc);
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(exposeInMainWorld).toHaveBeenCalledWith(BRIDGE_KEY, bridge);
    expect(BRIDGE_KEY).toBe('flotilla');
  });
});
