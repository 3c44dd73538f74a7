import { API_PREFIX, BRIDGE_KEY, type Bridge } from '@contract/bridge';
import { channels } from '@contract/channels';
import { butter } from '../test/fixtures';
import {
  createBrowserClient,
  createClient,
  FORBIDDEN_MESSAGE,
  NO_TOKEN_MESSAGE,
  TOKEN_STORAGE_KEY,
  type BrowserTransportOptions,
  type SocketLike,
} from './client';

const TOKEN = 'Abc_defGhij-klmnopQRSTuvwxyz0123';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly protocols: string[] = [],
  ) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  send(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
  drop() {
    this.onclose?.({});
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function setup(overrides: Partial<BrowserTransportOptions> = {}) {
  FakeSocket.all = [];
  const fetch = vi.fn<BrowserTransportOptions['fetch']>(async () => json({ ok: true, value: [] }));
  const options: BrowserTransportOptions = {
    fetch,
    createSocket: (url, protocols) => new FakeSocket(url, protocols),
    location: { protocol: 'http:', host: '127.0.0.1:4711' },
    token: TOKEN,
    reconnectMs: 100,
    maxReconnectMs: 1000,
    ...overrides,
  };
  return { client: createBrowserClient(options), fetch, sockets: FakeSocket.all };
}

describe('browser transport: methods', () => {
  test('has a method for every channel of the contract', () => {
    const { client } = setup();
    for (const channel of channels) {
      const [service, method] = channel.split('.') as [keyof typeof client.api, string];
      expect(typeof (client.api[service] as Record<string, unknown>)[method]).toBe('function');
    }
  });

  test('POSTs the input as JSON to API_PREFIX + channel and answers the Result', async () => {
    const { client, fetch } = setup();
    fetch.mockResolvedValueOnce(json({ ok: true, value: [butter] }));
    const result = await client.api.projects.list({});
    expect(result).toEqual({ ok: true, value: [butter] });

    fetch.mockResolvedValueOnce(json({ ok: true, value: { userData: '', bytes: 0, base64Bytes: 0, limitBytes: 16384 } }));
    await client.api.projects.preview({ id: 'butter', gitUser: 'ada', gitBranch: 'main' });
    expect(fetch).toHaveBeenLastCalledWith(`${API_PREFIX}projects.preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ id: 'butter', gitUser: 'ada', gitBranch: 'main' }),
      credentials: 'omit',
      cache: 'no-store',
    });
    expect(fetch.mock.calls[0]![0]).toBe('/api/projects.list');
  });

  test('passes failures answered as a Result through, whatever the status', async () => {
    const { client, fetch } = setup();
    const failure = { ok: false, error: { code: 'not-found', message: "There is no project 'nope'." } };
    fetch.mockResolvedValueOnce(json(failure, 404));
    expect(await client.api.projects.get({ id: 'nope' })).toEqual(failure);
  });

  test('answers unavailable on a network error', async () => {
    const { client, fetch } = setup();
    fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const result = await client.api.app.info({});
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unavailable');
      expect(result.error.message).toContain('Failed to fetch');
    }
  });

  test('answers unavailable when the reply is not JSON or not a Result', async () => {
    const { client, fetch } = setup();
    fetch.mockResolvedValueOnce(new Response('<html>Bad gateway</html>', { status: 502 }));
    const notJson = await client.api.app.info({});
    expect(notJson).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!notJson.ok && notJson.error.message).toContain('HTTP 502');

    fetch.mockResolvedValueOnce(json({ hello: 'world' }));
    expect(await client.api.app.info({})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  test('answers forbidden on HTTP 403, telling the user to open the serve URL again', async () => {
    const { client, fetch } = setup();
    fetch.mockResolvedValueOnce(new Response('forbidden', { status: 403 }));
    const result = await client.api.projects.list({});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: FORBIDDEN_MESSAGE } });
    expect(FORBIDDEN_MESSAGE).toContain('flotilla serve');
  });
});

describe('browser transport: events', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('connects to ws://host/events on the first subscription and dispatches typed events', () => {
    const { client, sockets } = setup();
    expect(sockets).toHaveLength(0);
    const listener = vi.fn();
    client.on('projects.changed', listener);
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:4711/events');
    // The token rides in the handshake's subprotocols (a browser cannot set headers), not the URL.
    expect(sockets[0]!.protocols).toEqual(['flotilla.v1', `token.${TOKEN}`]);

    sockets[0]!.open();
    sockets[0]!.send({ event: 'projects.changed', payload: { projects: [butter] } });
    expect(listener).toHaveBeenCalledWith({ projects: [butter] });
  });

  test('uses wss under https and shares one socket between listeners', () => {
    const { client, sockets } = setup({ location: { protocol: 'https:', host: 'flotilla.local' } });
    client.on('projects.changed', () => {});
    client.on('projects.changed', () => {});
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.url).toBe('wss://flotilla.local/events');
  });

  test('ignores malformed and unknown messages', () => {
    const { client, sockets } = setup();
    const listener = vi.fn();
    client.on('projects.changed', listener);
    sockets[0]!.send('not json');
    sockets[0]!.send({ event: 'nope', payload: {} });
    sockets[0]!.send(42);
    expect(listener).not.toHaveBeenCalled();
  });

  test('reconnects with growing backoff, reset once connected', () => {
    vi.useFakeTimers();
    const { client, sockets } = setup({ setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as number) });
    const listener = vi.fn();
    client.on('projects.changed', listener);

    sockets[0]!.drop();
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2); // after 100 ms

    sockets[1]!.drop();
    vi.advanceTimersByTime(199);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3); // after 200 ms

    sockets[2]!.open(); // connected: the next drop starts again at 100 ms
    sockets[2]!.send({ event: 'projects.changed', payload: { projects: [] } });
    expect(listener).toHaveBeenCalledTimes(1);
    sockets[2]!.drop();
    vi.advanceTimersByTime(100);
    expect(sockets).toHaveLength(4);
  });

  test('closes the socket and stops reconnecting after the last unsubscribe', () => {
    vi.useFakeTimers();
    const { client, sockets } = setup({ setTimeout: (cb, ms) => setTimeout(cb, ms), clearTimeout: (h) => clearTimeout(h as number) });
    const off1 = client.on('projects.changed', () => {});
    const off2 = client.on('projects.changed', () => {});
    off1();
    expect(sockets[0]!.closed).toBe(false);
    off2();
    expect(sockets[0]!.closed).toBe(true);
    sockets[0]!.drop();
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(1);

    client.on('projects.changed', () => {});
    expect(sockets).toHaveLength(2);
  });
});

describe('createClient', () => {
  afterEach(() => {
    delete (window as unknown as Record<string, unknown>)[BRIDGE_KEY];
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  test('uses the Electron bridge when the preload exposed one', () => {
    const bridge = { api: {}, on: () => () => {} } as unknown as Bridge;
    (window as unknown as Record<string, unknown>)[BRIDGE_KEY] = bridge;
    expect(createClient()).toBe(bridge);
  });

  test('browser mode: takes the token from the fragment, keeps it in sessionStorage, clears the address bar, and sends it as a bearer header without cookies', async () => {
    window.history.replaceState(null, '', `/?x=1#token=${TOKEN}`);
    const fetch = vi.spyOn(window, 'fetch').mockResolvedValue(json({ ok: true, value: { name: 'Flotilla' } }));
    try {
      const client = createClient();
      expect(window.location.hash).toBe('');
      expect(window.location.search).toBe('?x=1');
      expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe(TOKEN);
      expect(document.cookie).not.toContain(TOKEN);
      expect(await client!.api.app.info({})).toEqual({ ok: true, value: { name: 'Flotilla' } });
      expect(fetch).toHaveBeenCalledWith(
        '/api/app.info',
        expect.objectContaining({ method: 'POST', credentials: 'omit', headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) }),
      );
    } finally {
      fetch.mockRestore();
    }
  });

  test('browser mode: a reload (no fragment) keeps working with the token this tab kept', async () => {
    window.sessionStorage.setItem(TOKEN_STORAGE_KEY, TOKEN);
    const fetch = vi.spyOn(window, 'fetch').mockResolvedValue(json({ ok: true, value: [] }));
    try {
      await createClient()!.api.projects.list({});
      expect(fetch).toHaveBeenCalledWith('/api/projects.list', expect.objectContaining({ headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }) }));
    } finally {
      fetch.mockRestore();
    }
  });

  test('browser mode without a token: no client (the page says to open the printed URL)', () => {
    expect(createClient()).toBeNull();
    expect(NO_TOKEN_MESSAGE).toContain('flotilla serve');
  });

  test('ignores a malformed token in the fragment (it could not be a header or a subprotocol)', () => {
    window.history.replaceState(null, '', '/#token=bad%0d%0atoken');
    expect(createClient()).toBeNull();
    expect(window.location.hash).toBe('');
    window.history.replaceState(null, '', '/#token=a,b c');
    expect(createClient()).toBeNull();
  });
});
