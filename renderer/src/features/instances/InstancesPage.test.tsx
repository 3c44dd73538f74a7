import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import { fail, ok } from '@contract/errors';
import { deferred } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { dataRows, grid, openInstances, withInstances } from './page.test-helpers';
import { BOB, fleetOf, instance, ME } from './fixtures.test-helpers';
import { tickerSubscribers } from './ticker';

const filters = () => within(screen.getByRole('search', { name: 'Filter instances' }));

describe('Instances page', () => {
  test('does not claim an empty fleet when a region could not be listed', async () => {
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

  test('lists the fleet with its columns, totals and price date, and filters it', async () => {
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
    expect(screen.getByLabelText('Fleet totals')).toHaveTextContent('Prices: AWS price list, 15 Jan 2026');
    // Each cost says where its price comes from: a tooltip, and read after the amount.
    expect(first.getByTitle('Price: AWS price list, 15 Jan 2026')).toHaveTextContent(/^\$\d+\.\d\d \(price: AWS price list, 15 Jan 2026\)$/);

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

  test("shows each instance's revision in a column (only when one has any), its details and the search", async () => {
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
    expect(within(detail).getByText('Price from').nextElementSibling).toHaveTextContent('AWS price list, 15 Jan 2026');

    await user.clear(screen.getByLabelText('Search'));
    await user.type(screen.getByLabelText('Search'), 'other');
    // The rows shown have no revision: the column makes way for the others.
    expect(within(await grid()).queryByRole('columnheader', { name: 'Revision' })).not.toBeInTheDocument();
  });

  test('virtualizes thousands of rows and keeps them on one shared ticker', async () => {
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

  test('keeps the focus on its instance when rows before it go, and the grid through a filter that matches nothing', async () => {
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

  test('counts down once a second', async () => {
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

  test('extends from the details panel and terminates after confirming', async () => {
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

  test('pins only after confirming, and shows console output in a pre', async () => {
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

  test('follows instances.changed, .ready, .failed and .terminated events', async () => {
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

  test('explains how to get credentials when AWS is unavailable, with a loading state first', async () => {
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
