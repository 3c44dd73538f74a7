import { screen, waitFor, within } from '@testing-library/react';
import { ok } from '@contract/errors';
import { dataRows, grid, openInstances, withInstances } from './page.test-helpers';
import { instance, launchResult, resolution } from './fixtures.test-helpers';

// The app renders whole in each test; on a loaded 2-core machine that takes a few seconds.
describe('Instances page: Spot', { timeout: 20_000 }, () => {
  test("the Market select: the project's market by default (named in the option), a native select (keyboard and screen readers) described by its help, sent once picked", async () => {
    const { fake, api } = withInstances([]);
    api.resolveLaunch.mockImplementation(async (input: { project: string }) => ok(resolution(input.project, { market: { value: 'spot-or-on-demand', source: 'template' } })));
    const { user } = await openInstances(fake);
    await screen.findByRole('heading', { name: 'No instances running' });
    const market = screen.getByRole('combobox', { name: 'Market' });
    await waitFor(() => expect(within(market).getByRole('option', { name: "Project's (Spot, else on-demand)" })).toBeInTheDocument());
    expect(market).toHaveValue('');
    expect(market).toHaveAccessibleDescription(/EC2 may reclaim it with two minutes' notice/);
    await user.type(screen.getByLabelText('GitHub user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'feature/x');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(1));
    expect(api.preflight.mock.calls[0]![0]).not.toHaveProperty('market');

    await user.selectOptions(market, 'spot');
    expect(market).toHaveValue('spot');
    await user.click(screen.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(2));
    expect(api.preflight.mock.calls[1]![0]).toMatchObject({ market: 'spot' });
  });

  test('the launch result says which instances are Spot and which fell back to on-demand, and why', async () => {
    const started = [instance({ id: 'i-0aaa', market: 'spot' }), instance({ id: 'i-0bbb' })];
    const { fake, api } = withInstances([]);
    const result = launchResult(started, 2, []);
    result.plan = { ...result.plan, market: 'spot-or-on-demand' };
    result.markets = [
      { id: 'i-0aaa', market: 'spot', fallback: null },
      { id: 'i-0bbb', market: 'on-demand', fallback: { code: 'InsufficientInstanceCapacity', message: 'There is no Spot capacity available that matches your request.' } },
    ];
    api.launch.mockResolvedValueOnce(ok(result));
    const { user } = await openInstances(fake);
    await screen.findByRole('heading', { name: 'No instances running' });
    await user.type(screen.getByLabelText('GitHub user'), 'ada');
    await user.type(screen.getByLabelText('Branch'), 'feature/x');
    await user.click(screen.getByRole('button', { name: 'Launch' }));
    const shown = await screen.findByRole('status', { name: 'Launch result' });
    expect(shown).toHaveTextContent('1 of 2 on Spot, 1 on-demand instead.');
    const fellBack = within(shown).getByRole('list', { name: 'Started on-demand instead of Spot' });
    expect(fellBack).toHaveTextContent('i-0bbb: Spot refused (InsufficientInstanceCapacity) — There is no Spot capacity available that matches your request.');
  });

  test('an interrupted instance has a warning badge in the fleet and in its detail; the others none', async () => {
    const interrupted = instance({ id: 'i-0aaa', market: 'spot', interruption: '2025-06-01T12:02:00.000Z' });
    const { fake } = withInstances([interrupted, instance({ id: 'i-0bbb', branch: 'other' })]);
    const { user } = await openInstances(fake);
    const rows = dataRows(await grid());
    const at = new Date('2025-06-01T12:02:00.000Z').toLocaleTimeString();
    const row = rows.find((r) => r.getAttribute('data-id') === 'i-0aaa')!;
    expect(row).toHaveTextContent(`Spot interruption at ${at}`);
    expect(rows.find((r) => r.getAttribute('data-id') === 'i-0bbb')).not.toHaveTextContent('Spot interruption');
    await user.click(row);
    const detail = await screen.findByRole('region', { name: /butter \/ main/ });
    expect(within(detail).getByText(`Spot interruption at ${at}`)).toBeInTheDocument();
    expect(within(detail).getByText('t3.small (Spot)')).toBeInTheDocument();
  });
});
