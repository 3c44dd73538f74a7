import { act, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import { ok } from '@contract/errors';
import { deferred } from '../../test/fake-client';
import { dataRows, grid, openInstances, withInstances } from './page.test-helpers';
import { instance, items, launchResult, preflightResult, resolution } from './fixtures.test-helpers';

describe('Instances page: the launch form', () => {
  test('shows the preflight checklist turning pass/warn/fail live from events', async () => {
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
    // The plan's price says where it comes from (the budget check used the same figure).
    expect(screen.getByTitle('Price: AWS price list, 15 Jan 2026')).toHaveTextContent('About $0.02/h each, $0.08 for the TTL (price: AWS price list, 15 Jan 2026)');
  });

  test('launch shows which instances started and which failed and why', async () => {
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

  test("lists every problem of the form at once, named by the form's labels, before any check", async () => {
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
});
