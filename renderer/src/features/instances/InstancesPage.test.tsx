import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { InstanceDto } from '@contract/instances/dto';
import type { LaunchInput } from '@contract/instances/launch-dto';
import { fail, ok } from '@contract/errors';
import { createFakeClient, deferred } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { dataRows, grid, openInstances } from './page.test-helpers';
import { BOB, fleetOf, instance, items, launchResult, ME, preflightResult, resolution } from './fixtures';
import { tickerSubscribers } from './ticker';

/** The fake client with instances.* answering from `fleet` (each a vi.fn to inspect or override). */
function withInstances(fleet: InstanceDto[], me: string | null = ME) {
  const fake = createFakeClient();
  const state = { fleet };
  const find = (id: string) => state.fleet.find((i) => i.id === id)!;
  const api = {
    list: vi.fn(async () => ok(fleetOf(state.fleet, me))),
    preflight: vi.fn(async (input: LaunchInput) => ok(preflightResult(items(['pass', 'pass', 'pass', 'pass']), input.launchId))),
    launch: vi.fn(async (_input: LaunchInput) => ok(launchResult([], 1, []))),
    resolveLaunch: vi.fn(async (input: { project: string }) => ok(resolution(input.project))),
    extend: vi.fn(async ({ id, duration }: { id: string; duration: string }) => {
      const hours = Number.parseInt(duration, 10);
      const current = find(id);
      return ok({ ...current, expiresAt: new Date(Date.parse(current.expiresAt!) + hours * 3600_000).toISOString() });
    }),
    pin: vi.fn(async ({ id }: { id: string }) => ok({ ...find(id), pinned: true, expiresAt: null })),
    terminate: vi.fn(async ({ ids }: { ids: string[] }) =>
      ok({ terminated: ids.map((id) => ({ id, region: 'us-east-1', previousState: 'running' as const })), refused: [], securityGroups: [] }),
    ),
    openUrl: vi.fn(async () => ok({ url: 'http://x' })),
    sshCommand: vi.fn(async () => ok({ command: 'ssh' as const, args: [], text: "ssh -i '/k.pem' ubuntu@1.2.3.4", user: 'ubuntu', host: '1.2.3.4', keyFile: '/k.pem' })),
    consoleOutput: vi.fn(async ({ id }: { id: string }) => ok({ id, region: 'us-east-1', output: 'cloud-init: done\n', timestamp: null })),
  };
  Object.assign(fake.api.instances, api);
  return { fake, api };
}

const filters = () => within(screen.getByRole('search', { name: 'Filter instances' }));

describe('Instances page', () => {
  it('does not claim an empty fleet when a region could not be listed', async () => {
    const { fake, api } = withInstances([]);
    api.list.mockResolvedValue(
      ok({ ...fleetOf([], ME), regions: [{ region: 'us-east-1', ok: false, count: 0, error: 'Could not reach AWS to list instances in us-east-1' }] }),
    );
    await openInstances(fake);
    expect(await screen.findByRole('heading', { name: 'No instances listed' })).toBeInTheDocument();
    expect(screen.getByText(/No region could be listed, so instances may be running there/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'No instances running' })).not.toBeInTheDocument();
    // Nor a free fleet: the totals are unknown.
    expect(screen.getByLabelText('Fleet totals')).toHaveTextContent('Per hour—So far—To expiry—');
  });

  it('lists the fleet with its columns, totals and price date, and filters it', async () => {
    const fleet = [
      instance({ project: 'butter', branch: 'main' }),
      instance({ project: 'jam', branch: 'feature/login', owner: BOB, tags: { env: 'prod', site: 'us' }, state: 'pending', readiness: 'pending', readyUrl: null }),
      instance({ project: 'butter', branch: 'fix/typo', region: 'eu-west-1', tags: { env: 'prod', site: 'eu' } }),
    ];
    const { fake } = withInstances(fleet);
    const { user } = await openInstances(fake);
    const g = await grid();
    expect(g).toHaveAttribute('aria-rowcount', '4');
    expect(dataRows(g)).toHaveLength(3);
    const first = within(dataRows(g)[0]!);
    expect(first.getByText('butter')).toBeInTheDocument();
    expect(first.getByText('ada')).toBeInTheDocument();
    expect(first.getByText('Ready')).toBeInTheDocument();
    expect(first.getByText('http://ec2-1-2-3-4.compute-1.amazonaws.com:3000/health')).toBeInTheDocument();
    expect(first.getByText('2h 59m')).toBeInTheDocument();
    expect(first.getByText('30m ago')).toBeInTheDocument();
    // The project cell is clipped in a narrow grid; its title has the project and the instance id.
    expect(first.getAllByRole('gridcell')[1]).toHaveAttribute('title', expect.stringMatching(/^butter \(i-\w+\)$/));
    expect(within(dataRows(g)[1]!).getByText('Pending')).toBeInTheDocument();
    expect(dataRows(g).map((r) => r.getAttribute('aria-rowindex'))).toEqual(['2', '3', '4']);
    expect(screen.getByLabelText('Fleet totals')).toHaveTextContent('Per hour$0.06');
    expect(screen.getByLabelText('Fleet totals')).toHaveTextContent('On-demand prices of 2026-01-15');

    await user.selectOptions(filters().getByRole('combobox', { name: 'Project' }), 'butter');
    expect(dataRows(await grid())).toHaveLength(2);
    await user.selectOptions(filters().getByRole('combobox', { name: 'Env' }), 'prod');
    expect(dataRows(await grid())).toHaveLength(1);
    expect(screen.getByText('1 of 3 shown')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.selectOptions(filters().getByRole('combobox', { name: 'Owner' }), 'mine');
    expect(dataRows(await grid())).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await user.type(screen.getByLabelText('Search'), 'login');
    const rows = dataRows(await grid());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('feature/login');
    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'nothing-like-this');
    expect(screen.getByText('No instance matches these filters.')).toBeInTheDocument();
  });

  it("shows each instance's revision in a column (only when one has any), its details and the search", async () => {
    const fleet = [instance({ branch: 'main', revision: 'site.2026010300001Cc' }), instance({ branch: 'other' })];
    const { fake } = withInstances(fleet);
    const { user } = await openInstances(fake);
    const g = await grid();
    expect(within(g).getByRole('columnheader', { name: 'Revision' })).toBeInTheDocument();
    const cells = dataRows(g).map((r) => r.querySelector('[data-col="revision"]')?.textContent);
    expect(cells).toEqual(['site.2026010300001Cc', '—']);
    await user.type(screen.getByLabelText('Search'), '2026010300001cc');
    expect(dataRows(await grid())).toHaveLength(1);
    await user.click(dataRows(await grid())[0]!);
    const detail = screen.getByRole('region', { name: /butter \/ main/ });
    expect(within(detail).getByText('Revision').nextElementSibling).toHaveTextContent('site.2026010300001Cc');

    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'other');
    // The rows shown have no revision: the column makes way for the others.
    expect(within(await grid()).queryByRole('columnheader', { name: 'Revision' })).not.toBeInTheDocument();
  });

  it('virtualizes thousands of rows and keeps them on one shared ticker', async () => {
    const fleet = Array.from({ length: 5000 }, (_, i) => instance({ branch: `feature/${i}` }));
    const { fake } = withInstances(fleet);
    await openInstances(fake);
    const g = await grid();
    expect(g).toHaveAttribute('aria-rowcount', '5001');
    const rendered = dataRows(g).length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    // Every live cell listens to the same ticker: one interval, many subscribers.
    expect(tickerSubscribers()).toBeGreaterThanOrEqual(rendered);
  });

  it('keeps the focus on its instance when rows before it go, and the grid through a filter that matches nothing', async () => {
    const fleet = ['a', 'b', 'c'].map((n) => instance({ id: `i-0${n.repeat(16)}`, branch: `feature/${n}` }));
    const { fake } = withInstances(fleet);
    const { user } = await openInstances(fake);
    const g = await grid();
    act(() => dataRows(g)[2]!.focus());
    act(() => fake.emit('instances.changed', { upserted: [], removed: [{ id: fleet[0]!.id, region: fleet[0]!.region }] }));
    expect(dataRows(g).map((r) => r.getAttribute('data-id'))).toEqual([fleet[1]!.id, fleet[2]!.id]);
    expect(document.activeElement).toHaveAttribute('data-id', fleet[2]!.id);
    // No match hides the grid (a note says so); a match shows the same grid again, not a new one.
    await user.type(screen.getByLabelText('Search'), 'nothing-like-this');
    expect(screen.getByText('No instance matches these filters.')).toBeInTheDocument();
    expect(screen.queryByRole('grid', { name: 'Instances' })).not.toBeInTheDocument();
    await user.clear(screen.getByLabelText('Search'));
    expect(await grid()).toBe(g);
    expect(dataRows(g)).toHaveLength(2);
  });

  it('counts down once a second', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const { fake } = withInstances([instance({ expiresAt: new Date(Date.now() + 65_000).toISOString() })]);
      renderApp(fake);
      fireEvent.click(screen.getByRole('button', { name: 'Instances' }));
      const g = await grid();
      expect(within(g).getByText(/^1m 0[45]s$/)).toBeInTheDocument();
      await act(async () => vi.advanceTimersByTime(3000));
      expect(within(g).getByText(/^1m 0[12]s$/)).toBeInTheDocument();
      await act(async () => vi.advanceTimersByTime(70_000));
      expect(within(g).getByText('Expired')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows the preflight checklist turning pass/warn/fail live from events', async () => {
    const { fake, api } = withInstances([]);
    const answer = deferred<Awaited<ReturnType<typeof api.preflight>>>();
    api.preflight.mockReturnValueOnce(answer.promise);
    const { user } = await openInstances(fake);
    expect(await screen.findByRole('heading', { name: 'No instances running' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('GitHub user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'feature/x');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalled());
    const input = api.preflight.mock.calls[0]![0];
    // No TTL typed: the core applies the template's, else Settings'.
    expect(input).toEqual({ project: 'butter', gitUser: 'ada', branch: 'feature/x', count: 1, launchId: expect.any(String) });

    act(() => fake.emit('instances.preflight', { launchId: input.launchId!, item: items(['running'])[0]!, items: items(['running']) }));
    const list = screen.getByRole('list', { name: 'Pre-flight checks' });
    expect(within(list).getByText('Checking')).toBeInTheDocument();
    act(() => fake.emit('instances.preflight', { launchId: input.launchId!, item: items(['pass'])[0]!, items: items(['pass', 'warn', 'fail']) }));
    expect(within(list).getAllByRole('listitem').map((li) => li.getAttribute('aria-label'))).toEqual([
      'Template: Passed',
      'AWS credentials: Warning',
      'Branch: Failed',
    ]);
    // Someone else's launch does not leak in.
    act(() => fake.emit('instances.preflight', { launchId: 'other', item: items(['pass'])[0]!, items: items(['pass']) }));
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);

    await act(async () => answer.resolve(ok(preflightResult(items(['pass', 'warn', 'fail', 'skip']), input.launchId))));
    expect(screen.getByText('1 check failed')).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(4);
  });

  it('launch shows which instances started and which failed and why', async () => {
    const started = [instance({ id: 'i-0aaa', state: 'pending', readiness: 'pending' }), instance({ id: 'i-0bbb', state: 'pending', readiness: 'pending' })];
    const { fake, api } = withInstances([]);
    api.launch.mockResolvedValueOnce(ok(launchResult(started, 3, [{ count: 1, code: 'InsufficientInstanceCapacity', message: 'No t3.small capacity in us-east-1a.' }])));
    const { user } = await openInstances(fake);
    await screen.findByRole('heading', { name: 'No instances running' });
    await user.type(screen.getByLabelText('GitHub user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'feature/x');
    await user.clear(screen.getByLabelText('Count'));
    await user.type(screen.getByLabelText('Count'), '3');
    await user.type(screen.getByLabelText('Root volume GiB (optional)'), '20');
    await user.type(screen.getByLabelText('Env vars (KEY=VALUE lines)'), 'DEBUG=1{enter}API_URL=https://x?a=b');
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(api.launch).toHaveBeenCalled());
    expect(api.launch.mock.calls[0]![0]).toMatchObject({ count: 3, rootVolumeSize: 20, env: { DEBUG: '1', API_URL: 'https://x?a=b' } });
    const result = await screen.findByRole('status', { name: 'Launch result' });
    expect(result).toHaveTextContent('Started 2 of 3');
    expect(result).toHaveTextContent('i-0aaa');
    expect(result).toHaveTextContent('1 did not start: InsufficientInstanceCapacity — No t3.small capacity in us-east-1a.');
    expect(dataRows(await grid())).toHaveLength(2);
    expect(within(result).getAllByRole('listitem')[0]).toHaveTextContent('i-0aaa · pending');
    // The started list follows the fleet, not the launch's first answer.
    act(() => fake.emit('instances.changed', { upserted: [{ ...started[0]!, state: 'running' }], removed: [] }));
    expect(within(result).getAllByRole('listitem')[0]).toHaveTextContent('i-0aaa · running');
  });

  it("lists every problem of the form at once, named by the form's labels, before any check", async () => {
    const { fake, api } = withInstances([]);
    const resolveLaunch = vi.fn(async (input: { project: string }) =>
      ok({
        ...resolution(input.project),
        problems: [
          { field: 'gitUser' as const, message: 'is empty; enter a GitHub user name' },
          { field: 'ttl' as const, message: "must be at least 1 minute, not '0m'" },
          { field: 'region' as const, message: "'Mars' is not an AWS region name (like us-east-1 or eu-west-1)" },
        ],
      }),
    );
    Object.assign(fake.api.instances, { resolveLaunch });
    const { user } = await openInstances(fake);
    await screen.findByRole('heading', { name: 'No instances running' });
    await user.type(screen.getByLabelText('Env vars (KEY=VALUE lines)'), 'lower=1');
    await user.type(screen.getByLabelText('Root volume GiB (optional)'), '8GB');
    await user.clear(screen.getByLabelText('Time to live'));
    await user.type(screen.getByLabelText('Time to live'), '0m');
    await user.type(screen.getByLabelText('Region'), 'Mars');
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Root volume GiB: must be a whole number of GiB from 1 to 16384, or empty for the project\'s or image\'s size',
      "Env vars: Line 1: write KEY=VALUE with KEY in capitals, digits and _ (got 'lower=1').",
      'GitHub user: is empty; enter a GitHub user name',
      "Time to live: must be at least 1 minute, not '0m'",
      "Region: 'Mars' is not an AWS region name (like us-east-1 or eu-west-1)",
    ]);
    expect(alert).not.toHaveTextContent(/instances\.|field '|ttl\b|rootVolumeSize/);
    // What the form could read went to the core in the same round.
    expect(resolveLaunch).toHaveBeenLastCalledWith(expect.objectContaining({ ttl: '0m', region: 'Mars' }));
    expect(screen.getByLabelText('Time to live')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Time to live')).toHaveAccessibleDescription(/must be at least 1 minute/);
    expect(alert).toHaveFocus();
    await user.click(within(alert).getByRole('link', { name: 'Region' }));
    expect(screen.getByLabelText('Region')).toHaveFocus();
    // Editing a field keeps the focus there and drops that field's problem only.
    await user.type(screen.getByLabelText('Region'), 'x');
    expect(screen.getByLabelText('Region')).toHaveFocus();
    expect(within(alert).getAllByRole('listitem')).toHaveLength(4);
    expect(api.launch).not.toHaveBeenCalled();
    expect(api.preflight).not.toHaveBeenCalled();
  });

  it('extends from the details panel and terminates after confirming', async () => {
    const target = instance({ id: 'i-0ccc', branch: 'feature/extend' });
    const { fake, api } = withInstances([target]);
    const { user } = await openInstances(fake);
    const g = await grid();
    await user.click(dataRows(g)[0]!);
    const detail = screen.getByRole('region', { name: /butter \/ feature\/extend/ });
    expect(within(g).getByText('2h 59m')).toBeInTheDocument();
    await user.click(within(detail).getByRole('button', { name: 'Extend by 4h' }));
    expect(api.extend).toHaveBeenCalledWith({ id: 'i-0ccc', region: 'us-east-1', duration: '4h' });
    expect(await within(g).findByText('6h 59m')).toBeInTheDocument();

    await user.click(within(detail).getByRole('button', { name: 'Terminate' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Terminate i-0ccc?' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.terminate).not.toHaveBeenCalled();

    await user.click(within(detail).getByRole('button', { name: 'Terminate' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Terminate' }));
    expect(api.terminate).toHaveBeenCalledWith({ ids: ['i-0ccc'], region: 'us-east-1' });
    await waitFor(() => expect(screen.queryByRole('grid', { name: 'Instances' })).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { name: 'No instances running' })).toBeInTheDocument();
  });

  it('pins only after confirming, and shows console output in a pre', async () => {
    const target = instance({ id: 'i-0ddd' });
    const { fake, api } = withInstances([target]);
    const { user } = await openInstances(fake);
    const g = await grid();
    dataRows(g)[0]!.focus();
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('button', { name: 'Pin' }));
    await user.click(within(screen.getByRole('alertdialog', { name: 'Pin i-0ddd?' })).getByRole('button', { name: 'Pin' }));
    expect(api.pin).toHaveBeenCalledWith({ id: 'i-0ddd', region: 'us-east-1', confirm: true });
    expect(await within(g).findByText('Pinned')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Console output' }));
    expect(await screen.findByLabelText('Console output')).toHaveTextContent('cloud-init: done');
    await user.click(screen.getByRole('button', { name: 'Copy SSH command' }));
    expect(await screen.findByLabelText('SSH command')).toHaveValue("ssh -i '/k.pem' ubuntu@1.2.3.4");
  });

  it('follows instances.changed, .ready, .failed and .terminated events', async () => {
    const a = instance({ id: 'i-0eee', state: 'pending', readiness: 'pending', readyUrl: null });
    const { fake, api } = withInstances([a]);
    const { user } = await openInstances(fake);
    const g = await grid();
    expect(within(g).getByText('Pending')).toBeInTheDocument();
    act(() => fake.emit('instances.changed', { upserted: [{ ...a, state: 'running', readiness: 'addressed' }, instance({ id: 'i-0fff', launchId: 'fl-000000000002' })], removed: [] }));
    expect(within(g).getByTitle('Running · starting app')).toHaveTextContent('Running · starting app');
    expect(dataRows(g)).toHaveLength(2);

    const ready = { ...a, state: 'running' as const, readiness: 'ready' as const, readyUrl: 'http://1.2.3.4:3000/health' };
    act(() => fake.emit('instances.ready', { instance: ready, url: ready.readyUrl }));
    const banner = screen.getByRole('status', { name: 'butter/main ready' });
    expect(banner).toHaveTextContent('butter/main is ready');
    await user.click(within(banner).getByRole('button', { name: 'Open' }));
    expect(api.openUrl).toHaveBeenCalledWith({ id: 'i-0eee', region: 'us-east-1' });

    act(() =>
      fake.emit('instances.failed', {
        instance: instance({ id: 'i-0fff', readiness: 'timed-out', launchId: 'fl-000000000002' }),
        diagnosis: { id: 'i-0fff', region: 'us-east-1', summary: 'The ready-url never answered: check the app logs.', stages: [{ stage: 'ready-url', status: 'fail', message: 'connection refused' }], consoleTail: 'npm ERR!' },
      }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('The ready-url never answered: check the app logs.');

    act(() => fake.emit('instances.terminated', { instances: [{ id: 'i-0fff', region: 'us-east-1' }], reason: 'expired' }));
    expect(dataRows(g)).toHaveLength(1);
    act(() => fake.emit('instances.changed', { upserted: [], removed: [{ id: 'i-0eee', region: 'us-east-1' }] }));
    expect(await screen.findByRole('heading', { name: 'No instances running' })).toBeInTheDocument();
  });

  it('explains how to get credentials when AWS is unavailable, with a loading state first', async () => {
    const { fake, api } = withInstances([]);
    const answer = deferred<Awaited<ReturnType<typeof api.list>>>();
    api.list.mockReturnValueOnce(answer.promise);
    await openInstances(fake);
    expect(await screen.findByRole('status')).toHaveTextContent('Loading instances…');
    await act(async () => answer.resolve(fail('unavailable', 'No AWS credentials were found.')));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not list the instances. No AWS credentials were found.');
    expect(alert).toHaveTextContent('Settings → AWS accounts');
    expect(alert).toHaveTextContent('AWS_PROFILE');
  });
});
