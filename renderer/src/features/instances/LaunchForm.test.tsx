import { act, screen, waitFor, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { LaunchInput, PreflightResult } from '@contract/instances/launch-dto';
import { fail, ok, type Result } from '@contract/errors';
import { createFakeClient, deferred } from '../../test/fake-client';
import { renderApp } from '../../test/render';
import { fleetOf, items, ME, preflightResult, resolution } from './fixtures.test-helpers';

/** The fake client with the launch form's instances.* methods; butter's template says 8h in eu-west-1. */
function withLaunch() {
  const fake = createFakeClient();
  const api = {
    list: vi.fn(async () => ok(fleetOf([], ME))),
    resolveLaunch: vi.fn(async (input: Partial<LaunchInput> & { project: string }) =>
      ok(
        input.project === 'butter'
          ? resolution('butter', { ttl: { value: '8h', source: 'template' }, region: { value: 'eu-west-1', source: 'template' } })
          : resolution(input.project, { region: { value: 'us-west-2', source: 'launch-defaults' } }),
      ),
    ),
    preflight: vi.fn(async (input: LaunchInput): Promise<Result<PreflightResult>> => ok(preflightResult(items(['pass', 'pass', 'pass', 'pass']), input.launchId))),
  };
  Object.assign(fake.api.instances, api);
  return { fake, api };
}

async function openLaunchForm() {
  const { fake, api } = withLaunch();
  const view = renderApp(fake);
  await view.user.click(screen.getByRole('button', { name: 'Instances' }));
  const form = within(await screen.findByRole('region', { name: 'Launch instances' }));
  return { ...view, fake, api, form };
}

// The app renders whole in each test; on a loaded 2-core machine that takes a few seconds.
describe('Launch form', { timeout: 20_000 }, () => {
  test("pre-fills the template's TTL and says where the TTL and the region come from", async () => {
    const { user, form } = await openLaunchForm();
    const ttl = form.getByLabelText('Time to live');
    await waitFor(() => expect(ttl).toHaveValue('8h'));
    expect(ttl).toHaveAccessibleDescription("From the project's template.");
    expect(form.getByLabelText('Region')).toHaveAccessibleDescription("Will use eu-west-1, from the project's template.");
    expect(form.getByLabelText('Image (optional)')).toHaveAccessibleDescription("Will use ami-0123456789abcdef0, from the project's template.");

    await user.selectOptions(form.getByLabelText('Project'), 'jam');
    await waitFor(() => expect(ttl).toHaveValue('24h'));
    expect(ttl).toHaveAccessibleDescription("Settings' default lifetime.");
    expect(form.getByLabelText('Region')).toHaveAccessibleDescription("Will use us-west-2, from the project's launch defaults (Settings → Launch defaults).");
  });

  test('sends an image override and a typed TTL; the TTL left alone is not sent', async () => {
    const { user, form, api } = await openLaunchForm();
    await user.type(form.getByLabelText('GitHub user'), 'ada');
    await user.type(form.getByLabelText('Branch'), 'main');
    await user.type(form.getByLabelText('Image (optional)'), 'role:web');
    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(1));
    expect(api.preflight.mock.calls[0]![0]).toMatchObject({ image: 'role:web' });
    expect(api.preflight.mock.calls[0]![0]).not.toHaveProperty('ttl');

    await user.clear(form.getByLabelText('Time to live'));
    await user.type(form.getByLabelText('Time to live'), '2h');
    expect(form.getByLabelText('Time to live')).toHaveAccessibleDescription("Default 8h, from the project's template.");
    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalledTimes(2));
    expect(api.preflight.mock.calls[1]![0]).toMatchObject({ ttl: '2h' });
  });

  test('never says "All checks passed" when the checks could not finish', async () => {
    const { user, form, api, fake } = await openLaunchForm();
    const answer = deferred<Result<PreflightResult>>();
    api.preflight.mockReturnValueOnce(answer.promise);
    await user.type(form.getByLabelText('GitHub user'), 'ada');
    await user.type(form.getByLabelText('Branch'), 'main');
    await user.click(form.getByRole('button', { name: 'Check' }));
    await waitFor(() => expect(api.preflight).toHaveBeenCalled());
    const launchId = api.preflight.mock.calls[0]![0].launchId!;
    act(() => fake.emit('instances.preflight', { launchId, item: items(['pass'])[0]!, items: items(['pass', 'pending']) }));
    await act(async () => answer.resolve(fail('unavailable', 'Could not reach AWS.')));
    expect(screen.getByText('Could not check.')).toBeInTheDocument();
    expect(screen.queryByText(/All checks passed/)).not.toBeInTheDocument();
    expect(screen.getByText('Could not finish the checks')).toBeInTheDocument();
  });

  test('keeps what was typed across a page switch, and drops a check once an input changes', async () => {
    const { user, form } = await openLaunchForm();
    await user.type(form.getByLabelText('GitHub user'), 'ada');
    await user.type(form.getByLabelText('Branch'), 'feature/keep');
    await user.clear(form.getByLabelText('Time to live'));
    await user.type(form.getByLabelText('Time to live'), '3h');
    await user.click(form.getByRole('button', { name: 'Check' }));
    expect(await screen.findByText('All checks passed')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Projects' }));
    await user.click(screen.getByRole('button', { name: 'Instances' }));
    const again = within(await screen.findByRole('region', { name: 'Launch instances' }));
    expect(again.getByLabelText('GitHub user')).toHaveValue('ada');
    expect(again.getByLabelText('Branch')).toHaveValue('feature/keep');
    expect(again.getByLabelText('Time to live')).toHaveValue('3h');
    expect(screen.getByText('All checks passed')).toBeInTheDocument();

    await user.type(again.getByLabelText('Branch'), '2');
    expect(again.getByLabelText('Branch')).toHaveValue('feature/keep2');
    expect(screen.queryByText('All checks passed')).not.toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Pre-flight checks' })).not.toBeInTheDocument();
  });
});
