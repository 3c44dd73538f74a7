import type { FleetList, TerminateResult } from '../../contract/instances/dto';
import { FakeClock, flush, T0 } from '../../core/fake-clock.test-helpers';
import { dto, fakeElectron, FakeEvents, fleet, MIN } from './fakes.test-helpers';
import { createAppTray, terminateConfirmation } from './index';
import { buildTrayMenu, expiresText, MAX_LISTED, trayTitle, trayTooltip } from './menu';

function setup(options: { platform?: NodeJS.Platform; list?: () => Promise<FleetList>; confirm?: number } = {}) {
  const clock = new FakeClock();
  const events = new FakeEvents();
  const electron = fakeElectron();
  const instances = {
    list: vi.fn(options.list ?? (async () => fleet([dto('i-1'), dto('i-2', { readiness: 'addressed' }), dto('i-3', { owner: 'arn:aws:iam::1:user/bob' })]))),
    openUrl: vi.fn(async () => ({ url: '' })),
    openSsh: vi.fn(async () => ({ command: 'ssh' as const, args: [], text: '', user: '', host: '', keyFile: null })),
    extend: vi.fn(async () => dto('i-1')),
    terminate: vi.fn(async (): Promise<TerminateResult> => ({ terminated: [], refused: [], securityGroups: [] })),
  };
  const showMessageBox = vi.fn(async () => ({ response: options.confirm ?? 0 }));
  const handlers = { showWindow: vi.fn(), quit: vi.fn(), onError: vi.fn() };
  const tray = createAppTray({
    ...electron,
    platform: options.platform ?? 'linux',
    icons: { template: '/dist/shell/tray/trayTemplate.png', colour: '/dist/shell/tray/tray.png' },
    instances,
    events,
    clock,
    logger: { warn: vi.fn() },
    showMessageBox,
    ...handlers,
  });
  const icon = electron.trays[0]!;
  const item = (label: RegExp) => icon.menu.find((i) => label.test(i.label ?? ''));
  return { clock, events, electron, icon, instances, showMessageBox, handlers, tray, item };
}

describe('tray menu (pure)', () => {
  const now = new Date(T0);
  const handlers = { instance: vi.fn(), showWindow: vi.fn(), quit: vi.fn() };

  test('tooltip and title count live and ready instances', () => {
    const view = { instances: [dto('a'), dto('b', { readiness: 'addressed' }), dto('c', { state: 'stopped', readiness: 'stopped' })], error: null };
    expect(trayTooltip(view)).toBe('Flotilla: 3 live instances of yours, 1 ready');
    expect(trayTitle(view)).toBe('1/3');
    expect(trayTooltip({ instances: [], error: null })).toBe('Flotilla: no live instances of yours');
    expect(trayTitle({ instances: [], error: null })).toBe('');
    expect(trayTooltip({ instances: null, error: null })).toBe('Flotilla');
  });

  test('each instance: state and expiry, with Open, SSH, Extend, Terminate; then Show window and Quit', () => {
    const menu = buildTrayMenu({ instances: [dto('i-1')], error: null }, now, handlers);
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Your instances (1, 1 ready)', 'web/i-1 — ready, expires in 3h20m', 'separator', 'Show window', 'Quit Flotilla']);
    expect(menu[1]!.submenu!.map((i) => [i.label ?? i.type, i.enabled ?? true])).toEqual([
      ['Open', true],
      ['SSH', true],
      ['Extend by 1h', true],
      ['separator', true],
      ['Terminate…', true],
    ]);
    menu[1]!.submenu![2]!.click!();
    expect(handlers.instance).toHaveBeenCalledWith('extend', expect.objectContaining({ id: 'i-1' }));
  });

  test("an SSM-only instance's shell item opens a Systems Manager session, with or without a public address", () => {
    const menu = buildTrayMenu({ instances: [dto('s', { access: 'ssm', publicDns: null, publicIp: null })], error: null }, now, handlers);
    expect(menu[1]!.submenu![1]).toMatchObject({ label: 'Open shell (SSM)', enabled: true });
    menu[1]!.submenu![1]!.click!();
    expect(handlers.instance).toHaveBeenCalledWith('ssh', expect.objectContaining({ id: 's' }));
  });

  test('a booting instance cannot be opened yet; a pinned one is not extended; long lists are cut', () => {
    const booting = dto('b', { readiness: 'pending', state: 'pending', publicDns: null, publicIp: null, readyUrl: null });
    const pinned = dto('p', { pinned: true, expiresAt: null });
    const menu = buildTrayMenu({ instances: [booting, pinned], error: null }, now, handlers);
    const entry = (id: string) => menu.find((i) => i.label?.startsWith(`web/${id} `))!;
    expect(entry('b').label).toBe('web/b — pending, expires in 3h20m');
    expect(entry('b').submenu!.slice(0, 2).map((i) => i.enabled)).toEqual([false, false]);
    expect(entry('p').label).toBe('web/p — ready, pinned');
    expect(entry('p').submenu![2]).toMatchObject({ label: 'Extend (pinned: never expires)', enabled: false });
    const many = Array.from({ length: MAX_LISTED + 3 }, (_, i) => dto(`i-${i}`));
    expect(buildTrayMenu({ instances: many, error: null }, now, handlers).find((i) => i.label === 'and 3 more…')).toBeDefined();
  });

  test('expiry text, and menu labels keep a literal &', () => {
    expect(expiresText(dto('a', { expiresAt: new Date(T0 + 10_000).toISOString() }), now)).toBe('expiring now');
    expect(expiresText(dto('a', { expiresAt: null }), now)).toBe('no expiry');
    expect(buildTrayMenu({ instances: [dto('a', { name: 'r&d/x' })], error: null }, now, handlers)[1]!.label).toMatch(/^r&&d\/x/);
  });
});

describe('createAppTray', () => {
  test('lists my instances at start: menu, tooltip; a template icon and a title on macOS', async () => {
    const { icon, clock, item } = setup({ platform: 'darwin' });
    expect(icon.image).toMatchObject({ path: '/dist/shell/tray/trayTemplate.png', template: true });
    expect(icon.tooltip).toBe('Flotilla');
    expect(item(/Listing/)).toMatchObject({ enabled: false });
    await clock.advance(0);
    expect(icon.tooltip).toBe('Flotilla: 2 live instances of yours, 1 ready');
    expect(icon.title).toBe('1/2');
    expect(icon.menu.map((i) => i.label ?? i.type)).toEqual([
      'Your instances (2, 1 ready)',
      'web/i-1 — ready, expires in 3h20m',
      'web/i-2 — starting, expires in 3h20m',
      'separator',
      'Show window',
      'Quit Flotilla',
    ]);
  });

  // electron docs/api/tray.md, "Platform Considerations → Linux": "The `click` event is emitted
  // when the tray icon receives activation from user" (the StatusNotifierItem host's Activate: a
  // single or a double click depending on the desktop); Chromium's StatusIconLinuxDbus::OnActivate
  // calls the delegate's OnClick, which Electron's TrayIconLinux::OnClick turns into 'click'.
  test('the coloured icon elsewhere; a click (Linux: the host activating the icon) shows the window on Linux and Windows, not on macOS', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { icon, handlers } = setup({ platform });
      expect(icon.image).toMatchObject({ path: '/dist/shell/tray/tray.png', template: false });
      expect(icon.clicks).toHaveLength(1);
      icon.clicks[0]!();
      expect(handlers.showWindow).toHaveBeenCalledTimes(1);
      expect(icon.title).toBe('');
    }
    // macOS: a click opens the context menu (Electron's default once setContextMenu is called).
    expect(setup({ platform: 'darwin' }).icon.clicks).toHaveLength(0);
  });

  test('follows instance events, redrawing at most once a second', async () => {
    const { icon, clock, events, instances } = setup();
    await clock.advance(0);
    const before = icon.menus;
    events.emit('instances.changed', { upserted: [dto('i-4', { state: 'pending', readiness: 'pending' })], removed: [{ id: 'i-2', region: 'us-east-1' }] });
    events.emit('instances.ready', { instance: dto('i-4'), url: 'http://x/' });
    events.emit('instances.changed', { upserted: [dto('i-9', { owner: 'arn:aws:iam::1:user/bob' })], removed: [] });
    await clock.advance(999);
    expect(icon.menus).toBe(before);
    await clock.advance(1);
    expect(icon.menus).toBe(before + 1);
    expect(icon.tooltip).toBe('Flotilla: 2 live instances of yours, 2 ready');
    events.emit('instances.terminated', { instances: [{ id: 'i-1', region: 'us-east-1' }], reason: 'expired' });
    events.emit('instances.failed', { instance: dto('i-4', { readiness: 'timed-out' }), diagnosis: { id: 'i-4', region: 'us-east-1', summary: '', stages: [], consoleTail: null } });
    await clock.advance(1000);
    expect(icon.menu[1]!.label).toBe('web/i-4 — not ready, expires in 3h20m');
    expect(instances.list).toHaveBeenCalledTimes(1);
  });

  test('redraws every minute (expires in) and never lists on a timer of its own (the core sweeps)', async () => {
    const { icon, clock, instances } = setup();
    await clock.advance(0);
    expect(icon.menu[1]!.label).toBe('web/i-1 — ready, expires in 3h20m');
    await clock.advance(MIN);
    expect(icon.menu[1]!.label).toBe('web/i-1 — ready, expires in 3h19m');
    await clock.advance(30 * MIN);
    expect(instances.list).toHaveBeenCalledTimes(1);
  });

  test("takes the fleet from the core's sweep (instances.listed): what other machines changed, and its failures", async () => {
    const { icon, clock, events, instances } = setup();
    await clock.advance(0);
    expect(icon.tooltip).toBe('Flotilla: 2 live instances of yours, 1 ready');
    // Another machine launched i-5 and terminated i-1; bob's i-6 is not mine.
    events.emit('instances.listed', fleet([dto('i-2'), dto('i-5', { readiness: 'pending', state: 'pending' }), dto('i-6', { owner: 'arn:aws:iam::1:user/bob' })]));
    await clock.advance(1000);
    expect(icon.tooltip).toBe('Flotilla: 2 live instances of yours, 1 ready');
    expect(icon.menu.map((i) => i.label).filter((l) => l?.startsWith('web/'))).toEqual(['web/i-2 — ready, expires in 3h20m', 'web/i-5 — pending, expires in 3h20m']);
    events.emit('instances.listed', fleet([dto('i-2')], { regions: [{ region: 'us-east-1', ok: true, count: 1 }, { region: 'eu-west-1', ok: false, count: 0, error: 'AWS refused to list instances in eu-west-1' }] }));
    await clock.advance(1000);
    expect(icon.menu.map((i) => i.label)).toContain('Last refresh failed: AWS refused to list instances in eu-west-1');
    expect(instances.list).toHaveBeenCalledTimes(1);
  });

  test("a sweep's listing that comes while the first listing is in flight is kept, even when that listing fails", async () => {
    let fail: (error: Error) => void = () => undefined;
    const { icon, clock, events } = setup({ list: () => new Promise<FleetList>((_resolve, reject) => (fail = reject)) });
    events.emit('instances.listed', fleet([dto('i-7')]));
    fail(new Error('socket hang up'));
    await clock.advance(1000);
    expect(icon.tooltip).toBe('Flotilla: 1 live instance of yours, 1 ready');
    expect(icon.menu.some((i) => /Could not list|refresh failed/.test(i.label ?? ''))).toBe(false);
  });

  test('a failed listing says so in the menu and the tooltip', async () => {
    const { icon, clock, item } = setup({ list: async () => Promise.reject(new Error('No AWS credentials found. Pick an account in Settings.')) });
    await clock.advance(0);
    expect(item(/Could not list/)).toMatchObject({ label: 'Could not list instances: No AWS credentials found. Pick an account in Settings.', enabled: false });
    expect(icon.tooltip).toBe('Flotilla: could not list your instances');
  });

  test('Open, SSH and Extend call the core; Terminate asks first; failures are shown', async () => {
    const { clock, instances, showMessageBox, handlers, tray, item } = setup({ confirm: 1 });
    await clock.advance(0);
    const [open, ssh, extend, , terminate] = item(/^web\/i-1 /)!.submenu!;
    open!.click!();
    ssh!.click!();
    extend!.click!();
    terminate!.click!();
    await flush();
    expect(instances.openUrl).toHaveBeenCalledWith({ id: 'i-1', region: 'us-east-1' });
    expect(instances.openSsh).toHaveBeenCalledWith({ id: 'i-1', region: 'us-east-1' });
    expect(instances.extend).toHaveBeenCalledWith({ id: 'i-1', region: 'us-east-1', duration: '1h' });
    expect(showMessageBox).toHaveBeenCalledWith(terminateConfirmation(dto('i-1')));
    expect(instances.terminate).not.toHaveBeenCalled(); // Cancel

    showMessageBox.mockResolvedValueOnce({ response: 0 });
    instances.terminate.mockResolvedValueOnce({ terminated: [], refused: [{ id: 'i-1', reason: 'AWS refused: UnauthorizedOperation' }], securityGroups: [] });
    await tray.controller.run('terminate', dto('i-1'));
    expect(instances.terminate).toHaveBeenCalledWith({ ids: ['i-1'], region: 'us-east-1' });
    expect(handlers.onError).toHaveBeenCalledWith('Could not terminate web/i-1', expect.objectContaining({ message: 'AWS refused: UnauthorizedOperation' }));
  });

  test('Show window and Quit; destroy stops everything', async () => {
    const { icon, clock, events, handlers, tray, item } = setup();
    await clock.advance(0);
    item(/Show window/)!.click!();
    item(/Quit/)!.click!();
    expect(handlers.showWindow).toHaveBeenCalled();
    expect(handlers.quit).toHaveBeenCalled();
    tray.destroy();
    expect(icon.destroyed).toBe(true);
    expect(events.count()).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});

